package dev.testops.enginehttp;

import dev.testops.engine.EngineException;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.net.ConnectException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's share of a {@link ProcessClient}: its keep-alive connections, the requests that
 * wait for one, and their timeouts. A request takes an idle connection, else waits (in order) while
 * the pool opens one more, up to its share of the client's connection limit. Connections are opened
 * in waves (at most {@code maxConnecting} at once) so that thousands of first requests do not
 * overflow the server's accept backlog, where the kernel would drop the excess and retry it a
 * second later. Every method runs on the loop, so nothing here is locked.
 */
final class LoopPool implements Runnable {
  private static final long MAX_SWEEP_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** Descriptors left free per loop once the process has run out of them. */
  private static final int DESCRIPTOR_RESERVE = 16;

  private final ProcessClient client;
  private final EventLoop loop;
  private final Bootstrap bootstrap;
  // Lowered when the process runs out of file descriptors.
  private int maxConnections;
  private final int maxConnecting;
  private final long timeoutNanos;
  private final ArrayDeque<PooledConnection> idle = new ArrayDeque<>();
  private final ArrayDeque<Exchange> waiting = new ArrayDeque<>();
  // Every connection open or opening, so close() reaches them all; by identity, so leaving is O(1).
  private final Set<PooledConnection> all = Collections.newSetFromMap(new IdentityHashMap<>());
  private int connecting;
  private boolean closed;

  // The requests sent, in send order, as a ring of (connection, sequence): every request has the
  // same timeout, so they fall due in this order and one periodic sweep from the head finds them.
  private PooledConnection[] sentBy = new PooledConnection[64];
  private long[] sentAs = new long[64];
  private int head;
  private int size;

  LoopPool(
      ProcessClient client,
      EventLoop loop,
      Bootstrap bootstrap,
      int maxConnections,
      int maxConnecting,
      long timeoutNanos) {
    this.client = client;
    this.loop = loop;
    this.bootstrap = bootstrap;
    this.maxConnections = maxConnections;
    this.maxConnecting = maxConnecting;
    this.timeoutNanos = timeoutNanos;
    long period =
        Math.max(
            TimeUnit.MILLISECONDS.toNanos(1), Math.min(MAX_SWEEP_PERIOD_NANOS, timeoutNanos / 10));
    loop.scheduleAtFixedRate(this, period, period, TimeUnit.NANOSECONDS);
  }

  EventLoop loop() {
    return loop;
  }

  Failures failures() {
    return client.failures();
  }

  /** Sends the exchange on an idle connection, or queues it and opens one if the limit allows. */
  void submit(Exchange exchange) {
    if (closed) {
      exchange.fail(failures().closed());
      return;
    }
    PooledConnection connection = takeIdle();
    if (connection != null) {
      connection.send(exchange, System.nanoTime());
      return;
    }
    waiting.addLast(exchange);
    connectMore();
  }

  /** Sends again, first in line, a request whose stale connection closed under it. */
  void retry(Exchange exchange) {
    if (closed) {
      exchange.fail(failures().closed());
      return;
    }
    waiting.addFirst(exchange);
    handOutIdle();
    connectMore();
  }

  /** A connection that answered and is free again: the next waiting request takes it. */
  void release(PooledConnection connection) {
    if (all.size() > maxConnections) {
      // Over a limit lowered since it opened (no file descriptors left): it goes.
      connection.channel.close();
      return;
    }
    Exchange next = waiting.pollFirst();
    if (next != null) {
      connection.send(next, System.nanoTime());
    } else {
      idle.addFirst(connection); // most recently used first: the fewest connections stay warm
    }
  }

  /** A connection closed (by either side); it leaves the pool. */
  void closed(PooledConnection connection) {
    // Left in the idle deque, if it is there, and skipped when reached: removing it would cost a
    // scan of the deque per close, and thousands close at once when a server stops.
    connection.gone = true;
    all.remove(connection);
    connectMore();
  }

  /** Records a request just sent, for its timeout. */
  void sent(PooledConnection connection, long sequence) {
    if (size == sentBy.length) {
      growRing();
    }
    int tail = (head + size) & (sentBy.length - 1);
    sentBy[tail] = connection;
    sentAs[tail] = sequence;
    size++;
  }

  /** The timeout sweep: fails the requests unanswered for longer than the timeout. */
  @Override
  public void run() {
    long now = System.nanoTime();
    while (size > 0) {
      PooledConnection connection = sentBy[head];
      if (connection.awaits(sentAs[head])) {
        if (!connection.overdue(now, timeoutNanos)) {
          return;
        }
        connection.timeOut();
      }
      sentBy[head] = null;
      head = (head + 1) & (sentBy.length - 1);
      size--;
    }
  }

  /** Fails every waiting and unanswered request and closes every connection. */
  void close() {
    closed = true;
    var failure = failures().closed();
    Exchange exchange;
    while ((exchange = waiting.pollFirst()) != null) {
      exchange.fail(failure);
    }
    for (PooledConnection connection : List.copyOf(all)) {
      connection.abort(failure);
    }
    idle.clear();
  }

  /** Opens connections for the waiting requests, within the limits. */
  private void connectMore() {
    while (!closed
        && waiting.size() > connecting
        && connecting < maxConnecting
        && all.size() < maxConnections) {
      open();
    }
  }

  private void handOutIdle() {
    PooledConnection connection;
    while (!waiting.isEmpty() && (connection = takeIdle()) != null) {
      connection.send(waiting.pollFirst(), System.nanoTime());
    }
  }

  /** The most recently used idle connection that is still open, or null. */
  private PooledConnection takeIdle() {
    PooledConnection connection;
    while ((connection = idle.pollFirst()) != null) {
      if (!connection.gone) {
        return connection;
      }
    }
    return null;
  }

  private void open() {
    var connection = new PooledConnection(this);
    ChannelFuture connect = bootstrap.clone(loop).handler(connection).connect();
    connection.channel = connect.channel();
    all.add(connection);
    connecting++;
    connect.addListener(
        done -> {
          // A channel that could not even be created (e.g. no file descriptor left) fails on
          // Netty's global executor, not on this loop: back to the loop, where the state lives.
          if (loop.inEventLoop()) {
            connectDone(connection, done);
          } else {
            try {
              loop.execute(() -> connectDone(connection, done));
            } catch (RejectedExecutionException stopping) {
              // The client is closing; its close() fails whatever waits.
            }
          }
        });
  }

  private void connectDone(PooledConnection connection, Future<?> done) {
    connecting--;
    if (done.isSuccess() && connection.channel.isActive()) {
      if (closed) {
        connection.channel.close();
        return;
      }
      release(connection);
      connectMore();
      return;
    }
    all.remove(connection);
    Throwable cause = done.cause();
    if (outOfDescriptors(cause) && !all.isEmpty()) {
      // The process may hold no more sockets: stay a few below what it holds now, so the run's
      // own files (records, snapshot) can still be opened, and let the requests wait for the
      // connections there are instead of failing them.
      maxConnections = Math.max(1, all.size() - DESCRIPTOR_RESERVE);
      connectMore();
      return;
    }
    Exchange first = waiting.pollFirst();
    if (first != null) {
      // As a blocking client would: the request that needed the connection fails with it.
      first.fail(connectFailure(cause));
    }
    connectMore();
  }

  private static boolean outOfDescriptors(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (String.valueOf(t.getMessage()).contains("Too many open files")) {
        return true;
      }
    }
    return false;
  }

  private EngineException connectFailure(Throwable cause) {
    if (cause instanceof ConnectTimeoutException) {
      return failures().connectTimeout(cause);
    }
    if (cause instanceof ConnectException
        && String.valueOf(cause.getMessage()).contains("refused")) {
      return failures().refused(cause);
    }
    return failures().failed(Routes.PROCESS, cause == null ? "connection failed" : cause, cause);
  }

  private void growRing() {
    var biggerBy = new PooledConnection[sentBy.length * 2];
    var biggerAs = new long[sentBy.length * 2];
    for (int i = 0; i < size; i++) {
      int from = (head + i) & (sentBy.length - 1);
      biggerBy[i] = sentBy[from];
      biggerAs[i] = sentAs[from];
    }
    sentBy = biggerBy;
    sentAs = biggerAs;
    head = 0;
  }
}
