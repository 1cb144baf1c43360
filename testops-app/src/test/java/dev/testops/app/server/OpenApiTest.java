package dev.testops.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The OpenAPI document lists exactly the routes that exist, and health answers. */
@Timeout(60)
class OpenApiTest {
  @TempDir Path home;

  @Test
  void apiDocs_listsTheRoutes_includingReports() {
    try (TestServer server = TestServer.start(home)) {
      var reply = server.get("/v3/api-docs");

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.contentType()).startsWith("application/json");
      JsonNode doc = reply.json();
      assertThat(doc.path("openapi").asString()).startsWith("3.1");
      JsonNode paths = doc.path("paths");
      assertThat(paths.has("/v1/test-runs")).isTrue();
      assertThat(paths.path("/v1/test-runs").has("post")).isTrue();
      assertThat(paths.path("/v1/test-runs").path("post").path("responses").has("201")).isTrue();
      assertThat(paths.has("/tests/stream/{run_id}")).isTrue();
      assertThat(paths.has("/tests/report/{run_id}")).isTrue();
      assertThat(paths.path("/v1/reports/{id}").path("get").path("operationId").asString())
          .isEqualTo("getReport");
      assertThat(doc.path("components").path("schemas").has("Problem")).isTrue();

      JsonNode health = server.get("/v1/health").json();
      assertThat(health.path("status").asString()).isEqualTo("ok");
      assertThat(health.path("store").path("ok").asBoolean()).isTrue();
      assertThat(health.path("queue").path("concurrency").asInt()).isEqualTo(1);
    }
  }
}
