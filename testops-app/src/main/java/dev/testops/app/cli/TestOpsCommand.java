package dev.testops.app.cli;

import dev.testops.core.TestOpsVersion;
import picocli.CommandLine.Command;

/** The root command: lists the subcommands. */
@Command(
    name = "testops",
    mixinStandardHelpOptions = true,
    versionProvider = TestOpsCommand.Version.class,
    description = "Release validation for the Toron v2.5H+ reasoning engine.",
    subcommands = {
      RunCommand.class,
      LoadCommand.class,
      SimCommand.class,
      ReplayCommand.class,
      CompareCommand.class,
      ReportCommand.class,
      EngineCommand.class,
      ServeCommand.class,
      TokenCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success; every check that ran passed (a replay DRIFT WITHIN FLOOR says so first)",
      "1:a check failed (replay DRIFT below the floor, compare found differences, engine check"
          + " failed)",
      "2:usage error",
      "3:invalid input (e.g. users over the ceiling, malformed YAML, unknown suite or profile,"
          + " malformed SIM_SEED)",
      "4:not found (run id, snapshot, engine)",
      "5:corrupt artifact or newer schema",
      "6:engine could not start",
      "7:artifact already exists",
      "8:I/O failure",
      "9:a run's phase errored",
      "10:the run was cancelled",
      "70:internal error"
    })
final class TestOpsCommand {

  /** Prints the TestOps version. */
  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"testops " + TestOpsVersion.get()};
    }
  }
}
