package dev.testops.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.testops.app.cli.CliContext;
import dev.testops.app.cli.ExitCodes;
import dev.testops.app.cli.Main;
import dev.testops.core.canonical.CanonicalJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** API tokens and roles, and the refusal to listen beyond loopback without them. */
@Timeout(120)
class AuthTest {
  private static final String SMOKE = "{\"suite\":\"smoke\",\"dataset\":{\"users\":20}}";
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path home;

  @Test
  void withTokens_everyRouteButHealthNeedsOne_andTheRoleDecides() {
    Map<Role, String> tokens = new java.util.EnumMap<>(Role.class);
    try (var testops = TestServer.testops(home)) {
      var store = testops.store();
      for (Role role : Role.values()) {
        if (role != Role.ANYONE) {
          tokens.put(role, Tokens.create(store, role, "test", Instant.EPOCH, RANDOM::nextLong));
        }
      }
    }
    try (TestServer server = TestServer.start(home)) {
      assertThat(server.server.tokensRequired()).isTrue();
      assertThat(server.get("/v1/health").status()).isEqualTo(200);

      var anonymous = server.get("/v1/test-runs");
      anonymous.problem(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
      server.post("/v1/test-runs", SMOKE).problem(401);
      server.get("/v1/test-runs", auth("testops_not-a-real-token")).problem(401);
      server.get("/v3/api-docs").problem(401);

      assertThat(server.get("/v1/test-runs", auth(tokens.get(Role.VIEWER))).status())
          .isEqualTo(200);
      assertThat(server.get("/v1/test-runs", auth(tokens.get(Role.SECURITY))).status())
          .isEqualTo(200);
      assertThat(server.post("/v1/test-runs", SMOKE, auth(tokens.get(Role.VIEWER))).problem(403))
          .contains("operator");
      server.post("/v1/test-runs", SMOKE, auth(tokens.get(Role.SECURITY))).problem(403);
      server
          .post("/begin", "{\"phrase\":\"BEGIN TESTING\"}", auth(tokens.get(Role.VIEWER)))
          .problem(403);

      var created = server.post("/v1/test-runs", SMOKE, auth(tokens.get(Role.OPERATOR)));
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      String id = created.json().path("id").asString();
      assertThat(server.post("/v1/test-runs", SMOKE, auth(tokens.get(Role.MAINTAINER))).status())
          .isEqualTo(201);
      assertThat(server.get("/v1/test-runs/" + id, auth(tokens.get(Role.VIEWER))).status())
          .isEqualTo(200);
      server.get("/tests/report/" + id).problem(401);
    }
  }

  @Test
  void aTokenFromTheCli_switchesAuthOnWithoutARestart_andWorks() {
    try (TestServer server = TestServer.start(home)) {
      assertThat(server.post("/v1/test-runs", SMOKE).status()).isEqualTo(201);

      var out = new StringWriter();
      var err = new StringWriter();
      int code =
          Main.run(
              cliContext(),
              new PrintWriter(out, true),
              new PrintWriter(err, true),
              "token",
              "create",
              "--role",
              "operator",
              "--label",
              "ci",
              "--home",
              home.toString());
      assertThat(code).as(err.toString()).isZero();
      String token = out.toString().strip();
      assertThat(token).startsWith("testops_").doesNotContain("\n");

      server.post("/v1/test-runs", SMOKE).problem(401);
      assertThat(server.post("/v1/test-runs", SMOKE, auth(token)).status()).isEqualTo(201);
    }
    try (var testops = TestServer.testops(home)) {
      var store = testops.store();
      assertThat(store.hasTokens()).isTrue();
    }
  }

  /** The CLI's exit code, output and error output. */
  private record Cli(int code, String out, String err) {}

  private Cli cli(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    String[] withHome = java.util.Arrays.copyOf(args, args.length + 2);
    withHome[args.length] = "--home";
    withHome[args.length + 1] = home.toString();
    int code =
        Main.run(cliContext(), new PrintWriter(out, true), new PrintWriter(err, true), withHome);
    return new Cli(code, out.toString(), err.toString());
  }

  @Test
  void aRevokedToken_stopsWorkingOnTheRunningServer_andTheServerStillRequiresTokens() {
    try (TestServer server = TestServer.start(home)) {
      String operator = cli("token", "create", "--role", "operator", "--label", "ci").out().strip();
      String viewer = cli("token", "create", "--role", "viewer").out().strip();
      assertThat(server.post("/v1/test-runs", SMOKE, auth(operator)).status()).isEqualTo(201);

      Cli listed = cli("token", "list", "--json");
      assertThat(listed.code()).isZero();
      List<JsonNode> rows =
          listed.out().lines().map(l -> CanonicalJson.parse(l.getBytes(), "token")).toList();
      assertThat(rows).hasSize(2);
      assertThat(listed.out()).doesNotContain(operator).doesNotContain(viewer);
      String id =
          rows.stream()
              .filter(r -> r.path("role").asString().equals("operator"))
              .findFirst()
              .orElseThrow()
              .path("id")
              .asString();
      assertThat(Tokens.hash(operator)).startsWith(id);

      Cli revoked = cli("token", "revoke", id);
      assertThat(revoked.code()).as(revoked.err()).isZero();

      server.post("/v1/test-runs", SMOKE, auth(operator)).problem(401);
      assertThat(server.get("/v1/test-runs", auth(viewer)).status()).isEqualTo(200);
      cli(
          "token",
          "revoke",
          cli("token", "list", "--json")
              .out()
              .lines()
              .map(l -> CanonicalJson.parse(l.getBytes(), "token"))
              .filter(r -> r.path("role").asString().equals("viewer"))
              .findFirst()
              .orElseThrow()
              .path("id")
              .asString());
      server.get("/v1/test-runs").problem(401);
      server.get("/v1/test-runs", auth(viewer)).problem(401);
      assertThat(cli("token", "list").out()).contains("REVOKED").contains(id);
      assertThat(cli("token", "revoke", id).code()).isEqualTo(ExitCodes.NOT_FOUND);
      Cli tooShort = cli("token", "revoke", "ab");
      assertThat(tooShort.code()).isEqualTo(ExitCodes.INVALID_INPUT);
      assertThat(tooShort.err()).contains("6 or more hex digits");
    }
  }

  @Test
  void serve_beyondLoopbackWithoutTokens_refusesInOneLineWithExitCode3() {
    var out = new StringWriter();
    var err = new StringWriter();

    int code =
        Main.run(
            cliContext(),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "serve",
            "--bind",
            "0.0.0.0",
            "--port",
            "0",
            "--home",
            home.toString());

    assertThat(code).isEqualTo(3);
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString()).contains("requires API tokens").contains("token create");
  }

  @Test
  void tokenCreate_refusesAnUnknownRole() {
    var err = new StringWriter();
    int code =
        Main.run(
            cliContext(),
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true),
            "token",
            "create",
            "--role",
            "admin",
            "--home",
            home.toString());

    assertThat(code).isEqualTo(3);
    assertThat(err.toString()).contains("admin").contains("viewer, operator");
  }

  private static String[] auth(String token) {
    return new String[] {"Authorization", "Bearer " + token};
  }

  private static CliContext cliContext() {
    return new CliContext(Clock.systemUTC(), RANDOM::nextLong, System::nanoTime, k -> null, false);
  }
}
