package dev.testops.load;

import dev.testops.core.dataset.DatasetGenerator;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The shared state of one run: the event loops, the VU pool and the counters. The driver ({@link
 * #driveOpen} or {@link #driveClosed}) runs on the caller's thread; VUs run on the loops. In the
 * open model the arrivals are fired by timers on the loops themselves ({@link ArrivalLoop}), so the
 * caller only starts and ends the run. The real clock ({@link System#nanoTime}) is read here and
 * nowhere else.
 */
final class LoadRun {

  private static final long CONTROL_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  final Scenario scenario;
  private final DatasetGenerator dataset;
  private final long seed;
  private final String host;
  private final int port;
  private final EventLoopGroup group;
  private final Bootstrap bootstrap;
  private final Map<EventLoop, LoopStats> statsByLoop = new IdentityHashMap<>();
  private final Map<EventLoop, TimeoutSweep> timeoutsByLoop = new IdentityHashMap<>();
  final Reporter reporter;
  final WireCodec codec;
  final List<Vu> vus = new CopyOnWriteArrayList<>();
  private final Map<EventLoop, ArrivalLoop> arrivalLoops = new IdentityHashMap<>();
  private final List<ArrivalLoop> arrivalLoopList = new ArrayList<>();
  private final AtomicInteger allocated = new AtomicInteger();
  private final ConcurrentLinkedQueue<Long> pending = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  final AtomicLong dropped = new AtomicLong();
  long offered;
  int initialVus;
  private volatile boolean stopping;

  LoadRun(
      Scenario scenario,
      DatasetGenerator dataset,
      long seed,
      String host,
      int port,
      EventLoopGroup group,
      int connectTimeoutMillis,
      Consumer<SecondStats> onSecond) {
    this.scenario = scenario;
    this.dataset = dataset;
    this.seed = seed;
    this.host = host;
    this.port = port;
    this.group = group;
    List<LoopStats> all = new ArrayList<>();
    group.forEach(
        executor -> {
          var stats = new LoopStats();
          statsByLoop.put((EventLoop) executor, stats);
          all.add(stats);
        });
    this.reporter = new Reporter(all, onSecond);
    this.codec = new WireCodec(hostHeader());
    group.forEach(
        executor -> {
          EventLoop loop = (EventLoop) executor;
          timeoutsByLoop.put(loop, TimeoutSweep.start(loop, timeoutMillis(), this::nanoTime));
        });
    this.bootstrap =
        new Bootstrap()
            .channel(Transport.BEST.channelType())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
            .remoteAddress(host, port);
  }

  long nanoTime() {
    return System.nanoTime();
  }

  long seed() {
    return seed;
  }

  String hostHeader() {
    return host + ":" + port;
  }

  long timeoutMillis() {
    return scenario.timeoutMillis();
  }

  /** Connects a channel for the VU on its own loop. */
  ChannelFuture connect(EventLoop loop, Vu vu) {
    return bootstrap
        .clone(loop)
        .handler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel channel) {
                channel
                    .pipeline()
                    // Requests are written as ready bytes (WireCodec) and the VU reads the
                    // responses itself (ResponseReader): no codec in between.
                    .addLast(vu);
              }
            })
        .connect();
  }

  private Vu newVu() {
    return newVu((EventLoop) group.next(), allocated.getAndIncrement());
  }

  /** The VU numbered {@code index} (its SIM user), on the loop. */
  private Vu newVu(EventLoop loop, int index) {
    var vu =
        new Vu(this, loop, statsByLoop.get(loop), timeoutsByLoop.get(loop), dataset.user(index));
    vus.add(vu);
    return vu;
  }

  /** A new VU on the loop, or null when the scenario's {@code maxVUs} are all allocated. */
  Vu allocateVu(EventLoop loop) {
    int count;
    do {
      count = allocated.get();
      if (count >= scenario.maxVus()) {
        return null;
      }
    } while (!allocated.compareAndSet(count, count + 1));
    return newVu(loop, count);
  }

  /** Another loop that has an idle VU, or null. */
  ArrivalLoop loopWithIdleVu(ArrivalLoop self) {
    for (ArrivalLoop other : arrivalLoopList) {
      if (other != self && other.hasIdleVu()) {
        return other;
      }
    }
    return null;
  }

  /** An arrival no VU could take: it waits up to {@code maxWait}, or is dropped. */
  void noVuFor(long intendedNanos) {
    if (scenario.maxWaitMillis() <= 0) {
      dropped.incrementAndGet();
      return;
    }
    pending.add(intendedNanos);
    // A VU may have gone idle while this arrival was being queued: let the loops look again.
    assignPending();
  }

  boolean hasPending() {
    return !pending.isEmpty();
  }

  void iterationStarted() {
    inFlight.incrementAndGet();
  }

  /** A VU finished an iteration; on its loop. */
  void iterationDone(Vu vu, ErrorKind error) {
    inFlight.decrementAndGet();
    if (scenario.executor().open()) {
      if (!stopping && !pending.isEmpty() && takePending(vu)) {
        return;
      }
      arrivalLoops.get(vu.loop).idle(vu);
      return;
    }
    if (stopping || vu.retiring) {
      vu.close();
      return;
    }
    long think = TimeUnit.MILLISECONDS.toNanos(vu.thinkMillis(scenario.thinkTimeMillis()));
    long intended = nanoTime() + think;
    if (think == 0 && error == null) {
      // Already on the VU's event loop after an answer: no timer round trip when there is
      // nothing to wait for. (After an error the timer stays, so a target that fails at once
      // cannot recurse through connect attempts.)
      vu.start(intended);
      return;
    }
    vu.loop.schedule(
        () -> {
          if (stopping || vu.retiring) {
            vu.close();
          } else {
            vu.start(intended);
          }
        },
        think,
        TimeUnit.NANOSECONDS);
  }

  /** Gives the VU the oldest waiting arrival still within the wait; drops expired ones. */
  boolean takePending(Vu vu) {
    long now = nanoTime();
    long maxWait = TimeUnit.MILLISECONDS.toNanos(scenario.maxWaitMillis());
    Long intended;
    while ((intended = pending.poll()) != null) {
      if (now - intended > maxWait) {
        dropped.incrementAndGet();
      } else {
        vu.start(intended);
        return true;
      }
    }
    return false;
  }

  /**
   * Open model: pre-allocates and connects the VUs, then lets each loop fire its share of the
   * schedule ({@link ArrivalLoop}) and waits for the end.
   */
  void driveOpen(long leadNanos) {
    int loops = 0;
    for (var ignored : group) {
      loops++;
    }
    var scheduled = new CountDownLatch(loops);
    int index = 0;
    for (var executor : group) {
      EventLoop loop = (EventLoop) executor;
      var arrivals = new ArrivalLoop(this, loop, scenario, index++, loops, scheduled);
      arrivalLoops.put(loop, arrivals);
      arrivalLoopList.add(arrivals);
    }
    List<ChannelFuture> connecting = new ArrayList<>();
    for (int i = 0; i < scenario.preAllocatedVus(); i++) {
      Vu vu = newVu();
      ArrivalLoop arrivals = arrivalLoops.get(vu.loop);
      vu.loop
          .submit(
              () -> {
                connecting.add(vu.connect());
                arrivals.idle(vu);
              })
          .syncUninterruptibly();
    }
    initialVus = vus.size();
    connecting.forEach(f -> f.awaitUninterruptibly(10, TimeUnit.SECONDS));
    long origin = nanoTime() + leadNanos;
    startReporter(origin);
    for (ArrivalLoop arrivals : arrivalLoopList) {
      arrivals.loop.execute(() -> arrivals.start(origin));
    }
    long end = origin + TimeUnit.MILLISECONDS.toNanos(scenario.totalDurationMillis());
    try {
      while (!scheduled.await(end - nanoTime() + CONTROL_PERIOD_NANOS, TimeUnit.NANOSECONDS)) {
        // A loop late by more than a control period is still firing; wait on.
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // The loops counted down after their last arrival: their counts are visible now.
    for (ArrivalLoop arrivals : arrivalLoopList) {
      offered += arrivals.offered();
    }
    sleepUntil(end);
    long waitEnd = end + TimeUnit.MILLISECONDS.toNanos(scenario.maxWaitMillis());
    while (!pending.isEmpty() && nanoTime() < waitEnd) {
      assignPending();
      LockSupport.parkNanos(CONTROL_PERIOD_NANOS / 10);
    }
    stopping = true;
    while (pending.poll() != null) {
      dropped.incrementAndGet();
    }
    finish(end);
  }

  /** Asks every loop with an idle VU to give it waiting arrivals. */
  private void assignPending() {
    for (ArrivalLoop arrivals : arrivalLoopList) {
      if (arrivals.hasIdleVu()) {
        arrivals.loop.execute(arrivals::drainPending);
      }
    }
  }

  /** Closed model: keeps the VU count on its stages; each VU loops on its own. */
  void driveClosed() {
    long origin = nanoTime();
    startReporter(origin);
    long durationNanos = TimeUnit.MILLISECONDS.toNanos(scenario.totalDurationMillis());
    List<Vu> active = new ArrayList<>();
    long now;
    while ((now = nanoTime()) - origin < durationNanos) {
      int target = VuStages.target(scenario, (now - origin) / 1e9);
      while (active.size() < target) {
        Vu vu = newVu();
        active.add(vu);
        offered++;
        vu.loop.execute(() -> vu.start(nanoTime()));
      }
      while (active.size() > target) {
        Vu vu = active.remove(active.size() - 1);
        vu.loop.execute(() -> vu.retiring = true);
      }
      if (initialVus == 0) {
        initialVus = vus.size();
      }
      LockSupport.parkNanos(Math.min(CONTROL_PERIOD_NANOS, origin + durationNanos - now));
    }
    stopping = true;
    finish(origin + durationNanos);
  }

  private java.util.concurrent.ScheduledExecutorService reporterThread;

  private void startReporter(long origin) {
    reporterThread = reporter.everySecond(origin - nanoTime(), vus::size);
  }

  /** Waits for in-flight iterations (up to the graceful stop), then closes the last second. */
  private void finish(long end) {
    long deadline = end + TimeUnit.MILLISECONDS.toNanos(scenario.gracefulStopMillis());
    while (inFlight.get() > 0 && nanoTime() < deadline) {
      LockSupport.parkNanos(CONTROL_PERIOD_NANOS / 10);
    }
    reporterThread.shutdownNow();
    try {
      reporterThread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    reporter.tick(vus.size());
    for (Vu vu : vus) {
      vu.loop.execute(vu::close);
    }
  }

  /** Iterations still unanswered when the graceful stop ran out. */
  int interrupted() {
    return inFlight.get();
  }

  private void sleepUntil(long deadline) {
    long remaining;
    while ((remaining = deadline - nanoTime()) > 0) {
      LockSupport.parkNanos(remaining);
    }
  }
}
