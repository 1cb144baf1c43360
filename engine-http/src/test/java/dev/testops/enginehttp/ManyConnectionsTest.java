package dev.testops.enginehttp;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The server stays responsive with thousands of open keep-alive connections, each with an answer
 * waiting out its modelled latency, and those waits cost no threads.
 *
 * <p>The connection count is the protocol's 10,000 when the open-file limit allows (each connection
 * costs this JVM two descriptors: the client's socket and the server's), else as many as it allows.
 */
class ManyConnectionsTest {
  private static final int TARGET_CONNECTIONS = 10_000;

  /** Descriptors kept free for the JVM, the build and the fresh connections of the check. */
  private static final long SPARE_DESCRIPTORS = 1_000;

  /** Fewer connections than this would not test anything an event loop is for. */
  private static final int MIN_CONNECTIONS = 1_000;

  /** How long each of the many answers waits: far longer than the checks take. */
  private static final long WAIT_MICROS = 6_000_000;

  /** Time for the server to take in the burst of delayed requests before the checks start. */
  private static final long SETTLE_MILLIS = 1_500;

  private static final int PROBES = 20;

  /** A loopback exchange takes about a millisecond; this leaves room for a noisy 2-core box. */
  private static final long PROBE_MEDIAN_LIMIT_MILLIS = 50;

  /**
   * Room for one probe caught by a pause of a shared machine, yet far below {@link #WAIT_MICROS}: a
   * server that let the probe queue behind the waiting answers (a blocked event loop, a thread pool
   * busy sleeping) fails it.
   */
  private static final long PROBE_MAX_LIMIT_MILLIS = 1_000;

  private static final String DELAYED = process(WAIT_MICROS);
  private static final String IMMEDIATE = process(0);

  @Test
  void freshConnectionsAreAnsweredQuickly_whileThousandsOfConnectionsWaitForDelayedAnswers()
      throws Exception {
    int connections = affordableConnections();
    var threads = ManagementFactory.getThreadMXBean();
    List<RawHttp> open = new ArrayList<>(connections);
    try (var server =
        EngineHttpServer.start(
            new ScriptedEngine(),
            EngineServerConfig.defaults().withLatencyMode(LatencyMode.MODEL))) {
      long openStart = System.nanoTime();
      for (int i = 0; i < connections; i++) {
        RawHttp connection = new RawHttp(server.port());
        open.add(connection);
        connection.send(RawHttp.get("/health")); // an HTTP exchange, so the connection is live
        assertThat(connection.read().status()).isEqualTo(200);
      }
      long openMillis = millisSince(openStart);
      List<Long> idleProbes = probeMillis(server);
      int threadsIdle = threads.getThreadCount();

      long sendStart = System.nanoTime();
      for (RawHttp connection : open) {
        connection.send(DELAYED);
      }
      long sendMillis = millisSince(sendStart);
      Thread.sleep(Math.max(0, SETTLE_MILLIS - millisSince(sendStart)));
      List<Long> waitingProbes = probeMillis(server);
      long probesDoneMillis = millisSince(sendStart);
      int threadsWaiting = threads.getThreadCount();

      int answered = 0;
      for (RawHttp connection : open) {
        RawHttp.Response response = connection.read();
        if (response.status() == 200 && response.body().contains("\"latency_us\":6000000")) {
          answered++;
        }
      }
      long drainMillis = millisSince(sendStart);

      System.out.printf(
          Locale.ROOT,
          "many connections: %d opened in %d ms; fresh health+process with them idle: median %d ms,"
              + " max %d ms; %d delayed requests sent in %d ms; fresh health+process while they"
              + " wait: median %d ms, max %d ms; threads %d idle, %d while waiting; %d answered"
              + " %d ms after the first send%n",
          connections,
          openMillis,
          median(idleProbes),
          Collections.max(idleProbes),
          connections,
          sendMillis,
          median(waitingProbes),
          Collections.max(waitingProbes),
          threadsIdle,
          threadsWaiting,
          answered,
          drainMillis);
      assertResponsive(idleProbes, "with " + connections + " idle connections open");
      assertResponsive(waitingProbes, "while " + connections + " answers wait");
      assertThat(probesDoneMillis)
          .as("the checks ran while the delayed answers were still waiting")
          .isLessThan(TimeUnit.MICROSECONDS.toMillis(WAIT_MICROS));
      assertThat(threadsWaiting - threadsIdle)
          .as("threads added by %d waiting answers", connections)
          .isLessThan(8);
      assertThat(answered).isEqualTo(connections);
      assertThat(drainMillis).isGreaterThanOrEqualTo(TimeUnit.MICROSECONDS.toMillis(WAIT_MICROS));
    } finally {
      for (RawHttp connection : open) {
        connection.close();
      }
    }
  }

  private static void assertResponsive(List<Long> probeMillis, String when) {
    assertThat(median(probeMillis))
        .as("median fresh exchange " + when)
        .isLessThan(PROBE_MEDIAN_LIMIT_MILLIS);
    assertThat(Collections.max(probeMillis))
        .as("slowest fresh exchange " + when)
        .isLessThan(PROBE_MAX_LIMIT_MILLIS);
  }

  /** Times a health check and an immediate process on each of a few fresh connections. */
  private static List<Long> probeMillis(EngineHttpServer server) throws Exception {
    List<Long> millis = new ArrayList<>();
    for (int i = 0; i < PROBES; i++) {
      long start = System.nanoTime();
      try (var fresh = new RawHttp(server.port())) {
        fresh.send(RawHttp.get("/health"));
        assertThat(fresh.read().status()).isEqualTo(200);
        fresh.send(IMMEDIATE);
        assertThat(fresh.read().status()).isEqualTo(200);
      }
      millis.add(millisSince(start));
    }
    return millis;
  }

  private static int affordableConnections() {
    var os = (UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long free =
        os.getMaxFileDescriptorCount() - os.getOpenFileDescriptorCount() - SPARE_DESCRIPTORS;
    int connections = (int) Math.min(TARGET_CONNECTIONS, free / 2);
    assertThat(connections)
        .as(
            "connections the open-file limit (%d) allows; raise it with ulimit -n",
            os.getMaxFileDescriptorCount())
        .isGreaterThanOrEqualTo(MIN_CONNECTIONS);
    return connections;
  }

  private static String process(long latencyMicros) {
    byte[] body = WireFormat.writeRequest(ScriptedEngine.latency(latencyMicros));
    return RawHttp.post("/process", new String(body, StandardCharsets.UTF_8));
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
