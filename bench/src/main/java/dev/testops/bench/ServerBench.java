package dev.testops.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Benchmarks the server's event path: ingest into SQLite against bare JDBC ({@link IngestBench}),
 * then live-event fan-out to many SSE clients against one client ({@link FanOutBench}). Prints the
 * rounds, a table and a final line of JSON. A missed goal is reported, not an error: the exit code
 * is 0 unless something crashed (2 for bad arguments).
 */
public final class ServerBench {
  private ServerBench() {}

  /**
   * Runs the benchmark in a temporary folder (under {@code java.io.tmpdir}), deleted at the end.
   *
   * @param args see {@link ServerBenchOptions#USAGE}
   */
  public static void main(String[] args) throws Exception {
    if (List.of(args).contains("--help")) {
      System.out.println(ServerBenchOptions.USAGE);
      return;
    }
    ServerBenchOptions options;
    try {
      options = ServerBenchOptions.parse(List.of(args));
    } catch (IllegalArgumentException e) {
      System.err.println("server-bench: " + e.getMessage());
      System.err.println(ServerBenchOptions.USAGE);
      System.exit(2);
      return;
    }
    PrintStream out = System.out;
    out.printf(
        Locale.ROOT,
        "server benchmark: %d cores, max heap %d MiB, Java %s%n",
        Runtime.getRuntime().availableProcessors(),
        JvmGauges.maxHeapBytes() >> 20,
        Runtime.version());
    Path dir = Files.createTempDirectory("testops-server-bench-");
    try {
      IngestBench.Result ingest = null;
      if (!options.skipIngest()) {
        out.printf(
            Locale.ROOT,
            "%nevent ingest: %,d events a step, %d warm-up + %d measured rounds, in %s%n",
            options.events(),
            options.warmups(),
            options.iterations(),
            dir);
        Path ingestDir = Files.createDirectories(dir.resolve("ingest"));
        ingest = new IngestBench(options, out).run(ingestDir);
        deleteTree(ingestDir);
      }
      List<FanOutBench.Scenario> sse = List.of();
      if (!options.skipSse()) {
        out.printf(
            Locale.ROOT,
            "%nSSE fan-out: %d clients on one smoke run of %d users, then 1 client for reference%n",
            options.subscribers(),
            options.users());
        Path home = Files.createDirectories(dir.resolve("home"));
        sse = new FanOutBench(options, home, out).run();
      }
      new ServerBenchReport(
              options, ingest, sse.isEmpty() ? null : sse.get(0), sse.isEmpty() ? null : sse.get(1))
          .print(out);
    } finally {
      deleteTree(dir);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
