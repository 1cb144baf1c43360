package dev.testops.app.cli;

import dev.testops.core.artifact.ArtifactHome;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --home} option shared by every command. */
final class HomeOption {
  @Option(
      names = "--home",
      paramLabel = "DIR",
      description =
          "TestOps home: artifacts (snapshots/, reports/) and config/ live under it."
              + " Default: $TESTOPS_HOME, else the current directory.")
  Path home;

  ArtifactHome resolve(CliContext context) {
    if (home != null) {
      return new ArtifactHome(home);
    }
    String env = context.env().apply("TESTOPS_HOME");
    return new ArtifactHome(Path.of(env == null || env.isBlank() ? "." : env));
  }
}
