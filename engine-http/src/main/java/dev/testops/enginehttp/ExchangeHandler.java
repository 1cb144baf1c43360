package dev.testops.enginehttp;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One connection's exchanges: routes each request, runs {@code process} on the process executor,
 * holds the answer for its modelled latency with a timer on the connection's event loop, and writes
 * answers in request order (HTTP/1.1 pipelining). One instance per connection; every field is
 * touched only on that connection's event loop, so nothing here is locked.
 */
final class ExchangeHandler extends SimpleChannelInboundHandler<Object> {
  /** Pipelined requests one connection may have in flight before the server stops reading it. */
  static final int MAX_IN_FLIGHT = 32;

  private final Routes routes;
  private final Executor processExecutor;
  private final LatencyMode latencyMode;
  private final int maxRequestBytes;

  /** Answers that are ready but wait for an earlier request's answer, by sequence number. */
  private final Map<Long, Outgoing> ready = new HashMap<>();

  private long received;
  private long written;
  private boolean closing;

  /** A reply with how to frame it for the request it answers. */
  private record Outgoing(Reply reply, boolean keepAlive, boolean http10) {}

  ExchangeHandler(Routes routes, Executor processExecutor, EngineServerConfig config) {
    this.routes = routes;
    this.processExecutor = processExecutor;
    this.latencyMode = config.latencyMode();
    this.maxRequestBytes = config.maxRequestBytes();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Object message) {
    if (closing) {
      return; // a "Connection: close" answer is on its way; later requests get none
    }
    long sequence = received++;
    if (message instanceof BoundedAggregator.OversizedRequest oversized) {
      Reply tooLarge =
          Reply.error(
              HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
              BoundedAggregator.tooLargeMessage(maxRequestBytes));
      complete(ctx, sequence, new Outgoing(tooLarge, !oversized.close(), false));
    } else if (message instanceof FullHttpRequest request) {
      handle(ctx, sequence, request);
    } else {
      throw new IllegalStateException("unexpected message " + message.getClass().getName());
    }
    if (received - written >= MAX_IN_FLIGHT) {
      // Backpressure for a client that pipelines without reading: stop decoding more requests.
      ctx.channel().config().setAutoRead(false);
    }
  }

  private void handle(ChannelHandlerContext ctx, long sequence, FullHttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    boolean http10 = HttpVersion.HTTP_1_0.equals(request.protocolVersion());
    if (!request.decoderResult().isSuccess()) {
      Reply bad =
          Reply.error(
              HttpResponseStatus.BAD_REQUEST,
              "malformed HTTP request: " + request.decoderResult().cause().getMessage());
      complete(ctx, sequence, new Outgoing(bad, false, http10));
      return;
    }
    String path = new QueryStringDecoder(request.uri()).path();
    if (!Routes.isProcess(request.method(), path)) {
      complete(
          ctx, sequence, new Outgoing(routes.answer(request.method(), path), keepAlive, http10));
      return;
    }
    // Copied out: the request's buffer is released when this method returns.
    byte[] body = ByteBufUtil.getBytes(request.content());
    // Netty's timers run on System.nanoTime, so the modelled latency is measured on it too.
    long arrivalNanos = System.nanoTime();
    EventLoop loop = ctx.channel().eventLoop();
    try {
      processExecutor.execute(
          () -> {
            Reply reply = processSafely(body);
            long delayNanos =
                latencyMode == LatencyMode.MODEL
                    ? TimeUnit.MICROSECONDS.toNanos(reply.latencyMicros())
                        - (System.nanoTime() - arrivalNanos)
                    : 0;
            Runnable answer = () -> complete(ctx, sequence, new Outgoing(reply, keepAlive, http10));
            try {
              if (delayNanos > 0) {
                // A timer on the event loop, not a sleeping thread: 10,000 waiting answers cost
                // 10,000 small queue entries.
                loop.schedule(answer, delayNanos, TimeUnit.NANOSECONDS);
              } else {
                loop.execute(answer);
              }
            } catch (RejectedExecutionException shuttingDown) {
              // The event loop is closing and takes the connection with it; nobody is waiting.
            }
          });
    } catch (RejectedExecutionException shuttingDown) {
      Reply unavailable =
          Reply.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "the engine server is shutting down");
      complete(ctx, sequence, new Outgoing(unavailable, false, http10));
    }
  }

  private Reply processSafely(byte[] body) {
    try {
      return routes.process(body);
    } catch (Throwable e) {
      // Even an Error is answered: otherwise the client would wait for this answer forever.
      return Reply.error(
          HttpResponseStatus.INTERNAL_SERVER_ERROR,
          "engine server failed: " + e.getClass().getName() + ": " + e.getMessage());
    }
  }

  /** Records an answer and writes every answer whose turn has come. On the event loop only. */
  private void complete(ChannelHandlerContext ctx, long sequence, Outgoing outgoing) {
    ready.put(sequence, outgoing);
    boolean wrote = false;
    Outgoing next;
    while (!closing && (next = ready.remove(written)) != null) {
      written++;
      wrote = true;
      ChannelFuture done = ctx.write(toHttp(next));
      if (!next.keepAlive()) {
        closing = true;
        ready.clear();
        done.addListener(ChannelFutureListener.CLOSE);
      }
    }
    if (wrote) {
      ctx.flush();
    }
    if (!closing && received - written < MAX_IN_FLIGHT && !ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  private static FullHttpResponse toHttp(Outgoing outgoing) {
    Reply reply = outgoing.reply();
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, reply.status(), Unpooled.wrappedBuffer(reply.body()));
    var headers = response.headers();
    headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    headers.setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
    if (reply.allow() != null) {
      headers.set(HttpHeaderNames.ALLOW, reply.allow());
    }
    if (!outgoing.keepAlive()) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (outgoing.http10()) {
      // HTTP/1.0 closes by default; say explicitly that this connection stays open.
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    return response;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A reset or a broken pipe is a client going away; anything else leaves the connection in an
    // unknown state. Either way the only safe move is to close it; the server keeps serving.
    if (!(cause instanceof IOException)) {
      ctx.fireExceptionCaught(cause);
    }
    ctx.close();
  }
}
