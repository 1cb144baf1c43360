package dev.testops.enginehttp;

import dev.testops.engine.EngineException;
import dev.testops.engine.EngineResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;

/**
 * One keep-alive connection of a {@link LoopPool}, one exchange at a time: writes the request,
 * reads the answer with {@link ResponseReader} and decodes it with {@link WireCodec}, with no HTTP
 * codec or JSON tree in between, then gives itself back to the pool before completing the exchange
 * (so the caller's next request, sent from the completion, finds it idle). Every method runs on the
 * pool's event loop.
 */
final class PooledConnection extends ChannelInboundHandlerAdapter {
  /** The largest answer body read; a larger one fails its request and closes the connection. */
  static final int MAX_RESPONSE_BYTES = 1 << 20;

  private final LoopPool pool;
  private final ResponseReader reader = new ResponseReader(true);
  Channel channel;
  // Closed and out of the pool (it may still sit in the idle deque, where it is skipped).
  boolean gone;
  private Exchange current;
  private long sequence;
  private long sentNanos;
  // Whether the connection has answered before: a close before any byte of a later answer is then
  // the server dropping an idle keep-alive connection, and the request is sent again elsewhere.
  private boolean served;
  private boolean answering;
  // The start of an answer line that arrived without its end, or null.
  private ByteBuf partial;

  PooledConnection(LoopPool pool) {
    this.pool = pool;
  }

  /** Sends the exchange's request; the connection is then busy until it ends. */
  void send(Exchange exchange, long nowNanos) {
    current = exchange;
    sequence++;
    sentNanos = nowNanos;
    answering = false;
    pool.sent(this, sequence);
    channel.writeAndFlush(exchange.requestForWrite(), channel.voidPromise());
  }

  /** Whether the request sent as {@code sequence} is still unanswered. */
  boolean awaits(long sequence) {
    return current != null && this.sequence == sequence;
  }

  /** Whether the request in flight has waited longer than the timeout. */
  boolean overdue(long nowNanos, long timeoutNanos) {
    return nowNanos - sentNanos > timeoutNanos;
  }

  /** Fails the request in flight as unanswered in time and closes the connection. */
  void timeOut() {
    Exchange exchange = current;
    current = null;
    exchange.fail(pool.failures().noAnswer(Routes.PROCESS, null));
    channel.close();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    ByteBuf in = (ByteBuf) message;
    if (current == null) {
      // Bytes no request asked for: the connection cannot be trusted to frame the next answer.
      in.release();
      ctx.close();
      return;
    }
    answering = true;
    ByteBuf bytes = in;
    if (partial != null) {
      bytes = partial.writeBytes(in);
      in.release();
      partial = null;
    }
    boolean whole;
    try {
      whole = reader.read(bytes, ctx.alloc(), MAX_RESPONSE_BYTES);
    } catch (ResponseReader.Malformed e) {
      bytes.release();
      reader.reset();
      Exchange exchange = current;
      current = null;
      ctx.close();
      exchange.fail(pool.failures().failed(Routes.PROCESS, e.getMessage(), null));
      return;
    }
    if (!whole) {
      if (bytes.isReadable()) {
        partial = ctx.alloc().heapBuffer(bytes.readableBytes() * 2).writeBytes(bytes);
      }
      bytes.release();
      return;
    }
    boolean leftover = bytes.isReadable();
    bytes.release();
    Exchange exchange = current;
    current = null;
    served = true;
    int status = reader.status();
    ByteBuf body = reader.takeBody(ctx.alloc());
    if (leftover) {
      // More than one answer to one request: the stream is out of step, so it is closed.
      ctx.close();
    } else {
      pool.release(this);
    }
    end(exchange, status, body);
  }

  /** Ends the exchange with the answer's outcome; releases the body. */
  private void end(Exchange exchange, int status, ByteBuf body) {
    EngineResponse response;
    try {
      if (status != 200) {
        exchange.fail(pool.failures().status(Routes.PROCESS, status, ByteBufUtil.getBytes(body)));
        return;
      }
      response = WireCodec.response(body);
    } catch (WireFormat.MalformedPayload e) {
      exchange.fail(pool.failures().invalidAnswer(Routes.PROCESS, e));
      return;
    } finally {
      body.release();
    }
    exchange.succeed(response);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    Exchange exchange = current;
    current = null;
    boolean endsAtClose = reader.endsAtClose();
    int status = reader.status();
    ByteBuf body = exchange != null && endsAtClose ? reader.takeBody(ctx.alloc()) : null;
    releasePartial();
    pool.closed(this);
    if (exchange == null) {
      return;
    }
    if (body != null) {
      // A body without a length ends with the connection (HTTP/1.0 style).
      end(exchange, status, body);
    } else if (served && !answering && !exchange.retried) {
      // A stale keep-alive connection; /process is a pure function, so sending it again is safe.
      exchange.retried = true;
      pool.retry(exchange);
    } else {
      exchange.fail(
          pool.failures().failed(Routes.PROCESS, "the connection closed before the answer", null));
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A reset is the server going away; anything else leaves the stream in an unknown state.
    // Either way the connection is closed, and channelInactive settles its request.
    if (!(cause instanceof IOException) && current != null) {
      Exchange exchange = current;
      current = null;
      exchange.fail(pool.failures().failed(Routes.PROCESS, cause, cause));
    }
    ctx.close();
  }

  /** Fails the request in flight, if any, and closes the connection (the client is closing). */
  void abort(EngineException failure) {
    Exchange exchange = current;
    current = null;
    if (exchange != null) {
      exchange.fail(failure);
    }
    channel.close();
  }

  private void releasePartial() {
    if (partial != null) {
      partial.release();
      partial = null;
    }
    reader.reset();
  }
}
