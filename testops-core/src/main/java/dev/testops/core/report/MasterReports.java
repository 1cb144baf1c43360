package dev.testops.core.report;

import dev.testops.core.TestOpsException;
import dev.testops.core.artifact.ArtifactHome;
import dev.testops.core.artifact.Channel;
import dev.testops.core.artifact.Output;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.report.html.ReportPage;
import dev.testops.core.run.Run;
import dev.testops.core.run.RunReports;
import dev.testops.core.run.RunStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the master reports under {@code reports/}: per run {@code master/run-<id>.json} and {@code
 * .html}, the SIM and load figures beside them ({@code .sim.json}, {@code .load.json}), and {@code
 * index.html} listing every run that has one. Each file appears whole or not at all.
 */
public final class MasterReports implements RunReports {
  /** Relative path from {@code reports/master/} back to the home, for links in a page. */
  private static final String MASTER_TO_HOME = "../../";

  private static final int PAGE = 500;

  /** The index lists the newest runs only, so writing it stays cheap as the history grows. */
  static final int INDEX_LIMIT = 1000;

  private final RunStore store;
  private final ArtifactHome home;
  private final ReportPage page;
  private final Output output;

  /** Creates the writer. */
  public MasterReports(RunStore store, ArtifactHome home, ReportPage page) {
    this.store = store;
    this.home = home;
    this.output = home.output();
    this.page = page;
  }

  /** The files of one run's report. */
  public record Written(Path json, Path html) {}

  /** {@code reports/master/run-<id>.json} */
  public Path json(String runId) {
    return home.inside(master().resolve("run-" + runId + ".json"));
  }

  /** {@code reports/master/run-<id>.html} */
  public Path html(String runId) {
    return home.inside(master().resolve("run-" + runId + ".html"));
  }

  /** {@code reports/index.html} */
  public Path index() {
    return home.reports().resolve("index.html");
  }

  /** Writes the report of a run that has just ended, then the index (which lists it). */
  @Override
  public Map<String, Path> write(Run finished) {
    Written written = writeReport(finished);
    writeIndex(finished);
    Map<String, Path> files = new LinkedHashMap<>();
    files.put("report", written.json());
    files.put("report-html", written.html());
    return files;
  }

  /**
   * Writes the report of a run (its final state may not be stored yet).
   *
   * @return the JSON and HTML files
   */
  public Written writeReport(Run finished) {
    ObjectNode report = MasterReport.build(finished, home, store.artifacts(finished.id()));
    String id = finished.id();
    if (!report.path("sim").isNull()) {
      ObjectNode sim = CanonicalJson.object();
      sim.put("run_id", id);
      sim.set("engine", report.get("engine"));
      sim.set("inputs", report.get("inputs"));
      sim.set("sim", report.get("sim"));
      output.write(Channel.REPORT, beside(id, ".sim.json"), CanonicalJson.pretty(sim));
    }
    if (!report.path("load").isNull()) {
      output.write(
          Channel.REPORT, beside(id, ".load.json"), CanonicalJson.pretty(report.get("load")));
    }
    output.write(Channel.REPORT, json(id), CanonicalJson.pretty(report));
    output.write(
        Channel.REPORT,
        html(id),
        page.render(report, MASTER_TO_HOME).getBytes(StandardCharsets.UTF_8));
    return new Written(json(id), html(id));
  }

  /**
   * Renders a stored run's report again from the stored run and its artifacts.
   *
   * @throws TestOpsException.NotFound when there is no such run
   * @throws TestOpsException.Conflict when the run has not ended
   */
  public Written render(String runId) {
    Run run =
        store
            .find(runId)
            .orElseThrow(() -> new TestOpsException.NotFound("no run with id " + runId));
    if (!run.status().isTerminal()) {
      throw new TestOpsException.Conflict(
          "run " + runId + " is " + run.status().wireName() + "; its report comes when it ends");
    }
    Written written = writeReport(run);
    writeIndex(null);
    return written;
  }

  /** Renders every ended run's report again, oldest first, then the index. */
  public List<Written> renderAll() {
    List<Run> runs = endedRuns();
    List<Written> written = new ArrayList<>();
    for (int i = runs.size() - 1; i >= 0; i--) {
      written.add(writeReport(runs.get(i)));
    }
    writeIndex(null);
    return written;
  }

  /**
   * Rewrites {@code reports/index.html}: the runs whose report is on disk, listed from the store.
   *
   * @param ending a run that has just ended but is not stored as ended yet, or {@code null}
   */
  private Path writeIndex(Run ending) {
    List<Run> runs = new ArrayList<>();
    if (ending != null) {
      runs.add(ending);
    }
    for (Run run : endedRuns()) {
      if (ending == null || !run.id().equals(ending.id())) {
        runs.add(run);
      }
    }
    int total = runs.size();
    List<JsonNode> reports = new ArrayList<>();
    for (Run run : runs) {
      if (reports.size() == INDEX_LIMIT) {
        break;
      }
      if (Files.isRegularFile(html(run.id()))) {
        reports.add(MasterReport.indexEntry(run));
      }
    }
    output.write(Channel.REPORT, index(), page.renderIndex(reports, total));
    return index();
  }

  /** Ended runs, newest first. */
  private List<Run> endedRuns() {
    List<Run> runs = new ArrayList<>();
    for (int offset = 0; ; offset += PAGE) {
      List<Run> page = store.list(Optional.empty(), offset, PAGE);
      for (Run run : page) {
        if (run.status().isTerminal()) {
          runs.add(run);
        }
      }
      if (page.size() < PAGE) {
        return runs;
      }
    }
  }

  private Path master() {
    return home.reports().resolve("master");
  }

  private Path beside(String runId, String suffix) {
    return home.inside(master().resolve("run-" + runId + suffix));
  }
}
