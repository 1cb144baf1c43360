package dev.testops.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.testops.core.artifact.Sha256;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** A run's artifacts over HTTP, and the report's links, which must work on disk and when served. */
@Timeout(120)
class ArtifactsApiTest {
  private static final Pattern HREF = Pattern.compile("<a href=\"([^\"]+)\"");
  private static final Pattern BASE = Pattern.compile("<base href=\"([^\"]+)\">");

  @TempDir static Path home;
  @TempDir static Path outside;
  private static TestServer server;
  private static String id;

  @BeforeAll
  static void runSmoke() {
    server = TestServer.start(home);
    id = server.createRun("{\"suite\":\"smoke\",\"dataset\":{\"users\":20}}");
    assertThat(server.awaitEnd(id).path("status").asString()).isEqualTo("passed");
    // The bundle is the last file a run records; links to it are checked too.
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!server.get("/v1/test-runs/" + id + "/artifacts").body().contains("\"bundle\"")) {
      assertThat(System.nanoTime()).as("bundle of %s never listed", id).isLessThan(deadline);
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void everyReportLink_resolvesOnDisk_andWhenTheReportIsServedFromEitherRoute() throws Exception {
    Path page = home.resolve("reports/master/run-" + id + ".html");
    String onDisk = Files.readString(page);
    List<String> hrefs = hrefs(onDisk);
    // Snapshot, bundle, this report as JSON, and each artifact of the table.
    assertThat(hrefs).hasSizeGreaterThan(5);
    assertThat(onDisk).doesNotContain("<base");
    for (String href : hrefs) {
      Path target = page.getParent().resolve(href).normalize();
      assertThat(target).as("%s from the file", href).isRegularFile().startsWith(home);
    }

    for (String route : List.of("/v1/reports/" + id, "/tests/report/" + id)) {
      URI asked = server.uri(route);
      String served = server.get(route).body();
      assertThat(hrefs(served)).isEqualTo(hrefs);
      Matcher base = BASE.matcher(served);
      assertThat(base.find()).as("a <base> in the page served at %s", route).isTrue();
      // Apart from its base, the served page is the file as written.
      assertThat(served.replace("\n" + base.group(), "")).isEqualTo(onDisk);
      URI resolvedBase = asked.resolve(base.group(1));
      for (String href : hrefs) {
        URI link = resolvedBase.resolve(href);
        HttpResponse<byte[]> answer = getBytes(link);
        assertThat(answer.statusCode()).as("%s from %s -> %s", href, route, link).isEqualTo(200);
        Path file = page.getParent().resolve(href).normalize();
        assertThat(answer.body()).as("%s from %s", href, route).isEqualTo(Files.readAllBytes(file));
      }
    }
  }

  @Test
  void theListing_namesEveryRecordedFile_withItsSizeDigestTypeAndLink() throws Exception {
    JsonNode listing = server.get("/v1/test-runs/" + id + "/artifacts").json();
    assertThat(listing.path("run_id").asString()).isEqualTo(id);
    List<String> kinds = new ArrayList<>();
    for (JsonNode artifact : listing.path("artifacts")) {
      kinds.add(artifact.path("kind").asString());
      String name = artifact.path("name").asString();
      assertThat(artifact.path("href").asString())
          .isEqualTo("/v1/test-runs/" + id + "/artifacts/" + name);
      HttpResponse<byte[]> answer = getBytes(server.uri(artifact.path("href").asString()));
      assertThat(answer.statusCode()).as(name).isEqualTo(200);
      assertThat(answer.headers().firstValue("Content-Type"))
          .hasValue(artifact.path("content_type").asString());
      assertThat(answer.body()).isEqualTo(Files.readAllBytes(home.resolve(name)));
      assertThat((long) answer.body().length).isEqualTo(artifact.path("size").asLong());
      assertThat(java.util.HexFormat.of().formatHex(Sha256.newDigest().digest(answer.body())))
          .isEqualTo(artifact.path("sha256").asString());
    }
    assertThat(kinds).contains("snapshot", "records", "log", "report", "report-html", "bundle");
    assertThat(server.get("/v1/test-runs/nope/artifacts").problem(404)).contains("nope");
  }

  @Test
  void namesThatLeaveTheRoot_orWereNeverRecorded_areRefused_andNothingIsRead() throws Exception {
    String prefix = "/v1/test-runs/" + id + "/artifacts/";
    Files.writeString(outside.resolve("secret.txt"), "top secret");
    // Sent as raw bytes, so no client tidies the path first.
    for (String path :
        List.of(
            prefix + "../../../../../etc/passwd",
            prefix + "snapshots/../../../../etc/passwd",
            prefix + "%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
            prefix + "/etc/passwd",
            prefix + outside.resolve("secret.txt"),
            prefix + "data/tests_master.db",
            prefix + "snapshots/../data/tests_master.db",
            prefix + "reports/master/run-" + id + ".json/..",
            prefix + "./reports/master/run-" + id + ".json")) {
      RawHttp.Answer answer = RawHttp.send(server.server.port(), "GET " + path + " HTTP/1.1");
      assertThat(answer.status()).as(path).isIn(400, 404);
      assertThat(answer.header("Content-Type")).as(path).isEqualTo("application/problem+json");
      assertThat(answer.body()).doesNotContain("root:").doesNotContain("top secret");
    }
    assertThat(server.get(prefix + "data/tests_master.db").problem(404))
        .contains("recorded no artifact named data/tests_master.db");
    assertThat(server.get(prefix + "./snapshots/run-" + id + ".json").status()).isIn(400, 404);
  }

  @Test
  void aRecordedFileTurnedIntoALinkOutOfTheRoot_isNotFollowed() throws Exception {
    Path log = home.resolve("logs/run-" + id + ".log");
    String name = "logs/run-" + id + ".log";
    assertThat(server.get("/v1/test-runs/" + id + "/artifacts/" + name).status()).isEqualTo(200);
    byte[] kept = Files.readAllBytes(log);
    Path secret = Files.writeString(outside.resolve("linked.txt"), "top secret");
    Files.delete(log);
    Files.createSymbolicLink(log, secret);
    try {
      TestServer.Reply answer = server.get("/v1/test-runs/" + id + "/artifacts/" + name);
      answer.problem(404);
      assertThat(answer.body()).doesNotContain("top secret");
    } finally {
      Files.delete(log);
      Files.write(log, kept);
    }
  }

  private static List<String> hrefs(String html) {
    List<String> hrefs = new ArrayList<>();
    Matcher m = HREF.matcher(html);
    while (m.find()) {
      hrefs.add(m.group(1));
    }
    return hrefs;
  }

  private static HttpResponse<byte[]> getBytes(URI uri) throws IOException, InterruptedException {
    return server.http.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }
}
