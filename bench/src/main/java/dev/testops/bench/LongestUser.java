package dev.testops.bench;

import dev.testops.core.snapshot.RecordsReader;
import dev.testops.core.snapshot.Snapshot;
import dev.testops.core.snapshot.SnapshotFormat;
import java.nio.file.Path;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a SIM run's snapshot and records and prints, as one JSON line, the figures {@code
 * bench/sim-http} bounds its wall time with: the requests and errors, and the user whose turns'
 * modelled latencies add up to the most (a SIM sends a user's turns one after another and never
 * sleeps its think times, so no run can end before that user's answers have all been waited for).
 *
 * <pre>java -cp ... dev.testops.bench.LongestUser snapshots/run-ID.json</pre>
 */
public final class LongestUser {
  private LongestUser() {}

  /** Prints the figures of the snapshot named by the one argument. */
  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: LongestUser SNAPSHOT");
      System.exit(2);
    }
    Snapshot snapshot = SnapshotFormat.read(Path.of(args[0]));
    var json = JsonMapper.builder().build();
    long requests = 0;
    long errors = 0;
    String user = null;
    long userMicros = 0;
    String longest = null;
    long longestMicros = -1;
    try (var records = new RecordsReader(snapshot.recordsPath())) {
      for (String line = records.next(); line != null; line = records.next()) {
        JsonNode record = json.readTree(line);
        requests++;
        String id = record.path("user").asString();
        if (!id.equals(user)) {
          // Records come in user then turn order: a new id closes the previous user's sum.
          if (user != null && userMicros > longestMicros) {
            longest = user;
            longestMicros = userMicros;
          }
          user = id;
          userMicros = 0;
        }
        if ("error".equals(record.path("status").asString())) {
          errors++;
        } else {
          userMicros += record.path("latency_us").asLong();
        }
      }
    }
    if (user != null && userMicros > longestMicros) {
      longest = user;
      longestMicros = userMicros;
    }
    System.out.printf(
        Locale.ROOT,
        "{\"requests\":%d,\"errors\":%d,\"users\":%d,\"longest_user\":\"%s\","
            + "\"longest_user_latency_s\":%.3f}%n",
        requests,
        errors,
        snapshot.users(),
        longest,
        longestMicros / 1e6);
  }
}
