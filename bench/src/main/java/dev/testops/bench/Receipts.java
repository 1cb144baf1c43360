package dev.testops.bench;

import dev.testops.core.run.RunEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What the SSE clients received ({@link SseStream#writeTo} lines), checked against the run's stored
 * events: each stream must hold ids 1..N exactly once, in order, N being the run's last stored
 * sequence number. Latencies are in microseconds.
 *
 * @param streams streams in the receipts
 * @param exact streams that received exactly 1..N in order and saw the run's final event
 * @param delivered events received over all streams (repeats included)
 * @param reconnects reconnects over all streams (a server drops a lagging client)
 * @param liveEvents events stored after the streams were all connected: the ones timed
 * @param latency per stream and live event: receive time minus the event's stored {@code at}
 * @param spread per stream and live event: receive time minus the first receipt of that event by
 *     any stream (how long the fan-out to every client took)
 * @param problems the first few streams that were not exact, and why
 */
record Receipts(
    int streams,
    int exact,
    long delivered,
    long reconnects,
    int liveEvents,
    Histogram latency,
    Histogram spread,
    List<String> problems) {

  private static final int SHOWN_PROBLEMS = 5;

  /**
   * Reads and checks a receipts file.
   *
   * @param stored the run's stored events, in order
   * @param liveFromMicros events stamped before this (epoch microseconds) reached the streams from
   *     the store on connect, not live, and are not timed
   * @throws IOException when the file cannot be read
   * @throws IllegalStateException when the stored events are not numbered 1..N
   */
  static Receipts check(Path file, List<RunEvent> stored, long liveFromMicros) throws IOException {
    int n = stored.size();
    long[] atMicros = new long[n + 1];
    for (int i = 0; i < n; i++) {
      RunEvent event = stored.get(i);
      if (event.seq() != i + 1) {
        throw new IllegalStateException("stored event " + (i + 1) + " has seq " + event.seq());
      }
      atMicros[i + 1] = event.at().getEpochSecond() * 1_000_000 + event.at().getNano() / 1_000;
    }
    List<Stream> received = read(file);
    long[] firstMicros = new long[n + 1];
    Arrays.fill(firstMicros, Long.MAX_VALUE);
    for (Stream stream : received) {
      for (int i = 0; i < stream.ids.length; i++) {
        long id = stream.ids[i];
        if (id >= 1 && id <= n) {
          firstMicros[(int) id] = Math.min(firstMicros[(int) id], stream.micros[i]);
        }
      }
    }
    var latency = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    var spread = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    int exact = 0;
    long delivered = 0;
    long reconnects = 0;
    List<String> problems = new ArrayList<>();
    for (int s = 0; s < received.size(); s++) {
      Stream stream = received.get(s);
      long[] ids = stream.ids;
      long[] micros = stream.micros;
      delivered += ids.length;
      reconnects += stream.reconnects;
      String problem = problem(ids, n, stream.complete);
      if (problem == null) {
        exact++;
      } else if (problems.size() < SHOWN_PROBLEMS) {
        problems.add(
            String.format(
                Locale.ROOT,
                "stream %d: %s (reconnects %d, failure %s)",
                s,
                problem,
                stream.reconnects,
                stream.failure));
      }
      for (int i = 0; i < ids.length; i++) {
        int id = (int) ids[i];
        if (id >= 1 && id <= n && atMicros[id] >= liveFromMicros) {
          latency.recordValue(Math.max(0, micros[i] - atMicros[id]));
          spread.recordValue(Math.max(0, micros[i] - firstMicros[id]));
        }
      }
    }
    int live = 0;
    for (int id = 1; id <= n; id++) {
      live += atMicros[id] >= liveFromMicros ? 1 : 0;
    }
    return new Receipts(
        received.size(), exact, delivered, reconnects, live, latency, spread, problems);
  }

  /** Why a stream is not exactly 1..n in order, or {@code null} when it is. */
  private static String problem(long[] ids, int n, boolean complete) {
    for (int i = 0; i < Math.min(ids.length, n); i++) {
      if (ids[i] != i + 1) {
        return String.format(Locale.ROOT, "event #%d has id %d, expected %d", i + 1, ids[i], i + 1);
      }
    }
    if (ids.length != n) {
      return String.format(Locale.ROOT, "received %d events, expected %d", ids.length, n);
    }
    return complete ? null : "ended without the final event or with an error";
  }

  /** One stream's line of the receipts file. */
  private record Stream(
      long[] ids, long[] micros, int reconnects, boolean complete, String failure) {}

  private static List<Stream> read(Path file) throws IOException {
    List<Stream> streams = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] fields = line.split("\t", -1);
        String[] pairs = fields[4].isEmpty() ? new String[0] : fields[4].split(" ");
        long[] ids = new long[pairs.length];
        long[] micros = new long[pairs.length];
        for (int i = 0; i < pairs.length; i++) {
          int colon = pairs[i].indexOf(':');
          ids[i] = Long.parseLong(pairs[i], 0, colon, 10);
          micros[i] = Long.parseLong(pairs[i], colon + 1, pairs[i].length(), 10);
        }
        streams.add(
            new Stream(ids, micros, Integer.parseInt(fields[1]), fields[2].equals("1"), fields[3]));
      }
    }
    return streams;
  }
}
