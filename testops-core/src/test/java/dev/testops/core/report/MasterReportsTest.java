package dev.testops.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.testops.core.Sims;
import dev.testops.core.TestOps;
import dev.testops.core.TestOpsException;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.report.html.ReportPage;
import dev.testops.core.run.Run;
import dev.testops.core.run.RunService;
import dev.testops.core.run.RunStore;
import dev.testops.core.run.Submission;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class MasterReportsTest {
  private static final String CHARTS = "window.charts = 'inlined chart script';";

  @TempDir Path home;
  private TestOps testops;
  private RunStore store;
  private RunService service;
  private MasterReports reports;
  private final AtomicLong entropy = new AtomicLong();

  @BeforeEach
  void open() {
    testops = Sims.testops(home, entropy::incrementAndGet, CHARTS);
    store = testops.store();
    service = testops.runs();
    reports = testops.reports();
  }

  @AfterEach
  void close() {
    testops.close();
  }

  private Run run(int users, Map<String, String> engineOptions) {
    return run("smoke", users, engineOptions);
  }

  private Run run(String suite, int users, Map<String, String> engineOptions) {
    var request =
        service.resolve(
            new Submission(
                Optional.of(suite),
                Optional.empty(),
                Optional.empty(),
                Optional.of(users),
                OptionalLong.of(7),
                Optional.empty(),
                engineOptions));
    return service.runInProcess(request, e -> {});
  }

  private JsonNode json(Path file) throws Exception {
    return CanonicalJson.parse(Files.readAllBytes(file), file.toString());
  }

  @Test
  void aPassingRun_writesJsonAndHtml_withTheFiguresItsArtifactsHold() throws Exception {
    Run run = run(40, Map.of("fault", ""));

    JsonNode report = json(reports.json(run.id()));
    JsonNode snapshot = json(home.resolve("snapshots/run-" + run.id() + ".json"));
    JsonNode determinism = json(home.resolve("reports/determinism/run-" + run.id() + ".json"));
    assertThat(report.path("kind").asString()).isEqualTo("testops.report");
    assertThat(report.path("verdict").path("status").asString()).isEqualTo("passed");
    assertThat(report.path("verdict").path("gate").asString()).isEqualTo("go");
    assertThat(report.path("run").path("finished_at").asString())
        .isEqualTo(store.find(run.id()).orElseThrow().finishedAt().toString());
    assertThat(report.path("sim")).isEqualTo(snapshot.path("metrics").path("sim"));
    assertThat(report.path("sim").path("requests").asLong()).isEqualTo(200);
    assertThat(report.path("determinism")).isEqualTo(determinism);
    assertThat(report.path("engine").path("id").asString()).isEqualTo("toron-v2.5h+");
    assertThat(report.path("inputs").path("seed").asLong()).isEqualTo(7);
    assertThat(report.path("phases").findValuesAsString("status"))
        .containsExactly("passed", "passed", "passed");
    List<String> kinds = report.path("artifacts").findValuesAsString("kind");
    assertThat(kinds).contains("snapshot", "records", "determinism").doesNotContain("bundle");
    assertThat(report.path("artifacts").path(0).path("sha256").asString()).hasSize(64);
    assertThat(home.resolve("reports/master/run-" + run.id() + ".sim.json")).isRegularFile();

    String html = Files.readString(reports.html(run.id()));
    assertThat(html)
        .contains(run.id())
        .contains("<span class=\"verdict passed\"")
        .contains(CHARTS)
        .contains("data-chart=\"heatmap\"")
        .contains("<td class=\"num\">" + report.path("sim").path("requests").asLong() + "</td>");
    assertThat(html).doesNotContainPattern("(src|href)=\"https?://");
    String index = Files.readString(reports.index());
    assertThat(index)
        .contains("master/run-" + run.id() + ".html")
        .contains("<td class=\"num\">200</td>")
        .contains("<td class=\"num\">100</td>")
        .contains("1 runs, newest first");
    assertThat(store.artifacts(run.id()))
        .extracting(RunStore.Artifact::kind)
        .contains("report", "report-html");
  }

  @Test
  void theBundleCarriesTheReport() throws Exception {
    Run run = run(20, Map.of("fault", ""));

    List<String> entries = new ArrayList<>();
    try (InputStream in =
            Files.newInputStream(home.resolve("snapshots/run-" + run.id() + ".tar.gz"));
        var tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        entries.add(e.getName());
      }
    }
    assertThat(entries)
        .anyMatch(name -> name.endsWith("reports/master/run-" + run.id() + ".json"))
        .anyMatch(name -> name.endsWith("reports/master/run-" + run.id() + ".html"));
  }

  @Test
  void renderingAgainFromTheStore_givesTheSameBytes() throws Exception {
    Run run = run(30, Map.of("fault", ""));
    byte[] json = Files.readAllBytes(reports.json(run.id()));
    byte[] html = Files.readAllBytes(reports.html(run.id()));
    Files.delete(reports.json(run.id()));
    Files.delete(reports.html(run.id()));

    reports.render(run.id());

    assertThat(Files.readAllBytes(reports.json(run.id()))).isEqualTo(json);
    assertThat(Files.readAllBytes(reports.html(run.id()))).isEqualTo(html);
  }

  @Test
  void aChangedArtifact_changesTheReport_soNothingIsCachedOrInvented() throws Exception {
    Run run = run(30, Map.of("fault", ""));
    Path determinism = home.resolve("reports/determinism/run-" + run.id() + ".json");
    String tampered =
        Files.readString(determinism)
            .replace("\"determinism_score\": 100", "\"determinism_score\": 42");
    assertThat(tampered).contains("42");
    Files.writeString(determinism, tampered);

    reports.render(run.id());

    JsonNode report = json(reports.json(run.id()));
    assertThat(report.path("determinism").path("determinism_score").asInt()).isEqualTo(42);
  }

  @Test
  void aMissingArtifact_isACorruptArtifactNamingIt() throws Exception {
    Run run = run(20, Map.of("fault", ""));
    Files.delete(home.resolve("reports/determinism/run-" + run.id() + ".json"));
    byte[] before = Files.readAllBytes(reports.json(run.id()));

    assertThatThrownBy(() -> reports.render(run.id()))
        .isInstanceOf(TestOpsException.CorruptArtifact.class)
        .hasMessageContaining("determinism")
        .hasMessageContaining("gone");
    assertThat(Files.readAllBytes(reports.json(run.id()))).isEqualTo(before);
  }

  @Test
  void aFailingRun_isNoGo_withItsWarRoomEntries() throws Exception {
    // Smoke without its engine check, which would catch this engine before the replay does.
    Path suites = Files.createDirectories(home.resolve("config/suites"));
    Files.writeString(
        suites.resolve("gate.yaml"),
        "name: gate\ndataset:\n  users: 50\nphases:\n  - phase: sim\n  - phase: replay\n"
            + "    floor: 98\n");
    Run run = run("gate", 200, Map.of("fault", "nondeterministic:0.05"));

    JsonNode report = json(reports.json(run.id()));
    assertThat(report.path("verdict").path("status").asString()).isEqualTo("failed");
    assertThat(report.path("verdict").path("gate").asString()).isEqualTo("no-go");
    assertThat(report.path("verdict").path("reason").asString()).startsWith("replay failed");
    assertThat(report.path("determinism").path("determinism_score").asDouble()).isLessThan(98);
    assertThat(report.path("determinism").path("first_divergences").size()).isPositive();
    JsonNode replayEntry = null;
    for (JsonNode entry : report.path("warroom")) {
      if (entry.path("phase").asString().equals("replay")
          && entry.path("severity").asString().equals("error")) {
        replayEntry = entry;
      }
    }
    assertThat(replayEntry).isNotNull();
    assertThat(replayEntry.path("remediation").asString()).isNotBlank();
    String html = Files.readString(reports.html(run.id()));
    assertThat(html)
        .contains("<h2>War room</h2>")
        .contains("First diverging records")
        .contains("gate: <strong>no-go</strong>");
  }

  @Test
  void anUnfinishedOrUnknownRun_isRefused() {
    assertThatThrownBy(() -> reports.render("nope"))
        .isInstanceOf(TestOpsException.NotFound.class)
        .hasMessageContaining("nope");
  }

  @Test
  void textThatLooksLikeMarkup_cannotLeaveTheDataScript() {
    var page = new ReportPage("var s = '</script><b>x</b>';");
    JsonNode report =
        CanonicalJson.parse(
            ("{\"run_id\":\"r1\",\"verdict\":{\"status\":\"failed\",\"reason\":\"</script><img"
                    + " src=x onerror=alert(1)>\"},\"run\":{},\"phases\":[],\"engine\":{},"
                    + "\"inputs\":{},\"warroom\":[],\"artifacts\":[]}")
                .getBytes(StandardCharsets.UTF_8),
            "report");

    String html = page.render(report, "../../");

    assertThat(html).doesNotContain("<img src=x").doesNotContain("'</script><b>");
    assertThat(html).contains("&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;");
    assertThat(html.split("</script>", -1)).hasSize(3); // the data and the chart script only
  }
}
