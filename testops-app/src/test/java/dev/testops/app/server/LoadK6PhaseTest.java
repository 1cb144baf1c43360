package dev.testops.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The load phase with the k6 driver: a fake k6 writes a summary export; exit 99 fails the run. */
@Timeout(120)
class LoadK6PhaseTest {
  @TempDir Path home;

  private void suiteWithFakeK6(int exit) throws Exception {
    Path k6 = Files.createDirectories(home.resolve("bin")).resolve("k6");
    String summary =
        "{\"metrics\":{\"http_reqs\":{\"count\":100,\"rate\":20.0},"
            + "\"http_req_duration\":{\"avg\":12.5,\"min\":1.0,\"med\":10.0,\"max\":90.0,"
            + "\"p(90)\":20.0,\"p(95)\":30.0,\"thresholds\":{\"p(95)<500\":"
            + (exit == 99)
            + "}},"
            + "\"http_req_failed\":{\"passes\":0,\"fails\":100,\"value\":0},"
            + "\"iterations\":{\"count\":100,\"rate\":20.0},"
            + "\"vus_max\":{\"value\":10,\"min\":10,\"max\":10},"
            + "\"checks\":{\"passes\":100,\"fails\":0,\"value\":1}},"
            + "\"root_group\":{\"name\":\"\",\"path\":\"\",\"id\":\"d41d8cd98f00b204e9800998ecf8427e\","
            + "\"groups\":{},\"checks\":{}}}";
    Files.writeString(
        k6,
        "#!/bin/bash\n"
            + "while [ $# -gt 0 ]; do if [ \"$1\" = --summary-export ]; then out=$2; fi; shift; done\n"
            + "echo 'running (fake k6)'\n"
            + "cat > \"$out\" <<'JSON'\n"
            + summary
            + "\nJSON\nexit "
            + exit
            + "\n");
    k6.toFile().setExecutable(true);
    Files.createDirectories(home.resolve("config/suites"));
    Files.writeString(
        home.resolve("config/suites/k6load.yaml"),
        String.join(
            "\n",
            "name: k6load",
            "description: the load phase through k6",
            "dataset: {users: 10}",
            "phases:",
            "  - phase: load",
            "    scenario: smoke",
            "    driver: k6",
            "    k6_path: " + k6,
            ""));
  }

  @Test
  void k6Driver_runsTheScript_andItsSummaryBecomesThePhaseResult() throws Exception {
    suiteWithFakeK6(0);
    try (TestServer server = TestServer.start(home)) {
      String id = server.createRun("{\"suite\":\"k6load\"}");
      JsonNode run = server.awaitEnd(id);

      assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("passed");
      assertThat(run.at("/phases/0/summary/metrics/http_reqs/count").asLong()).isEqualTo(100);
      assertThat(Files.readString(home.resolve("load/mock_scenarios.js")))
          .contains("constant-arrival-rate");
    }
  }

  @Test
  void k6Exit99_failsTheRun_namingTheThreshold() throws Exception {
    suiteWithFakeK6(99);
    try (TestServer server = TestServer.start(home)) {
      JsonNode run = server.awaitEnd(server.createRun("{\"suite\":\"k6load\"}"));

      assertThat(run.path("status").asString()).isEqualTo("failed");
      assertThat(run.path("reason").asString()).contains("p(95)<500");
    }
  }
}
