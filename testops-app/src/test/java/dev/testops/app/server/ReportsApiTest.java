package dev.testops.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.testops.app.dashboard.DashboardAssets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Master reports over HTTP, and the dashboard served at {@code /}. */
@Timeout(120)
class ReportsApiTest {
  @TempDir Path home;
  private TestServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aFinishedRunsReport_isServedAsHtmlOrJson_fromTheFilesTheRunWrote() throws IOException {
    server = TestServer.start(home);
    String id = server.createRun("{\"suite\":\"smoke\",\"dataset\":{\"users\":20}}");
    assertThat(server.awaitEnd(id).path("status").asString()).isEqualTo("passed");

    TestServer.Reply html = server.get("/v1/reports/" + id);
    assertThat(html.status()).isEqualTo(200);
    assertThat(html.contentType()).startsWith("text/html");
    // Served with a <base> under the artifacts route, so its relative links resolve there too.
    assertThat(html.body())
        .isEqualTo(
            ReportHandlers.withBase(
                Files.readString(home.resolve("reports/master/run-" + id + ".html")),
                "../test-runs/" + id + "/artifacts/reports/master/"))
        .contains(id)
        .contains("data-chart=\"tiers\"");
    // The chart script the dashboard build made is inlined, so the page needs no network.
    assertThat(html.body()).contains(DashboardAssets.reportScript().substring(0, 200));

    JsonNode json = server.get("/v1/reports/" + id + "?format=json").json();
    assertThat(json.path("kind").asString()).isEqualTo("testops.report");
    assertThat(json.path("verdict").path("status").asString()).isEqualTo("passed");
    assertThat(json.path("sim").path("requests").asLong()).isEqualTo(100);
    TestServer.Reply byAccept = server.get("/v1/reports/" + id, "Accept", "application/json");
    assertThat(byAccept.contentType()).startsWith("application/json");
    assertThat(byAccept.json()).isEqualTo(json);
    assertThat(server.get("/tests/report/" + id).body())
        .isEqualTo(html.body().replace("\"../test-runs/", "\"../../v1/test-runs/"));
    assertThat(server.get("/tests/report/" + id + "?format=json").json()).isEqualTo(json);
    assertThat(server.get("/tests/result/" + id).body()).contains("\"report\"");
  }

  @Test
  void badReportRequests_areProblems() {
    server = TestServer.start(home);

    assertThat(server.get("/v1/reports/20990101T000000Z-deadbeef").problem(404))
        .contains("20990101T000000Z-deadbeef");
    String id = server.createRun("{\"suite\":\"smoke\",\"dataset\":{\"users\":10}}");
    server.awaitEnd(id);
    assertThat(server.get("/v1/reports/" + id + "?format=xml").problem(400))
        .contains("json or html");
  }

  @Test
  void theDashboard_isServedAtTheRoot_gzipped_underHalfAMegabyte() throws Exception {
    server = TestServer.start(home);

    TestServer.Reply page = server.get("/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    List<String> assets = new ArrayList<>();
    Matcher m = Pattern.compile("(?:src|href)=\"(/assets/[^\"]+)\"").matcher(page.body());
    while (m.find()) {
      assets.add(m.group(1));
    }
    assertThat(assets).anyMatch(a -> a.endsWith(".js"));
    HttpClient http = HttpClient.newHttpClient();
    long transferred = gzipSize(page.body().getBytes());
    for (String asset : assets) {
      HttpResponse<byte[]> reply =
          http.send(
              HttpRequest.newBuilder(server.uri(asset)).header("Accept-Encoding", "gzip").build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(reply.statusCode()).as(asset).isEqualTo(200);
      assertThat(reply.headers().firstValue("Content-Encoding")).as(asset).hasValue("gzip");
      assertThat(reply.headers().firstValue("Cache-Control").orElse("")).contains("immutable");
      transferred += reply.body().length;
    }
    assertThat(transferred).as("first load of / in gzip bytes").isLessThan(500 * 1024);
    assertThat(server.get("/assets/nope.js").problem(404)).contains("nope.js");
    assertThat(server.get("/assets/..%2Fapp%2Findex.html").status()).isIn(400, 404);
  }

  private static long gzipSize(byte[] bytes) throws IOException {
    var out = new ByteArrayOutputStream();
    try (var gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.size();
  }
}
