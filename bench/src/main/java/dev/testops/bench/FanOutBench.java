package dev.testops.bench;

import dev.testops.core.TestOps;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.run.RunEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Live-event fan-out: N SSE clients on one run of a TestOps server started in this JVM. The clients
 * run in a child JVM ({@link SseLoad}), so that the heap measured here is the server's alone.
 *
 * <p>The run must not start before every client is connected, or its first events would reach them
 * from the store instead of live. So a blocking run goes first: an engine check whose engine sleeps
 * in every request ({@code fault=slow}), holding the one-run queue while the measured run waits
 * queued behind it and the clients connect. The measured run is the {@code smoke} suite.
 */
final class FanOutBench {
  /** Requests the engine check sends (four canned prompts, each to two engine instances). */
  private static final int CHECK_REQUESTS = 8;

  private static final Set<String> ENDED = Set.of("passed", "failed", "error", "cancelled");

  /**
   * One scenario's figures.
   *
   * @param subscribers clients asked for
   * @param connected clients that received their first event
   * @param connectMillis time to connect them all
   * @param events the run's stored events (N)
   * @param receipts what the clients received, checked
   * @param heapBytesBefore heap used after a full GC before the clients connected
   * @param heapBytesAfter the same with every client connected
   * @param threadsAdded live threads added by the clients
   * @param rssBytesAdded resident memory added by the clients ({@code -1} where unknown)
   * @param runStatus the measured run's final status
   * @param runSeconds the measured run's time from start to finish
   * @param problems what went wrong around the clients, e.g. the run started too early
   */
  record Scenario(
      int subscribers,
      long connected,
      long connectMillis,
      int events,
      Receipts receipts,
      long heapBytesBefore,
      long heapBytesAfter,
      int threadsAdded,
      long rssBytesAdded,
      String runStatus,
      double runSeconds,
      List<String> problems) {}

  private final ServerBenchOptions options;
  private final PrintStream out;
  private final Path home;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private String url;

  FanOutBench(ServerBenchOptions options, Path home, PrintStream out) {
    this.options = options;
    this.home = home;
    this.out = out;
  }

  /** Runs a warm-up and a reference with one client, then the fan-out; returns both measured. */
  List<Scenario> run() throws Exception {
    int threads = Runtime.getRuntime().availableProcessors();
    try (var server = InProcessServer.start(home, options.subscribers() + 64, threads)) {
      url = server.url();
      out.printf(Locale.ROOT, "server on %s (home %s)%n", url, home);
      scenario("warm-up", 1, 2);
      Scenario reference = scenario("reference", 1, 2);
      Scenario fanOut = scenario("fan-out", options.subscribers(), options.holdSeconds());
      return List.of(reference, fanOut);
    }
  }

  private Scenario scenario(String label, int subscribers, int holdSeconds) throws Exception {
    long slowMillis = Math.max(1, holdSeconds * 1000L / CHECK_REQUESTS);
    String blocker =
        create(
            "{\"suites\":[\"engine-check\"],\"engine_options\":{\"fault\":\"slow:"
                + slowMillis
                + "\"}}");
    String runId = create("{\"suite\":\"smoke\",\"dataset\":{\"users\":" + options.users() + "}}");
    long heapBefore = usedHeapAfterGc();
    int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
    long rssBefore = rssBytes();
    Path receiptsFile = Files.createTempFile(home, "receipts-", ".tsv");
    Process load = startLoad(runId, subscribers, receiptsFile);
    List<String> problems = new ArrayList<>();
    try (var lines =
        new BufferedReader(new InputStreamReader(load.getInputStream(), StandardCharsets.UTF_8))) {
      String[] ready = expect(lines, "READY");
      long liveFromMicros = micros(Instant.now());
      String status = get("/v1/test-runs/" + runId).path("status").asString();
      if (!status.equals("queued")) {
        problems.add(
            "the run was " + status + " before every client connected: raise --hold-seconds");
      }
      long heapAfter = usedHeapAfterGc();
      int threadsAdded = ManagementFactory.getThreadMXBean().getThreadCount() - threadsBefore;
      long rssAdded = rssBefore < 0 ? -1 : rssBytes() - rssBefore;
      out.printf(
          Locale.ROOT,
          "%-10s %d clients connected in %s ms; waiting for the run...%n",
          label,
          Long.parseLong(ready[1]),
          ready[2]);
      out.flush();
      String[] done = expect(lines, "DONE");
      load.waitFor();
      JsonNode run = awaitEnd(runId);
      awaitEnd(blocker);
      List<RunEvent> stored;
      try (TestOps testops =
          TestOps.create(
              cfg ->
                  cfg.home(home)
                      .clock(Clock.systemUTC())
                      .entropy(new SecureRandom()::nextLong)
                      .nanoTime(System::nanoTime))) {
        stored = testops.store().events(runId, 0, Integer.MAX_VALUE);
      }
      Receipts receipts = Receipts.check(receiptsFile, stored, liveFromMicros);
      Files.deleteIfExists(receiptsFile);
      double runSeconds =
          Duration.between(
                      Instant.parse(run.path("started_at").asString()),
                      Instant.parse(run.path("finished_at").asString()))
                  .toNanos()
              / 1e9;
      out.printf(
          Locale.ROOT,
          "%-10s run %s in %.2f s, %d events; %d/%d clients exact; delivered %d; reconnects %s;"
              + " latency p50 %.1f ms p99 %.1f ms%n",
          label,
          run.path("status").asString(),
          runSeconds,
          stored.size(),
          receipts.exact(),
          subscribers,
          receipts.delivered(),
          done[3],
          receipts.latency().getValueAtPercentile(50) / 1000.0,
          receipts.latency().getValueAtPercentile(99) / 1000.0);
      out.flush();
      return new Scenario(
          subscribers,
          Long.parseLong(ready[1]),
          Long.parseLong(ready[2]),
          stored.size(),
          receipts,
          heapBefore,
          heapAfter,
          threadsAdded,
          rssAdded,
          run.path("status").asString(),
          runSeconds,
          problems);
    } finally {
      load.destroy();
    }
  }

  /** Starts {@link SseLoad} in a child JVM on this JVM's class path. */
  private Process startLoad(String runId, int subscribers, Path receipts) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    long timeoutSeconds = 600;
    return new ProcessBuilder(
            java,
            "-Xmx1g",
            "-cp",
            System.getProperty("java.class.path"),
            SseLoad.class.getName(),
            url,
            runId,
            Integer.toString(subscribers),
            receipts.toString(),
            Long.toString(timeoutSeconds))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  /** Reads the child's lines up to the one that starts with the word; returns its fields. */
  private static String[] expect(BufferedReader lines, String word) throws IOException {
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      String[] fields = line.split(" ");
      if (fields[0].equals(word) || fields[0].equals("TIMEOUT")) {
        return fields;
      }
    }
    throw new IllegalStateException("the SSE load ended before printing " + word);
  }

  private String create(String body) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url + "/v1/test-runs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException(
          "POST /v1/test-runs answered " + response.statusCode() + ": " + response.body());
    }
    return parse(response.body()).path("id").asString();
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url + path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    return parse(response.body());
  }

  private JsonNode awaitEnd(String runId) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (true) {
      JsonNode run = get("/v1/test-runs/" + runId);
      if (ENDED.contains(run.path("status").asString())) {
        return run;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("run " + runId + " did not end: " + run);
      }
      Thread.sleep(50);
    }
  }

  private static JsonNode parse(String body) {
    return CanonicalJson.parse(body.getBytes(StandardCharsets.UTF_8), "response");
  }

  /** Heap used after full collections, in bytes. */
  static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** This process's resident memory in bytes ({@code VmRSS}), or -1 where /proc has none. */
  private static long rssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return -1;
  }

  private static long micros(Instant at) {
    return at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000;
  }
}
