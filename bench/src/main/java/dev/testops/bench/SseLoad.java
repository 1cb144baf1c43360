package dev.testops.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The SSE load: a separate JVM started by {@link FanOutBench}, so that its clients' memory is not
 * counted in the server's heap. It opens N streams of one run (a limited number of connects in
 * flight, so the server's accept queue does not overflow), prints {@code READY <connected>
 * <millis>} once each has received its first event (so the server has registered its listener),
 * waits for every stream to end, writes one line per stream to the receipts file and prints {@code
 * DONE <complete> <events> <reconnects>}.
 *
 * <p>Arguments: {@code <base url> <run id> <streams> <receipts file> <timeout seconds>}.
 */
public final class SseLoad {
  private static final int CONNECTS_IN_FLIGHT = 64;

  private SseLoad() {}

  /**
   * Runs the load; exits 0 when it could write its receipts (complete or not), 2 for bad arguments.
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 5) {
      System.err.println("usage: SseLoad <base url> <run id> <streams> <receipts> <timeout s>");
      System.exit(2);
    }
    URI uri = URI.create(args[0] + "/v1/test-runs/" + args[1] + "/events");
    int n = Integer.parseInt(args[2]);
    Path receipts = Path.of(args[3]);
    long timeoutSeconds = Long.parseLong(args[4]);

    // Two threads run every client's callbacks; the connections need none of their own.
    ExecutorService callbacks =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "sse-load");
              t.setDaemon(true);
              return t;
            });
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30))
            .executor(callbacks)
            .build();
    var connects = new Semaphore(CONNECTS_IN_FLIGHT);
    var ready = new CountDownLatch(n);
    var ended = new CountDownLatch(n);
    SseStream[] streams = new SseStream[n];
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      connects.acquire();
      streams[i] =
          new SseStream(
              i,
              http,
              uri,
              () -> {
                connects.release();
                ready.countDown();
              },
              s -> ended.countDown());
      streams[i].connect();
    }
    ready.await(timeoutSeconds, TimeUnit.SECONDS);
    long connected = 0;
    for (SseStream s : streams) {
      connected += s.count() > 0 ? 1 : 0;
    }
    System.out.printf(
        Locale.ROOT, "READY %d %d%n", connected, (System.nanoTime() - start) / 1_000_000);
    System.out.flush();

    boolean allEnded = ended.await(timeoutSeconds, TimeUnit.SECONDS);
    long complete = 0;
    long events = 0;
    long reconnects = 0;
    try (BufferedWriter out = Files.newBufferedWriter(receipts, StandardCharsets.UTF_8)) {
      for (SseStream s : streams) {
        // A stream still open after the timeout is written as it stands (and counts as failed).
        s.writeTo(out);
        complete += s.complete() ? 1 : 0;
        events += s.count();
        reconnects += s.reconnects();
      }
    }
    System.out.printf(
        Locale.ROOT, "%s %d %d %d%n", allEnded ? "DONE" : "TIMEOUT", complete, events, reconnects);
    System.out.flush();
    callbacks.shutdownNow();
    System.exit(0);
  }
}
