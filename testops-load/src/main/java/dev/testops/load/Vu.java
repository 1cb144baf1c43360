package dev.testops.load;

import dev.testops.core.dataset.SyntheticUser;
import dev.testops.core.dataset.Turn;
import dev.testops.engine.Digests;
import dev.testops.engine.EngineResponse;
import dev.testops.enginehttp.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;

/**
 * One virtual user: a SIM user holding one keep-alive connection, one request at a time. Every
 * method runs on the VU's event loop, so the state needs no locks. The connection is (re)opened
 * lazily, when an iteration finds none.
 */
@Sharable
final class Vu extends SimpleChannelInboundHandler<HttpObject> {
  /** The largest response body kept (as the aggregator's limit was); larger ones close. */
  static final int MAX_RESPONSE_BYTES = 1 << 20;

  private final LoadRun run;
  final EventLoop loop;
  private final LoopStats stats;
  private final SyntheticUser user;
  private final List<String> claims = new ArrayList<>();
  private int turnIndex;
  private Channel channel;
  private ChannelFuture connecting;
  private boolean inFlight;
  private long intendedNanos;
  private long sentNanos;
  private long iteration;
  // Sent and not yet answered: the timeout sweep and a closing connection only act then.
  private boolean awaiting;
  private int status;
  // The 200 body so far; a composite only when it arrives in more than one piece.
  private ByteBuf body;
  boolean retiring;

  Vu(LoadRun run, EventLoop loop, LoopStats stats, SyntheticUser user) {
    super(HttpObject.class);
    this.run = run;
    this.loop = loop;
    this.stats = stats;
    this.user = user;
  }

  /** Opens the connection ahead of the first iteration (pre-allocation); failures are retried. */
  ChannelFuture connect() {
    connecting = run.connect(loop, this);
    channel = connecting.channel();
    return connecting;
  }

  /** Starts one iteration intended at the time (ns); on the loop. */
  void start(long intended) {
    inFlight = true;
    intendedNanos = intended;
    long id = ++iteration;
    run.iterationStarted();
    if (channel != null && channel.isActive()) {
      send(id);
      return;
    }
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
    stats.sent(intendedNanos, sentNanos);
    awaiting = true;
    status = 0;
    channel.writeAndFlush(request, channel.voidPromise());
  }

  /**
   * Times the request out when unanswered for longer than the timeout; called by the loop's
   * periodic sweep ({@link LoadRun}), which is cheaper than a timer per request.
   */
  void sweep(long now, long timeoutNanos) {
    if (awaiting && now - sentNanos > timeoutNanos) {
      Channel stale = channel;
      channel = null;
      complete(null, ErrorKind.TIMEOUT);
      if (stale != null) {
        stale.close();
      }
    }
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, HttpObject message) {
    if (!awaiting || ctx.channel() != channel) {
      return;
    }
    if (message instanceof HttpResponse response) {
      status = response.status().code();
      releaseBody();
    }
    if (!(message instanceof HttpContent content)) {
      return;
    }
    ByteBuf part = content.content();
    if (status == 200 && part.isReadable()) {
      if (body == null) {
        body = part.retain();
      } else {
        if (!(body instanceof CompositeByteBuf)) {
          body = ctx.alloc().compositeBuffer().addComponent(true, body);
        }
        ((CompositeByteBuf) body).addComponent(true, part.retain());
      }
      if (body.readableBytes() > MAX_RESPONSE_BYTES) {
        // As the aggregator did: an oversized answer breaks the connection.
        releaseBody();
        ctx.close();
        return;
      }
    }
    if (message instanceof LastHttpContent) {
      answered();
    }
  }

  private void answered() {
    long done = run.nanoTime();
    stats.answered(intendedNanos, sentNanos, done);
    if (status != 200) {
      complete(null, status == 500 ? ErrorKind.ENGINE_ERROR : ErrorKind.HTTP_STATUS);
      return;
    }
    EngineResponse answer;
    try {
      answer = WireCodec.response(body != null ? body : Unpooled.EMPTY_BUFFER);
    } catch (WireFormat.MalformedPayload e) {
      complete(null, ErrorKind.ENGINE_ERROR);
      return;
    } finally {
      releaseBody();
    }
    complete(answer, null);
  }

  private void releaseBody() {
    if (body != null) {
      body.release();
      body = null;
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (ctx.channel() == channel) {
      channel = null;
      releaseBody();
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
    releaseBody();
    boolean check = answer != null && Digests.sha256Hex(answer.answer()).equals(answer.digest());
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
