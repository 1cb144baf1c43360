package dev.testops.app.cli;

import dev.testops.app.server.Role;
import dev.testops.app.server.Tokens;
import dev.testops.core.TestOpsException;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.run.RunStore;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ObjectNode;

/** {@code testops token}: API tokens for the server. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = "API tokens for the server (stored hashed in data/tests_master.db).",
    subcommands = {
      TokenCommand.Create.class,
      TokenCommand.ListTokens.class,
      TokenCommand.Revoke.class
    })
final class TokenCommand {

  /** {@code testops token create --role R}: prints a new token once. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Create an API token and print it once; only its SHA-256 is stored.",
        "Roles: viewer (read), operator (viewer + start and cancel runs, compare),"
            + " maintainer (operator + baselines and decisions), security (viewer + PII"
            + " quarantine). Once any token exists, the server requires one on every request"
            + " but /v1/health."
      })
  static final class Create implements Callable<Integer> {
    private final CliContext context;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin HomeOption home = new HomeOption();

    @Option(
        names = "--role",
        required = true,
        paramLabel = "ROLE",
        description = "viewer, operator, maintainer or security.")
    String role;

    @Option(names = "--label", paramLabel = "L", description = "A note: whose or what for.")
    String label = "";

    Create(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      Role parsed = Role.ofToken(role);
      try (var testops = context.testops(home.resolve(context))) {
        var store = testops.store();
        String secret =
            Tokens.create(store, parsed, label, context.clock().instant(), context.entropy());
        spec.commandLine().getOut().println(secret);
        spec.commandLine().getOut().flush();
        spec.commandLine()
            .getErr()
            .println(
                "testops: "
                    + parsed.wireName()
                    + " token created; it is shown only now (the store keeps its SHA-256)");
        spec.commandLine().getErr().flush();
      }
      return ExitCodes.OK;
    }
  }

  /** The id a token is listed and revoked by: the first 12 hex digits of its SHA-256. */
  static String id(RunStore.Token token) {
    return token.sha256().substring(0, Math.min(ID_LENGTH, token.sha256().length()));
  }

  private static final int ID_LENGTH = 12;

  /** {@code testops token list}: every token, without secrets. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "List the API tokens: id (the first 12 hex digits of the token's SHA-256), role, label,"
            + " created, revoked. Secrets are never stored, so never shown."
      })
  static final class ListTokens implements Callable<Integer> {
    private final CliContext context;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin HomeOption home = new HomeOption();

    @Option(names = "--json", description = "One JSON object per token, one per line.")
    boolean json;

    ListTokens(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      var out = spec.commandLine().getOut();
      try (var testops = context.testops(home.resolve(context))) {
        var store = testops.store();
        List<RunStore.TokenEntry> tokens = store.tokens();
        if (!json) {
          out.printf(
              "%-12s  %-10s  %-30s  %-24s  %s%n", "ID", "ROLE", "LABEL", "CREATED", "REVOKED");
        }
        for (RunStore.TokenEntry entry : tokens) {
          RunStore.Token token = entry.token();
          String label = token.label() == null ? "" : token.label();
          String revoked = entry.revokedAt() == null ? "" : entry.revokedAt().toString();
          if (json) {
            ObjectNode line = CanonicalJson.object();
            line.put("id", id(token));
            line.put("role", token.role());
            line.put("label", label);
            line.put("created_at", token.createdAt().toString());
            line.put("revoked_at", entry.revokedAt() == null ? null : revoked);
            out.println(CanonicalJson.line(line));
          } else {
            out.printf(
                "%-12s  %-10s  %-30s  %-24s  %s%n",
                id(token), token.role(), label, token.createdAt(), revoked);
          }
        }
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** {@code testops token revoke ID}: the token stops authenticating at once. */
  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = {
        "Revoke an API token by its id (from token list; 6 or more leading hex digits are enough"
            + " when they name one token). It stops authenticating at once, also on a running"
            + " server. The server keeps requiring tokens even when none is left valid.",
        "Exits 4 when no valid token has that id, 3 when the id is too short or names several."
      })
  static final class Revoke implements Callable<Integer> {
    private static final int MIN_PREFIX = 6;

    private final CliContext context;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin HomeOption home = new HomeOption();

    @Parameters(paramLabel = "ID", description = "The token's id (token list).")
    String id;

    Revoke(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      String prefix = id.strip().toLowerCase(Locale.ROOT);
      if (prefix.length() < MIN_PREFIX || !prefix.matches("[0-9a-f]+")) {
        throw new TestOpsException.InvalidInput(
            "a token id is " + MIN_PREFIX + " or more hex digits (see: testops token list)");
      }
      try (var testops = context.testops(home.resolve(context))) {
        var store = testops.store();
        List<RunStore.Token> matching =
            store.tokens().stream()
                .filter(e -> e.revokedAt() == null && e.token().sha256().startsWith(prefix))
                .map(RunStore.TokenEntry::token)
                .toList();
        if (matching.isEmpty()) {
          throw new TestOpsException.NotFound("no valid token with id " + prefix);
        }
        if (matching.size() > 1) {
          throw new TestOpsException.InvalidInput(
              prefix + " names " + matching.size() + " tokens; give more digits");
        }
        RunStore.Token token = matching.get(0);
        store.revokeToken(token.sha256(), context.clock().instant());
        spec.commandLine()
            .getErr()
            .println("testops: " + token.role() + " token " + id(token) + " revoked");
        spec.commandLine().getErr().flush();
      }
      return ExitCodes.OK;
    }
  }
}
