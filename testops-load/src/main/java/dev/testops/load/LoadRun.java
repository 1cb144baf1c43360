package dev.testops.load;

import dev.testops.core.dataset.DatasetGenerator;
import dev.testops.enginehttp.WireCodec;
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
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The shared state of one run: the event loops, the VU pool and the counters. The driver ({@link
 * #driveOpen} or {@link #driveClosed}) runs on the caller's thread; VUs run on the loops. In the
 * open model the arrivals are fired by timers on the loops themselves ({@link ArrivalLoop}), so the
 * caller only starts and ends the run. The real clock ({@link System#nanoTime}) is read here and
 * nowhere else.
 *
 * <p>Over 400 lines on purpose: the driver, the pool and the counters share per-loop state that the
 * hot path reads without indirection; split, each piece would reach into the others' fields.
 *
 * <p>A warm-up ({@link Scenario#warmupMillis}) comes first on the same timeline, the same VUs and
 * the same connections: an iteration intended before the measured window starts is recorded apart
 * (its own stats and reporter), so nothing of the warm-up reaches the metrics or thresholds. A
 * cancel ({@code cancelled}) is looked at every control period (10 ms): it stops the arrivals and
 * the VUs at once, without the graceful stop.
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
  private final Map<EventLoop, LoopStats> warmupStatsByLoop = new IdentityHashMap<>();
  private final Map<EventLoop, TimeoutSweep> timeoutsByLoop = new IdentityHashMap<>();
  final Reporter reporter;
  final Reporter warmupReporter;
  final WireCodec codec;
  final List<Vu> vus = new CopyOnWriteArrayList<>();
  private final Map<EventLoop, ArrivalLoop> arrivalLoops = new IdentityHashMap<>();
  private final List<ArrivalLoop> arrivalLoopList = new ArrayList<>();
  private final AtomicInteger allocated = new AtomicInteger();
  private final ConcurrentLinkedQueue<Long> pending = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  final AtomicLong dropped = new AtomicLong();
  final AtomicLong warmupDropped = new AtomicLong();
  long offered;
  long warmupOffered;
  int initialVus;
  private volatile boolean stopping;
  private volatile boolean cancelledRun;
  private final BooleanSupplier cancelled;
  private final CpuMeter cpu;
  final long warmupNanos;
  // Intended times before this (a nanoTime value) belong to the warm-up; set before any VU starts.
  private volatile long measuredFromNanos = Long.MIN_VALUE;
  private long measuredStartNanos;
  private long measuredEndNanos;
  private long processCpuAtStart = -1;
  private long processCpuAtEnd = -1;
  private long[] loopCpuAtStart;
  private long[] loopCpuAtEnd;

  LoadRun(
      Scenario scenario,
      DatasetGenerator dataset,
      long seed,
      String host,
      int port,
      EventLoopGroup group,
      int connectTimeoutMillis,
      Consumer<SecondStats> onSecond,
      CpuMeter cpu,
      BooleanSupplier cancelled) {
    this.scenario = scenario;
    this.cpu = cpu;
    this.cancelled = cancelled;
    this.warmupNanos = TimeUnit.MILLISECONDS.toNanos(scenario.warmupMillis());
    this.dataset = dataset;
    this.seed = seed;
    this.host = host;
    this.port = port;
    this.group = group;
    List<LoopStats> all = new ArrayList<>();
    List<LoopStats> warmupAll = new ArrayList<>();
    group.forEach(
        executor -> {
          var stats = new LoopStats();
          statsByLoop.put((EventLoop) executor, stats);
          all.add(stats);
          var warmup = new LoopStats();
          warmupStatsByLoop.put((EventLoop) executor, warmup);
          warmupAll.add(warmup);
        });
    this.reporter = new Reporter(all, onSecond);
    this.warmupReporter = new Reporter(warmupAll, s -> {});
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

  /** Whether an iteration intended at the time belongs to the warm-up. */
  boolean inWarmup(long intendedNanos) {
    return intendedNanos - measuredFromNanos < 0;
  }

  /** Whether the run is stopping (its end, or a cancel): arrivals stop firing. */
  boolean stopping() {
    return stopping;
  }

  /** Whether a cancel stopped the run before its end. */
  boolean wasCancelled() {
    return cancelledRun;
  }

  /** Looks for a cancel; once seen, the run stops. On the driver's thread. */
  private boolean cancelRequested() {
    if (!cancelledRun && cancelled.getAsBoolean()) {
      cancelledRun = true;
      stopping = true;
    }
    return cancelledRun;
  }

  /** The open model's arrivals: the warm-up at its rate, then the scenario's schedule. */
  ArrivalSchedule schedule() {
    if (warmupNanos == 0) {
      return ArrivalSchedule.of(scenario);
    }
    double warmupRate = scenario.warmupRatePerSecond();
    List<Stage> stages = new ArrayList<>();
    stages.add(new Stage(scenario.warmupMillis(), warmupRate));
    // A zero-length stage jumps to the scenario's own starting rate (a ramp may start lower).
    stages.add(new Stage(0, scenario.initialRatePerSecond()));
    stages.addAll(scenario.rateStages());
    return new ArrivalSchedule(warmupRate, stages);
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
        new Vu(
            this,
            loop,
            statsByLoop.get(loop),
            warmupStatsByLoop.get(loop),
            timeoutsByLoop.get(loop),
            dataset.user(index));
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
      drop(intendedNanos);
      return;
    }
    pending.add(intendedNanos);
    // A VU may have gone idle while this arrival was being queued: let the loops look again.
    assignPending();
  }

  private void drop(long intendedNanos) {
    (inWarmup(intendedNanos) ? warmupDropped : dropped).incrementAndGet();
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
        drop(intended);
      } else {
        vu.start(intended);
        return true;
      }
    }
    return false;
  }

  /**
   * Open model: pre-allocates and connects the VUs, then lets each loop fire its share of the
   * schedule ({@link ArrivalLoop}), the warm-up first, and waits for the end or a cancel.
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
      var arrivals = new ArrivalLoop(this, loop, schedule(), index++, loops, scheduled);
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
    long measuredFrom = origin + warmupNanos;
    measuredFromNanos = measuredFrom;
    startReporter(measuredFrom);
    for (ArrivalLoop arrivals : arrivalLoopList) {
      arrivals.loop.execute(() -> arrivals.start(origin));
    }
    long end = measuredFrom + TimeUnit.MILLISECONDS.toNanos(scenario.totalDurationMillis());
    if (waitUntil(measuredFrom)) {
      sampleStart();
    }
    try {
      while (!scheduled.await(CONTROL_PERIOD_NANOS, TimeUnit.NANOSECONDS)) {
        if (cancelRequested()) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // After the loops counted down (or stopped on a cancel), their counts are read on the loops.
    for (ArrivalLoop arrivals : arrivalLoopList) {
      long[] counts = arrivals.loop.submit(arrivals::offeredCounts).syncUninterruptibly().getNow();
      offered += counts[1];
      warmupOffered += counts[0];
    }
    waitUntil(end);
    sampleEnd(Math.min(end, nanoTime()));
    long waitEnd = end + TimeUnit.MILLISECONDS.toNanos(scenario.maxWaitMillis());
    while (!pending.isEmpty() && nanoTime() < waitEnd && !cancelRequested()) {
      assignPending();
      LockSupport.parkNanos(CONTROL_PERIOD_NANOS / 10);
    }
    stopping = true;
    Long left;
    while ((left = pending.poll()) != null) {
      drop(left);
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

  /**
   * Closed model: keeps the VU count on its stages (during the warm-up: the starting VUs); each VU
   * loops on its own. Stops at the end or on a cancel.
   */
  void driveClosed() {
    long origin = nanoTime();
    long measuredFrom = origin + warmupNanos;
    measuredFromNanos = measuredFrom;
    startReporter(measuredFrom);
    long end = measuredFrom + TimeUnit.MILLISECONDS.toNanos(scenario.totalDurationMillis());
    List<Vu> active = new ArrayList<>();
    boolean measuring = false;
    long now;
    while ((now = nanoTime()) - end < 0 && !cancelRequested()) {
      boolean warm = now - measuredFrom < 0;
      if (!warm && !measuring) {
        measuring = true;
        sampleStart();
        initialVus = active.size();
      }
      int target =
          warm ? scenario.warmupVus() : VuStages.target(scenario, (now - measuredFrom) / 1e9);
      while (active.size() < target) {
        Vu vu = newVu();
        active.add(vu);
        if (warm) {
          warmupOffered++;
        } else {
          offered++;
        }
        vu.loop.execute(() -> vu.start(nanoTime()));
      }
      while (active.size() > target) {
        Vu vu = active.remove(active.size() - 1);
        vu.loop.execute(() -> vu.retiring = true);
      }
      if (!warm && initialVus == 0) {
        initialVus = vus.size();
      }
      LockSupport.parkNanos(Math.min(CONTROL_PERIOD_NANOS, Math.max(1, end - now)));
    }
    if (!measuring) {
      sampleStart();
    }
    sampleEnd(Math.min(end, nanoTime()));
    stopping = true;
    finish(end);
  }

  /**
   * Waits until the time (a {@link #nanoTime} value), looking for a cancel every control period.
   *
   * @return false when a cancel came first
   */
  private boolean waitUntil(long deadline) {
    long remaining;
    while ((remaining = deadline - nanoTime()) > 0) {
      if (cancelRequested()) {
        return false;
      }
      LockSupport.parkNanos(Math.min(remaining, CONTROL_PERIOD_NANOS));
    }
    return !cancelRequested();
  }

  private void sampleStart() {
    measuredStartNanos = nanoTime();
    processCpuAtStart = cpu.processCpuNanos();
    loopCpuAtStart = loopCpu();
  }

  private void sampleEnd(long at) {
    measuredEndNanos = at;
    processCpuAtEnd = cpu.processCpuNanos();
    loopCpuAtEnd = loopCpu();
  }

  /** Each event loop's own CPU time, read on the loop itself; -1 where unsupported. */
  private long[] loopCpu() {
    List<Long> times = new ArrayList<>();
    for (var executor : group) {
      times.add(
          ((EventLoop) executor).submit(cpu::currentThreadCpuNanos).syncUninterruptibly().getNow());
    }
    return times.stream().mapToLong(Long::longValue).toArray();
  }

  /**
   * Whether the generator was the bottleneck of the measured window: its dispatch lag, its busiest
   * event loop's CPU and its process's CPU against the bounds of {@link GeneratorCheck}.
   */
  GeneratorCheck generatorCheck(double dispatchLagP99Millis) {
    long wall = measuredEndNanos - measuredStartNanos;
    double busiest = -1;
    double process = -1;
    if (wall > 0 && loopCpuAtStart != null && loopCpuAtEnd != null) {
      for (int i = 0; i < loopCpuAtStart.length; i++) {
        if (loopCpuAtStart[i] >= 0 && loopCpuAtEnd[i] >= 0) {
          busiest = Math.max(busiest, (double) (loopCpuAtEnd[i] - loopCpuAtStart[i]) / wall);
        }
      }
      if (processCpuAtStart >= 0 && processCpuAtEnd >= 0) {
        process = (double) (processCpuAtEnd - processCpuAtStart) / ((double) wall * cpu.cores());
      }
    }
    return GeneratorCheck.of(dispatchLagP99Millis, busiest, process, cpu.cores());
  }

  private java.util.concurrent.ScheduledExecutorService reporterThread;

  private void startReporter(long origin) {
    reporterThread = reporter.everySecond(origin - nanoTime(), vus::size);
  }

  /**
   * Waits for in-flight iterations (up to the graceful stop; not after a cancel), then closes the
   * last second.
   */
  private void finish(long end) {
    long deadline = end + TimeUnit.MILLISECONDS.toNanos(scenario.gracefulStopMillis());
    while (inFlight.get() > 0 && nanoTime() < deadline && !cancelRequested()) {
      LockSupport.parkNanos(CONTROL_PERIOD_NANOS / 10);
    }
    reporterThread.shutdownNow();
    try {
      reporterThread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    reporter.tick(vus.size());
    warmupReporter.tick(vus.size());
    for (Vu vu : vus) {
      vu.loop.execute(vu::close);
    }
  }

  /** Iterations still unanswered when the graceful stop ran out. */
  int interrupted() {
    return inFlight.get();
  }
}
