package dev.testops.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real browser: Debian's Chromium driven by playwright-core (the scenarios are
 * in {@code dashboard/e2e/}), against a real server with a fresh home. Never skipped: without
 * Chromium it fails and says how to install it ({@code .ci/install} does).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DashboardBrowserTest {
  private static final Path DASHBOARD = Path.of("..", "dashboard").toAbsolutePath().normalize();

  @TempDir Path home;
  @TempDir Path tokenHome;

  @Test
  void theDashboard_inChromium() throws Exception {
    Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    assertThat(Files.isExecutable(chromium))
        .as("Chromium at %s (install it with: apt-get install -y chromium)", chromium)
        .isTrue();
    assertThat(DASHBOARD.resolve("node_modules/playwright-core"))
        .as("playwright-core (the dashboard build installs it)")
        .isDirectory();
    smallFullSuite(home);
    smallFullSuite(tokenHome);
    String token;
    try (var testops = TestServer.testops(tokenHome)) {
      var store = testops.store();
      token =
          Tokens.create(
              store, Role.OPERATOR, "browser", Instant.EPOCH, new SecureRandom()::nextLong);
    }
    Path screenshots = Path.of("target", "screenshots").toAbsolutePath();
    Files.createDirectories(screenshots);
    AtomicInteger dropped = new AtomicInteger();
    try (TestServer server = TestServer.start(home);
        TestServer withTokens = TestServer.start(tokenHome)) {
      assertThat(withTokens.server.tokensRequired()).isTrue();
      HttpServer control = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      control.createContext(
          "/drop-sse",
          exchange -> {
            int n = server.server.dropEventStreams();
            dropped.addAndGet(n);
            byte[] body = ("{\"dropped\":" + n + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      control.start();
      try {
        Path log = screenshots.resolve("e2e.log");
        var process =
            new ProcessBuilder("node", "--test", "--test-reporter=spec", "e2e/dashboard.e2e.mjs")
                .directory(DASHBOARD.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        process.environment().put("TESTOPS_URL", server.uri("").toString());
        process
            .environment()
            .put("TESTOPS_CONTROL_URL", "http://127.0.0.1:" + control.getAddress().getPort());
        process.environment().put("CHROMIUM", chromium.toString());
        process.environment().put("TESTOPS_TOKEN_URL", withTokens.uri("").toString());
        process.environment().put("TESTOPS_TOKEN", token);
        process.environment().put("SCREENSHOT_DIR", screenshots.toString());
        Process node = process.start();
        boolean ended = node.waitFor(8, TimeUnit.MINUTES);
        if (!ended) {
          node.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(ended).as("the browser tests ended in time:%n%s", output).isTrue();
        assertThat(node.exitValue()).as("browser tests:%n%s", output).isZero();
        assertThat(dropped.get()).as("streams the server dropped mid-run").isPositive();
      } finally {
        control.stop(0);
      }
    }
    try (var files = Files.list(screenshots)) {
      assertThat(files.filter(f -> f.toString().endsWith(".png")).count()).isPositive();
    }
  }

  /** The full suite without load, so a run takes seconds: the phases have their own tests. */
  private static void smallFullSuite(Path home) throws IOException {
    Files.createDirectories(home.resolve("config/suites"));
    Files.writeString(
        home.resolve("config/suites/full.yaml"),
        String.join(
            "\n",
            "name: full",
            "description: full without the load test, for the browser tests",
            "dataset: {users: 50}",
            "phases:",
            "  - phase: engine-check",
            "  - phase: sim",
            "  - phase: replay",
            "    floor: 98",
            ""));
  }
}
