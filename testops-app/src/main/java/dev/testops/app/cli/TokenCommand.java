package dev.testops.app.cli;

import dev.testops.app.server.Role;
import dev.testops.app.server.Tokens;
import dev.testops.core.store.sqlite.SqliteRunStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code testops token}: API tokens for the server. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = "API tokens for the server (stored hashed in data/tests_master.db).",
    subcommands = {TokenCommand.Create.class})
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
      try (var store = SqliteRunStore.openHome(home.resolve(context).root())) {
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
}
