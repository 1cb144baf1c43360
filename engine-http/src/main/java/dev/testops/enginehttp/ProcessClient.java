package dev.testops.enginehttp;

import dev.testops.engine.EngineRequest;
import dev.testops.engine.EngineResponse;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code POST /process} client of the {@code http} engine at a plain {@code http://} URL: Netty
 * event loops (Linux's epoll where it loads, else NIO), each with a {@link LoopPool} of keep-alive
 * HTTP/1.1 connections, one request at a time on each, so thousands of requests can be in flight on
 * a couple of threads. Requests are encoded by {@link WireCodec} and answers read by {@link
 * ResponseReader}, the load generator's hot path. Thread-safe.
 */
final class ProcessClient implements AutoCloseable {
  /**
   * The most connections the client holds (the SIM's user ceiling: one per user in flight); more
   * requests than that wait for a connection to free up.
   */
  static final int MAX_CONNECTIONS = 10_000;

  /**
   * The most connections being opened at once. The engine server's accept backlog is 4,096, and a
   * wave well under it is accepted without the kernel dropping connection requests (a dropped SYN
   * is retried only after a second).
   */
  static final int CONNECT_WAVE = 1_024;

  private final Failures failures;
  private final EventLoopGroup group;
  private final List<LoopPool> pools = new ArrayList<>();
  private final WireCodec codec;
  private final AtomicInteger next = new AtomicInteger();
  private volatile boolean closed;

  private ProcessClient(URI base, Duration timeout, int ioThreads, Failures failures) {
    this.failures = failures;
    int port = base.getPort() >= 0 ? base.getPort() : 80;
    String host = base.getHost();
    String authority = base.getPort() >= 0 ? host + ":" + port : host;
    this.codec = new WireCodec(authority, base.getRawPath() + Routes.PROCESS);
    boolean epoll = Epoll.isAvailable();
    this.group =
        new MultiThreadIoEventLoopGroup(
            ioThreads,
            new DefaultThreadFactory("engine-http-client", true),
            epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    // Resolved once, here: an unresolved address would be looked up on the event loop per connect.
    var address = new InetSocketAddress(host, port);
    var bootstrap =
        new Bootstrap()
            .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
            .remoteAddress(address);
    int loops = ioThreads;
    for (EventExecutor executor : group) {
      var pool =
          new LoopPool(
              this,
              (EventLoop) executor,
              bootstrap,
              ceilDiv(MAX_CONNECTIONS, loops),
              ceilDiv(CONNECT_WAVE, loops),
              timeout.toNanos());
      pools.add(pool);
    }
  }

  /**
   * Creates the client of the engine at the base URL (scheme {@code http}); connects lazily.
   *
   * @param timeout how long to wait for a connection, and for each answer once sent
   * @param ioThreads event loops, at least 1
   */
  static ProcessClient create(URI base, Duration timeout, int ioThreads, Failures failures) {
    return new ProcessClient(base, timeout, ioThreads, failures);
  }

  Failures failures() {
    return failures;
  }

  /**
   * Sends the request on an event loop: the caller's own when it is one of this client's (the
   * completion of an earlier request, typically), else the next in turn. Never blocks.
   */
  CompletableFuture<EngineResponse> send(EngineRequest request) {
    if (closed) {
      return CompletableFuture.failedFuture(failures.closed());
    }
    LoopPool pool = poolOfCurrentThread();
    boolean onLoop = pool != null;
    if (!onLoop) {
      pool = pools.get(Math.floorMod(next.getAndIncrement(), pools.size()));
    }
    ByteBuf bytes =
        codec.request(
            ByteBufAllocator.DEFAULT,
            request.userId(),
            request.turn(),
            request.prompt(),
            request.priorClaims(),
            request.seed());
    var exchange = new Exchange(bytes);
    if (onLoop) {
      pool.submit(exchange);
    } else {
      LoopPool target = pool;
      try {
        target.loop().execute(() -> target.submit(exchange));
      } catch (RejectedExecutionException e) {
        exchange.fail(failures.closed());
      }
    }
    return exchange;
  }

  private LoopPool poolOfCurrentThread() {
    for (LoopPool pool : pools) {
      if (pool.loop().inEventLoop()) {
        return pool;
      }
    }
    return null;
  }

  /**
   * Fails every request waiting or in flight ("is closed"), closes the connections and stops the
   * event loops; returns once they are gone. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (LoopPool pool : pools) {
      try {
        pool.loop().submit(pool::close).syncUninterruptibly();
      } catch (RejectedExecutionException e) {
        // Already stopping.
      }
    }
    group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
