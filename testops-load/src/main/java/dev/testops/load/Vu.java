package dev.testops.load;

import dev.testops.core.dataset.SyntheticUser;
import dev.testops.core.dataset.Turn;
import dev.testops.engine.EngineResponse;
import dev.testops.enginehttp.ResponseReader;
import dev.testops.enginehttp.WireCodec;
import dev.testops.enginehttp.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;

/**
 * One virtual user: a SIM user holding one keep-alive connection, one request at a time. Every
 * method runs on the VU's event loop, so the state needs no locks. The connection is (re)opened
 * lazily, when an iteration finds none.
 */
@Sharable
final class Vu extends ChannelInboundHandlerAdapter {
  /** The largest response body kept (as the aggregator's limit was); larger ones close. */
  static final int MAX_RESPONSE_BYTES = 1 << 20;

  /** The status recorded for an answer that is not HTTP/1.1, as Netty's decoder reported it. */
  static final int MALFORMED_STATUS = 999;

  private final LoadRun run;
  final EventLoop loop;
  private final LoopStats measuredStats;
  private final LoopStats warmupStats;
  // Where the current iteration is recorded: the warm-up's stats or the measured window's.
  private LoopStats stats;
  private final TimeoutSweep timeouts;
  private final SyntheticUser user;
  private final List<String> claims = new ArrayList<>();
  private int turnIndex;
  private Channel channel;
  private ChannelFuture connecting;
  private boolean inFlight;
  private long intendedNanos;
  private long sentNanos;
  // When the current iteration began waiting for a new connection, or 0 when it did not.
  private long connectWaitFrom;
  private long iteration;
  // Sent and not yet answered: the timeout sweep and a closing connection only act then.
  private boolean awaiting;
  private final ResponseReader reader = new ResponseReader();
  // The start of a response line that arrived without its end, or null.
  private ByteBuf partial;
  boolean retiring;

  Vu(
      LoadRun run,
      EventLoop loop,
      LoopStats measuredStats,
      LoopStats warmupStats,
      TimeoutSweep timeouts,
      SyntheticUser user) {
    this.run = run;
    this.loop = loop;
    this.measuredStats = measuredStats;
    this.warmupStats = warmupStats;
    this.stats = measuredStats;
    this.timeouts = timeouts;
    this.user = user;
  }

  /** Opens the connection ahead of the first iteration (pre-allocation); failures are retried. */
  ChannelFuture connect() {
    // Whatever the last connection left half read belongs to no answer on the new one.
    releasePartial();
    connecting = run.connect(loop, this);
    channel = connecting.channel();
    return connecting;
  }

  /** Starts one iteration intended at the time (ns); on the loop. */
  void start(long intended) {
    inFlight = true;
    intendedNanos = intended;
    stats = run.inWarmup(intended) ? warmupStats : measuredStats;
    long id = ++iteration;
    run.iterationStarted();
    connectWaitFrom = 0;
    if (channel != null && channel.isActive()) {
      send(id);
      return;
    }
    connectWaitFrom = run.nanoTime();
    if (channel == null || !channel.isOpen() || connecting == null || connecting.isDone()) {
      connect();
    }
    connecting.addListener(
        f -> {
          if (id != iteration || !inFlight) {
            return;
          }
          if (f.isSuccess() && channel != null && channel.isActive()) {
            send(id);
          } else {
            Throwable cause = f.cause();
            channel = null;
            complete(
                null,
                cause instanceof ConnectException && isRefused(cause)
                    ? ErrorKind.CONNECT_REFUSED
                    : ErrorKind.CONNECT_FAILED);
          }
        });
  }

  private static boolean isRefused(Throwable cause) {
    String message = String.valueOf(cause.getMessage());
    return message.contains("refused");
  }

  private void send(long id) {
    Turn turn = user.turns().get(turnIndex);
    ByteBuf request =
        run.codec.request(
            channel.alloc(), user.id(), turn.number(), turn.prompt(), claims, run.seed());
    sentNanos = run.nanoTime();
    stats.sent(intendedNanos, sentNanos, connectWaitFrom == 0 ? 0 : sentNanos - connectWaitFrom);
    awaiting = true;
    timeouts.sent(this, id);
    channel.writeAndFlush(request, channel.voidPromise());
  }

  /** Whether the iteration is this VU's current one and its request is still unanswered. */
  boolean awaits(long iteration) {
    return awaiting && this.iteration == iteration;
  }

  /** Whether the request in flight has been unanswered for longer than the timeout. */
  boolean overdue(long now, long timeoutNanos) {
    return now - sentNanos > timeoutNanos;
  }

  /** Fails the request in flight as timed out and closes its connection ({@link TimeoutSweep}). */
  void timeOut() {
    Channel stale = channel;
    channel = null;
    complete(null, ErrorKind.TIMEOUT);
    if (stale != null) {
      stale.close();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    ByteBuf in = (ByteBuf) message;
    if (!awaiting || ctx.channel() != channel) {
      // Bytes no request asked for: the connection cannot be trusted to frame the next answer.
      in.release();
      ctx.close();
      return;
    }
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
      malformed(ctx);
      return;
    }
    if (!whole) {
      if (bytes.isReadable()) {
        // Part of a line: kept, and read again with the bytes that follow.
        partial = ctx.alloc().heapBuffer(bytes.readableBytes() * 2).writeBytes(bytes);
      }
      bytes.release();
      return;
    }
    boolean leftover = bytes.isReadable();
    bytes.release();
    answered(reader.status(), reader.takeBody(ctx.alloc()));
    if (leftover) {
      // More than one answer to one request: the stream is out of step, so it is closed.
      ctx.close();
    }
  }

  /** An answer that is not HTTP, as Netty's decoder reported it: status 999, then closed. */
  private void malformed(ChannelHandlerContext ctx) {
    reader.reset();
    answered(MALFORMED_STATUS, Unpooled.EMPTY_BUFFER);
    ctx.close();
  }

  private void answered(int status, ByteBuf body) {
    long done = run.nanoTime();
    stats.answered(intendedNanos, sentNanos, done);
    EngineResponse answer;
    try {
      if (status != 200) {
        complete(null, status == 500 ? ErrorKind.ENGINE_ERROR : ErrorKind.HTTP_STATUS);
        return;
      }
      answer = WireCodec.response(body);
    } catch (WireFormat.MalformedPayload e) {
      complete(null, ErrorKind.ENGINE_ERROR);
      return;
    } finally {
      body.release();
    }
    complete(answer, null);
  }

  private void releasePartial() {
    if (partial != null) {
      partial.release();
      partial = null;
    }
    reader.reset();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (ctx.channel() == channel) {
      channel = null;
      if (inFlight && awaiting && reader.endsAtClose()) {
        // A body without a length ends with the connection (HTTP/1.0 style).
        int status = reader.status();
        ByteBuf body = reader.takeBody(ctx.alloc());
        releasePartial();
        answered(status, body);
        return;
      }
      releasePartial();
      if (inFlight && awaiting) {
        complete(null, ErrorKind.CONNECTION_CLOSED);
      }
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  private void complete(EngineResponse answer, ErrorKind error) {
    awaiting = false;
    inFlight = false;
    boolean check = answer != null && AnswerCheck.holds(answer);
    stats.finished(check, error);
    if (answer != null) {
      claims.addAll(answer.claims());
    }
    turnIndex++;
    if (turnIndex == user.turns().size()) {
      // The conversation wraps: a new session of the same user, so prior claims start over.
      turnIndex = 0;
      claims.clear();
    }
    run.iterationDone(this, error);
  }

  /** The think time before the next iteration: the next turn's SIM think time, or the fixed. */
  long thinkMillis(long fixedMillis) {
    return fixedMillis >= 0 ? fixedMillis : user.turns().get(turnIndex).thinkTimeMillis();
  }

  /** Closes the connection, if any; on the loop. */
  void close() {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }
}
