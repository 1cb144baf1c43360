package dev.testops.core.run;

import dev.testops.core.TestOpsException;
import dev.testops.core.artifact.ArtifactHome;
import dev.testops.core.artifact.Channel;
import dev.testops.core.artifact.Sha256;
import dev.testops.core.bundle.RunBundle;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.warroom.WarRoomLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a run leaves on disk besides its phases' own output: the text log, the exported events, the
 * artifact records (path, size, SHA-256, with an {@code artifact} event each) and the bundle.
 */
final class RunRecords {
  private final RunStore store;
  private final EventLog events;
  private final ArtifactHome home;
  private final WarRoomLog warRoom;
  private final Clock clock;
  private final RunReports reports;

  RunRecords(
      RunStore store,
      EventLog events,
      ArtifactHome home,
      WarRoomLog warRoom,
      Clock clock,
      RunReports reports) {
    this.reports = reports;
    this.store = store;
    this.events = events;
    this.home = home;
    this.warRoom = warRoom;
    this.clock = clock;
  }

  /**
   * Writes the run's events so far as JSON lines ({@code logs/run-<id>.events.jsonl}) for the
   * bundle: every event up to the bundle's creation (the final state event follows it).
   */
  Path exportEvents(String runId) {
    events.flush();
    Path file = home.root().resolve("logs/run-" + runId + ".events.jsonl");
    var text = new StringBuilder();
    long after = 0;
    for (List<RunEvent> page = store.events(runId, after, 1000);
        !page.isEmpty();
        page = store.events(runId, after, 1000)) {
      for (RunEvent event : page) {
        ObjectNode line = CanonicalJson.object();
        line.put("seq", event.seq());
        line.put("type", event.type());
        line.put("at", event.at().toString());
        line.set(
            "data", CanonicalJson.parse(event.data().getBytes(StandardCharsets.UTF_8), "event"));
        text.append(CanonicalJson.line(line)).append('\n');
        after = event.seq();
      }
    }
    home.output().write(Channel.ARTIFACT, file, text.toString());
    return file;
  }

  /** Writes the run's reports and records them; a failure here is logged, not fatal. */
  void report(Run finished) {
    try {
      reports.write(finished).forEach((kind, file) -> recordArtifact(finished.id(), kind, file));
    } catch (RuntimeException e) {
      // A report that cannot be written must not change the verdict of the run that ran.
      warRoom.record(
          clock.instant(),
          finished.id(),
          "run",
          "warn",
          "report not written: " + (e instanceof TestOpsException ? e.getMessage() : e.toString()),
          "render it again with: testops report --run-id " + finished.id(),
          true);
    }
  }

  /** Bundles every artifact the run recorded; a failure here is logged, not fatal. */
  void bundle(Run run) {
    List<Path> files = new ArrayList<>();
    for (RunStore.Artifact artifact : store.artifacts(run.id())) {
      files.add(home.root().resolve(artifact.path()));
    }
    try {
      recordArtifact(run.id(), "bundle", RunBundle.write(home, run.id(), files, clock.instant()));
    } catch (TestOpsException e) {
      warRoom.record(
          clock.instant(),
          run.id(),
          "run",
          "warn",
          "bundle not written: " + e.getMessage(),
          "check free disk space and permissions under " + home.snapshots(),
          true);
    }
  }

  /** The run's text log. */
  Path runLog(String runId) {
    return home.root().resolve("logs/run-" + runId + ".log");
  }

  void recordArtifact(String runId, String kind, Path file) {
    if (!Files.isRegularFile(file)) {
      return;
    }
    var digest = Sha256.newDigest();
    long size;
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      size = in.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new TestOpsException.StorageFailure("cannot read " + file + ": " + e, e);
    }
    String relative = home.root().relativize(file.toAbsolutePath().normalize()).toString();
    String sha = HexFormat.of().formatHex(digest.digest());
    store.addArtifact(new RunStore.Artifact(runId, kind, relative, size, sha));
    ObjectNode data = CanonicalJson.object();
    data.put("kind", kind);
    data.put("path", relative);
    data.put("size_bytes", size);
    data.put("sha256", sha);
    events.emit(runId, "artifact", data);
  }

  void appendLog(String runId, String phase, String level, String message) {
    Path file = runLog(runId);
    String line =
        clock.instant()
            + " "
            + level.toUpperCase(java.util.Locale.ROOT)
            + " ["
            + phase
            + "] "
            + message;
    home.output().append(Channel.LOG, file, line);
  }
}
