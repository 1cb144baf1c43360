package dev.testops.load;

import dev.testops.core.dataset.SyntheticUser;
import dev.testops.core.dataset.Turn;
import dev.testops.engine.Digests;
import dev.testops.engine.EngineRequest;
import dev.testops.engine.EngineResponse;
import dev.testops.enginehttp.WireFormat;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One virtual user: a SIM user holding one keep-alive connection, one request at a time. Every
 * method runs on the VU's event loop, so the state needs no locks. The connection is (re)opened
 * lazily, when an iteration finds none.
 */
@Sharable
final class Vu extends SimpleChannelInboundHandler<FullHttpResponse> {
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
  private ScheduledFuture<?> timeout;
  boolean retiring;

  Vu(LoadRun run, EventLoop loop, LoopStats stats, SyntheticUser user) {
    super(FullHttpResponse.class);
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
    byte[] body =
        WireFormat.writeRequest(
            new EngineRequest(user.id(), turn.number(), turn.prompt(), claims, run.seed()));
    var request =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1, HttpMethod.POST, "/process", Unpooled.wrappedBuffer(body));
    request.headers().set(HttpHeaderNames.HOST, run.hostHeader());
    request.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    request.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    sentNanos = run.nanoTime();
    stats.sent(intendedNanos, sentNanos);
    channel.writeAndFlush(request);
    timeout =
        loop.schedule(
            () -> {
              if (id == iteration && inFlight) {
                Channel stale = channel;
                channel = null;
                complete(null, ErrorKind.TIMEOUT);
                if (stale != null) {
                  stale.close();
                }
              }
            },
            run.timeoutMillis(),
            TimeUnit.MILLISECONDS);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
    if (!inFlight || ctx.channel() != channel) {
      return;
    }
    long done = run.nanoTime();
    stats.answered(intendedNanos, sentNanos, done);
    int status = response.status().code();
    if (status != 200) {
      complete(null, status == 500 ? ErrorKind.ENGINE_ERROR : ErrorKind.HTTP_STATUS);
      return;
    }
    EngineResponse answer;
    try {
      answer = WireFormat.readResponse(ByteBufUtil.getBytes(response.content()));
    } catch (WireFormat.MalformedPayload e) {
      complete(null, ErrorKind.ENGINE_ERROR);
      return;
    }
    complete(answer, null);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (ctx.channel() == channel) {
      channel = null;
      if (inFlight && timeout != null) {
        complete(null, ErrorKind.CONNECTION_CLOSED);
      }
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  private void complete(EngineResponse answer, ErrorKind error) {
    if (timeout != null) {
      timeout.cancel(false);
      timeout = null;
    }
    inFlight = false;
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
