package dev.testops.app.cli;

import dev.testops.app.server.ServerConfig;
import dev.testops.app.server.TestOpsServer;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code testops serve}: the HTTP server (API, live events, run queue) until stopped. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve TestOps over HTTP: the v1 and legacy APIs, live events (SSE), the run queue and"
          + " the history store (data/tests_master.db under the home). Ctrl-C stops it; a run in"
          + " progress is marked error (interrupted) at the next start.",
      "Listens on loopback by default; any other address requires API tokens (testops token"
          + " create). OpenAPI: /v3/api-docs."
    })
final class ServeCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin HomeOption home = new HomeOption();

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "8000",
      description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "1",
      description = "Runs executed at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Worker threads a run's phases may use (default: cores).")
  Integer threads;

  @Option(
      names = "--unlock-minutes",
      paramLabel = "M",
      defaultValue = "30",
      description =
          "How long POST /begin unlocks the legacy run routes (default: ${DEFAULT-VALUE}).")
  long unlockMinutes;

  @Option(
      names = "--max-streams",
      paramLabel = "N",
      description =
          "Most concurrent event-stream (SSE) clients; more get 503 (default: 256; each holds a"
              + " connection and about 120 KiB of heap).")
  Integer maxStreams;

  ServeCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws InterruptedException {
    var defaults =
        ServerConfig.defaults(
            home.resolve(context), context.clock(), context.entropy(), context.nanoTime());
    var config =
        defaults
            .withListen(bind, port)
            .withRunners(concurrency, threads != null ? threads : defaults.threads())
            .withUnlockWindow(Duration.ofMinutes(unlockMinutes))
            .withEnvironment(context.env());
    if (maxStreams != null) {
      if (maxStreams < 1 || maxStreams > 100_000) {
        throw new dev.testops.core.TestOpsException.InvalidInput(
            "--max-streams must be in [1, 100000], was " + maxStreams);
      }
      config =
          config.withStreams(
              maxStreams, config.streamBuffer(), config.heartbeat(), config.streamEndGrace());
    }
    TestOpsServer server = TestOpsServer.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "testops-serve-shutdown"));
    var out = spec.commandLine().getOut();
    out.println(
        "testops: serving on "
            + server.url()
            + " (home "
            + config.home().root()
            + "; API tokens "
            + (server.tokensRequired() ? "required" : "not required: no token exists")
            + ")");
    out.flush();
    server.awaitClosed();
    return ExitCodes.OK;
  }
}
