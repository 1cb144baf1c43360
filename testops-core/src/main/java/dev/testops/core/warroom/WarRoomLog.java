package dev.testops.core.warroom;

import dev.testops.core.artifact.ArtifactHome;
import dev.testops.core.artifact.Channel;
import dev.testops.core.canonical.CanonicalJson;
import java.nio.file.Path;
import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/**
 * Appends war-room entries. Every entry goes to the run's log; entries of severity {@code warn},
 * {@code error} and {@code critical}, and run starts and ends, also go to the master log.
 * Thread-safe: appends are serialised.
 */
public final class WarRoomLog {
  private final ArtifactHome home;

  /** Creates a log under the home's {@code warroom/} folder. */
  public WarRoomLog(ArtifactHome home) {
    this.home = home;
  }

  /** The run's log file. */
  public Path runLog(String runId) {
    return home.root().resolve("warroom/run-" + runId + ".jsonl");
  }

  /** The master log file. */
  public Path masterLog() {
    return home.root().resolve("warroom/master/warroom.jsonl");
  }

  /**
   * Appends an entry.
   *
   * @param phase the phase, or {@code run} for the run itself
   * @param severity {@code info}, {@code warn}, {@code error} or {@code critical}
   * @param remediation what to do about it, or {@code null}
   * @param key whether it is a key event for the master log regardless of severity
   */
  public synchronized void record(
      Instant at,
      String runId,
      String phase,
      String severity,
      String message,
      String remediation,
      boolean key) {
    ObjectNode entry = CanonicalJson.object();
    entry.put("at", at.toString());
    entry.put("run_id", runId);
    entry.put("phase", phase);
    entry.put("severity", severity);
    entry.put("message", message);
    if (remediation != null) {
      entry.put("remediation", remediation);
    }
    String line = CanonicalJson.line(entry);
    var output = home.output();
    output.append(Channel.WAR_ROOM, runLog(runId), line);
    if (key || !severity.equals("info")) {
      // Shared by every run and process: appended under a lock, never rewritten.
      output.append(Channel.WAR_ROOM, masterLog(), line);
    }
  }
}
