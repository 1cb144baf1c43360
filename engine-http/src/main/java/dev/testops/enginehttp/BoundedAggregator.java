package dev.testops.enginehttp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;

/**
 * Netty's aggregator with the protocol's 413: an oversized request is answered with an {@code
 * {"error": ...}} body like every other error, in its turn among pipelined requests, instead of
 * Netty's empty one.
 */
final class BoundedAggregator extends HttpObjectAggregator {

  /** Passed to {@link ExchangeHandler} in place of a request whose body was too large. */
  record OversizedRequest(boolean close) {}

  BoundedAggregator(int maxRequestBytes) {
    super(maxRequestBytes);
  }

  static String tooLargeMessage(int maxRequestBytes) {
    return "request body exceeds " + maxRequestBytes + " bytes";
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    // Netty's rule: once body bytes arrived (a full message), or the client will send the body
    // anyway without keep-alive, or reads are paused, the connection cannot be reused.
    boolean close =
        oversized instanceof FullHttpMessage
            || !ctx.channel().config().isAutoRead()
            || (!HttpUtil.is100ContinueExpected(oversized) && !HttpUtil.isKeepAlive(oversized));
    // The aggregator now discards the rest of this body; the handler answers in sequence.
    ctx.fireChannelRead(new OversizedRequest(close));
  }

  @Override
  protected Object newContinueResponse(
      HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
    Object response = super.newContinueResponse(start, maxContentLength, pipeline);
    if (response instanceof HttpResponse refusal
        && HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.equals(refusal.status())) {
      // "Expect: 100-continue" with a body over the limit: refuse before it is sent, with a body.
      ReferenceCountUtil.release(response);
      var tooLarge =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
              io.netty.buffer.Unpooled.wrappedBuffer(
                  WireFormat.writeError(tooLargeMessage(maxContentLength))));
      tooLarge.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
      HttpUtil.setContentLength(tooLarge, tooLarge.content().readableBytes());
      return tooLarge;
    }
    return response;
  }
}
