package dev.testops.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.testops.app.AppDefaults;
import dev.testops.core.TestOps;
import dev.testops.core.artifact.ArtifactHome;
import dev.testops.core.canonical.CanonicalJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;

/**
 * TestOps served for a test: a home folder, an ephemeral loopback port, and an HTTP/1.1 client that
 * speaks to it as any client would. Close it to stop the server.
 */
final class TestServer implements AutoCloseable {
  private static final Set<String> ENDED = Set.of("passed", "failed", "error", "cancelled");
  private static final SecureRandom RANDOM = new SecureRandom();

  final Path home;
  final TestOpsServer server;
  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private TestServer(Path home, TestOpsServer server) {
    this.home = home;
    this.server = server;
  }

  /** Starts a server on the home with test defaults (port 0, two phase threads). */
  static TestServer start(Path home) {
    return start(home, config -> config);
  }

  /**
   * Starts a server on the home with the defaults changed by {@code tweak}. Its environment is
   * empty (the test process's own is never read) unless {@code tweak} gives one.
   */
  static TestServer start(Path home, UnaryOperator<ServerConfig> tweak) {
    ServerConfig config =
        ServerConfig.defaults(
                new ArtifactHome(home), Clock.systemUTC(), RANDOM::nextLong, System::nanoTime)
            .withListen("127.0.0.1", 0)
            .withRunners(1, 2)
            .withEnvironment(name -> null);
    return new TestServer(home, TestOpsServer.start(tweak.apply(config)));
  }

  /**
   * TestOps on the home as a server builds it, without the HTTP edge (to prepare or inspect the
   * history around a server's life).
   */
  static TestOps testops(Path home) {
    return TestOps.create(
        AppDefaults.config()
            .andThen(
                cfg ->
                    cfg.home(home)
                        .clock(Clock.systemUTC())
                        .entropy(RANDOM::nextLong)
                        .nanoTime(System::nanoTime)
                        .threads(2)));
  }

  URI uri(String path) {
    return URI.create(server.url() + path);
  }

  /** An answer: status, headers and the body as text. */
  record Reply(int status, HttpHeaders headers, String body) {
    JsonNode json() {
      return CanonicalJson.parse(body.getBytes(StandardCharsets.UTF_8), "response");
    }

    String contentType() {
      return headers.firstValue("Content-Type").orElse("");
    }

    /** Asserts a problem+json answer of the status and returns its detail. */
    String problem(int expected) {
      assertThat(status).as(body).isEqualTo(expected);
      assertThat(contentType()).isEqualTo("application/problem+json");
      JsonNode json = json();
      assertThat(json.path("status").asInt()).isEqualTo(expected);
      assertThat(json.path("type").asString()).startsWith("urn:testops:problem:");
      assertThat(json.path("title").asString()).isNotBlank();
      assertThat(json.path("instance").asString()).startsWith("/");
      assertThat(body).doesNotContain("Exception").doesNotContain("\tat ");
      return json.path("detail").asString();
    }
  }

  Reply get(String path, String... headers) {
    return send(HttpRequest.newBuilder(uri(path)).GET(), headers);
  }

  /** POSTs a JSON body ({@code null}: none). */
  Reply post(String path, String json, String... headers) {
    var builder =
        HttpRequest.newBuilder(uri(path))
            .POST(
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      builder.header("Content-Type", "application/json");
    }
    return send(builder, headers);
  }

  Reply send(HttpRequest.Builder builder, String... headers) {
    if (headers.length > 0) {
      builder.headers(headers);
    }
    try {
      HttpResponse<String> response =
          http.send(
              builder.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Creates a run through v1 and returns its id. */
  String createRun(String body) {
    Reply reply = post("/v1/test-runs", body);
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    return reply.json().path("id").asString();
  }

  /** Polls the run until it has ended and returns it. */
  JsonNode awaitEnd(String runId) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      JsonNode run = get("/v1/test-runs/" + runId).json();
      if (ENDED.contains(run.path("status").asString())) {
        return run;
      }
      assertThat(System.nanoTime()).as("run %s still %s", runId, run).isLessThan(deadline);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** Opens an event stream. */
  SseClient stream(String path, String... headers) {
    return SseClient.open(http, uri(path), headers);
  }

  @Override
  public void close() {
    server.close();
  }
}
