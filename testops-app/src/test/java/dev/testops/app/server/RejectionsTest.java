package dev.testops.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.testops.core.canonical.CanonicalJson;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Bad requests on every route answer problem+json naming the problem (also those the servlet
 * container refuses itself, and an oversized body gets its 413, not a reset), and leave nothing
 * behind: this server never accepts a request, so its history stays empty and its home holds only
 * the store.
 */
@Timeout(60)
class RejectionsTest {
  @TempDir static Path home;
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(home);
  }

  @AfterAll
  static void stopAndCheckNothingWasLeft() throws IOException {
    assertThat(server.get("/v1/test-runs").json().path("total").asLong()).isZero();
    server.close();
    try (Stream<Path> files = Files.walk(home)) {
      assertThat(files.filter(Files::isRegularFile).map(p -> home.relativize(p).toString()))
          .allMatch(p -> p.startsWith("data/"));
    }
  }

  @Test
  void usersOverTheCeiling_is422NamingTheCeiling() {
    String detail =
        server
            .post("/v1/test-runs", "{\"suite\":\"smoke\",\"dataset\":{\"users\":10001}}")
            .problem(422);

    assertThat(detail).contains("10000").contains("ceiling");
    assertThat(server.get("/v1/test-runs").json().path("items")).isEmpty();
  }

  @Test
  void unknownSuitePhaseOrEngine_areNamed() {
    assertThat(server.post("/v1/test-runs", "{\"suite\":\"nope\"}").problem(422)).contains("nope");
    assertThat(server.post("/v1/test-runs", "{\"suites\":[\"sim\",\"bogus\"]}").problem(422))
        .contains("bogus");
    assertThat(
            server
                .post("/v1/test-runs", "{\"suite\":\"smoke\",\"engine\":\"no-such\"}")
                .problem(422))
        .contains("no-such");
    server.post("/v1/test-runs", "{\"suite\":\"smoke\",\"suites\":[\"sim\"]}").problem(422);
    server.post("/v1/test-runs", "{}").problem(422);
  }

  @Test
  void malformedJson_is400_wrongTypesAndUnknownFields_422NamingTheField() {
    assertThat(server.post("/v1/test-runs", "{\"suite\":").problem(400)).contains("malformed JSON");
    server.post("/v1/test-runs", "{\"suite\":\"smoke\"} trailing").problem(400);
    server.post("/v1/test-runs", "{\"suite\":\"smoke\",\"suite\":\"full\"}").problem(400);
    assertThat(server.post("/v1/test-runs", "{\"suite\":5}").problem(422)).contains("'suite'");
    assertThat(server.post("/v1/test-runs", "{\"suite\":\"smoke\",\"colour\":1}").problem(422))
        .contains("'colour'");
    assertThat(
            server
                .post("/v1/test-runs", "{\"suite\":\"smoke\",\"dataset\":{\"users\":\"many\"}}")
                .problem(422))
        .contains("'dataset.users'");
    assertThat(
            server
                .post("/v1/test-runs", "{\"suite\":\"smoke\",\"dataset\":{\"userz\":1}}")
                .problem(422))
        .contains("'dataset.userz'");
    assertThat(server.post("/v1/test-runs", "[1]").problem(422)).contains("JSON object");
    server.post("/v1/snapshots/compare", "{\"base\":\"../etc\",\"target\":\"x\"}").problem(422);
    server.post("/v1/snapshots/compare", "{\"base\":\"nope\",\"target\":\"nope\"}").problem(404);
  }

  @Test
  void oversizedAndNonJsonBodies_are413And415() {
    String big = "{\"suite\":\"" + "x".repeat(70 * 1024) + "\"}";
    assertThat(server.post("/v1/test-runs", big).problem(413)).contains("65536");
    var text =
        HttpRequest.newBuilder(server.uri("/v1/test-runs"))
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString("suite=smoke"));
    server.send(text).problem(415);
  }

  @Test
  void unknownRoutesAndMethods_are404And405_andNoReportIsFaked() {
    assertThat(server.get("/tests/report/x").problem(404)).contains("unknown run x");
    assertThat(server.get("/nowhere").problem(404)).contains("no such route");
    var delete = server.send(HttpRequest.newBuilder(server.uri("/v1/test-runs")).DELETE());
    delete.problem(405);
    assertThat(delete.headers().firstValue("Allow")).hasValue("GET, POST");
    server.get("/v1/test-runs/x/events", "Last-Event-ID", "minus-one").problem(422);
    for (String path :
        List.of("/tests/status/x", "/tests/result/x", "/tests/bundle/x", "/v1/reports/x")) {
      server.get(path).problem(404);
    }
  }

  // Requests the servlet container refuses before any route sees them, sent over raw sockets so
  // no HTTP client tidies the path or refuses to send them.

  @Test
  void anEncodedSlashInThePath_is400ProblemJson() throws IOException {
    problem(send("GET /v1/test-runs/a%2Fb HTTP/1.1"), 400);
    problem(send("GET /v1/reports/..%2F..%2Fdata%2Ftests_master.db HTTP/1.1"), 400);
  }

  @Test
  void aNulInThePath_is400ProblemJson() throws IOException {
    problem(send("GET /v1/test-runs/a%00b HTTP/1.1"), 400);
  }

  @Test
  void aMalformedRequestLineOrAPathAboveTheRoot_is400ProblemJson() throws IOException {
    problem(send("GET /v1/test-runs/a|b HTTP/1.1"), 400);
    problem(send("GET /../../etc/passwd HTTP/1.1"), 400);
  }

  @Test
  void a12MiBBody_is413ProblemJson_andTheConnectionIsNotReset() throws IOException {
    RawHttp.Answer answer =
        RawHttp.send(server.server.port(), "POST /v1/test-runs HTTP/1.1", 12L * 1024 * 1024);
    assertThat(answer.reset()).as("connection reset instead of an answer").isFalse();
    assertThat(problem(answer, 413).path("detail").asString()).contains("65536");
    // Still a working server afterwards.
    assertThat(server.get("/v1/health").status()).isEqualTo(200);
  }

  private static RawHttp.Answer send(String requestLine) throws IOException {
    return RawHttp.send(server.server.port(), requestLine);
  }

  private static JsonNode problem(RawHttp.Answer answer, int status) {
    assertThat(answer.reset()).as("connection reset").isFalse();
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
    JsonNode json = CanonicalJson.parse(answer.body().getBytes(StandardCharsets.UTF_8), "problem");
    assertThat(json.path("status").asInt()).isEqualTo(status);
    assertThat(json.path("type").asString()).startsWith("urn:testops:problem:");
    assertThat(json.path("detail").asString()).isNotBlank();
    assertThat(answer.body()).doesNotContain("<html").doesNotContain("Exception");
    return json;
  }
}
