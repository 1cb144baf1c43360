package dev.testops.app.cli;

import dev.testops.core.artifact.ArtifactHome;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.compare.DiffText;
import dev.testops.core.compare.SnapshotCompare;
import dev.testops.core.sim.RunIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ObjectNode;

/** {@code testops compare}: diff two snapshots or two folders of snapshots. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Compare two snapshots (files or run ids) or two folders of snapshots (e.g."
          + " snapshots/golden vs snapshots/dev): metrics delta and record diff.",
      "Writes reports/snapshot_diff.txt and reports/snapshot_diff.json. Exits 0 when identical,"
          + " 1 when they differ."
    })
final class CompareCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin HomeOption home = new HomeOption();

  @Option(
      names = "--base",
      required = true,
      paramLabel = "A",
      description = "Snapshot, folder or run id.")
  String base;

  @Option(
      names = "--target",
      required = true,
      paramLabel = "B",
      description = "Snapshot, folder or run id.")
  String target;

  @Option(
      names = "--show",
      paramLabel = "N",
      defaultValue = "5",
      description = "Differing records to show in full per pair (default: ${DEFAULT-VALUE}).")
  int show;

  @Option(names = "--json", description = "Print the diff as one JSON object.")
  boolean json;

  CompareCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    ArtifactHome artifacts = home.resolve(context);
    ObjectNode diff =
        new SnapshotCompare(show).compare(locate(artifacts, base), locate(artifacts, target));
    String text = DiffText.render(diff);
    SnapshotCompare.writeReports(artifacts, diff);
    var out = spec.commandLine().getOut();
    out.print(json ? CanonicalJson.line(diff) + "\n" : text);
    out.flush();
    return diff.path("identical").asBoolean() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
  }

  /** A path that exists is taken as it is; anything else must be a run id under the home. */
  private static Path locate(ArtifactHome artifacts, String name) {
    Path asPath = Path.of(name);
    if (Files.exists(asPath)) {
      return asPath;
    }
    Path underHome = artifacts.root().resolve(name);
    if (Files.exists(underHome)) {
      return underHome;
    }
    return artifacts.snapshot(RunIds.requireValid(name));
  }
}
