package dev.testops.app.cli;

import dev.testops.core.snapshot.Trigger;
import picocli.CommandLine.Model.CommandSpec;

/** Builds the trigger metadata of a run started from the command line. */
final class Triggers {
  private Triggers() {}

  static Trigger cli(CliContext context, CommandSpec spec) {
    String user = context.env().apply("USER");
    var command = new StringBuilder("testops");
    for (String arg : spec.commandLine().getParseResult().originalArgs()) {
      command.append(' ').append(arg);
    }
    return new Trigger(
        context.clock().instant(),
        user == null || user.isBlank() ? "unknown" : user,
        "cli",
        command.toString());
  }
}
