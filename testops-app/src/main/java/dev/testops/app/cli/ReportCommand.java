package dev.testops.app.cli;

import dev.testops.core.TestOpsException;
import dev.testops.core.artifact.ArtifactHome;
import dev.testops.core.report.MasterReports;
import dev.testops.core.store.sqlite.SqliteRunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code testops report}: render master reports again from the stored runs. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Render a run's master report again from the history store and the run's artifacts:"
          + " reports/master/run-<id>.json and .html (byte-identical to the ones written when"
          + " the run ended), then reports/index.html.",
      "Exits 4 for an unknown run, 5 when an artifact the run recorded is missing or unreadable,"
          + " 7 for a run that has not ended."
    })
final class ReportCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin HomeOption home = new HomeOption();

  @ArgGroup(multiplicity = "1")
  Which which;

  static final class Which {
    @Option(names = "--run-id", paramLabel = "ID", description = "The run to render.")
    String runId;

    @Option(names = "--all", description = "Every ended run, oldest first.")
    boolean all;
  }

  ReportCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    ArtifactHome artifacts = home.resolve(context);
    Path database = artifacts.root().resolve(SqliteRunStore.HOME_FILE);
    if (!Files.isRegularFile(database)) {
      throw new TestOpsException.NotFound(
          "no history under " + artifacts.root() + " (data/tests_master.db): run a suite first");
    }
    var out = spec.commandLine().getOut();
    try (var testops = context.testops(artifacts)) {
      MasterReports reports = testops.reports();
      List<MasterReports.Written> written =
          which.all ? reports.renderAll() : List.of(reports.render(which.runId));
      for (MasterReports.Written files : written) {
        out.println(relative(artifacts, files.json()) + "  " + relative(artifacts, files.html()));
      }
      out.println(relative(artifacts, reports.index()));
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static Path relative(ArtifactHome home, Path file) {
    return home.root().relativize(file);
  }
}
