package dev.testops.enginehttp;

import dev.testops.engine.Engine;
import dev.testops.engine.EngineDescriptor;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Serves one {@link Engine} over the engine HTTP protocol ({@code engine-api/PROTOCOL.md}) on the
 * loopback interface, with Netty: connections live on a few event loops (no thread per connection
 * or per waiting answer), {@code process} runs on a small pool off those loops.
 *
 * <p>Start it with {@link #start}; {@link #close} stops it. The engine stays the caller's to close.
 * Thread-safe.
 */
public final class EngineHttpServer implements AutoCloseable {
  /**
   * Pending connections the kernel may queue before the server accepts them; a load test opens
   * thousands at once.
   */
  private static final int ACCEPT_BACKLOG = 4096;

  private final EngineDescriptor descriptor;
  private final EngineServerConfig config;
  private final EventLoopGroup acceptGroup;
  private final EventLoopGroup ioGroup;
  private final ExecutorService processExecutor;
  private final Channel listener;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);

  private EngineHttpServer(
      EngineDescriptor descriptor,
      EngineServerConfig config,
      EventLoopGroup acceptGroup,
      EventLoopGroup ioGroup,
      ExecutorService processExecutor,
      Channel listener) {
    this.descriptor = descriptor;
    this.config = config;
    this.acceptGroup = acceptGroup;
    this.ioGroup = ioGroup;
    this.processExecutor = processExecutor;
    this.listener = listener;
  }

  /**
   * Starts serving the engine on {@code 127.0.0.1} and the configured port; returns once the port
   * is bound.
   *
   * @throws UncheckedIOException when the port cannot be bound (e.g. it is in use), naming it
   */
  public static EngineHttpServer start(Engine engine, EngineServerConfig config) {
    Objects.requireNonNull(config, "config");
    var routes = new Routes(engine);
    // Linux's native epoll where it loads (fewer system calls per request, timers to the
    // microsecond for the latency model), else Java NIO.
    boolean epoll = Epoll.isAvailable();
    EventLoopGroup acceptGroup =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("engine-http-accept", true), ioHandlers(epoll));
    EventLoopGroup ioGroup =
        new MultiThreadIoEventLoopGroup(
            config.ioThreads(),
            new DefaultThreadFactory("engine-http-io", true),
            ioHandlers(epoll));
    // Engine.process runs here, not on the event loops: an engine may block (Toron's chaos fault
    // "slow" sleeps; a plugin engine may do I/O), and a blocked event loop would stall every
    // connection it owns, /health included. The hand-off costs a few microseconds per request.
    ExecutorService processExecutor =
        Executors.newFixedThreadPool(
            config.processThreads(), new DefaultThreadFactory("engine-http-process", true));
    var bootstrap =
        new ServerBootstrap()
            .group(acceptGroup, ioGroup)
            .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    channel
                        .pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new BoundedAggregator(config.maxRequestBytes()))
                        .addLast(new ExchangeHandler(routes, processExecutor, config));
                  }
                });
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try {
      Channel listener = bootstrap.bind(loopback, config.port()).syncUninterruptibly().channel();
      return new EngineHttpServer(
          engine.describe(), config, acceptGroup, ioGroup, processExecutor, listener);
    } catch (Exception e) { // bind() rethrows the checked BindException undeclared
      shutDown(acceptGroup, ioGroup, processExecutor);
      String where = loopback.getHostAddress() + ":" + config.port();
      String message = "cannot listen on " + where + ": " + e.getMessage();
      if (e instanceof IOException io) {
        throw new UncheckedIOException(message, io);
      }
      throw new IllegalStateException(message, e);
    }
  }

  /** The bound port: the configured one, or the ephemeral one the system chose for port 0. */
  public int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  /** The base URL clients use, e.g. {@code http://127.0.0.1:9000}. */
  public String url() {
    return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port();
  }

  /** The served engine's identity. */
  public EngineDescriptor descriptor() {
    return descriptor;
  }

  /** The configuration the server runs with. */
  public EngineServerConfig config() {
    return config;
  }

  /**
   * Stops accepting, closes every connection (answers still waiting are dropped) and stops the
   * threads; returns once they are gone. Idempotent.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        listener.close().syncUninterruptibly();
        shutDown(acceptGroup, ioGroup, processExecutor);
      } finally {
        stopped.countDown();
      }
    }
  }

  /**
   * Blocks until {@link #close} has stopped the server (e.g. from a shutdown hook).
   *
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public void awaitClosed() throws InterruptedException {
    stopped.await();
  }

  private static void shutDown(
      EventLoopGroup acceptGroup, EventLoopGroup ioGroup, ExecutorService processExecutor) {
    // No quiet period: a stopping engine server has no in-flight work worth waiting for.
    var acceptDone = acceptGroup.shutdownGracefully(0, 5, TimeUnit.SECONDS);
    var ioDone = ioGroup.shutdownGracefully(0, 5, TimeUnit.SECONDS);
    processExecutor.shutdownNow();
    acceptDone.syncUninterruptibly();
    ioDone.syncUninterruptibly();
  }

  private static IoHandlerFactory ioHandlers(boolean epoll) {
    return epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
  }
}
