package dev.testops.app.cli;

import dev.testops.core.TestOpsException;
import dev.testops.core.engines.EngineOptionsJson;
import dev.testops.core.engines.EngineRegistry;
import dev.testops.engine.Engine;
import dev.testops.enginehttp.EngineHttpServer;
import dev.testops.enginehttp.EngineServerConfig;
import dev.testops.enginehttp.LatencyMode;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code testops engine serve}: serve an engine over the engine HTTP protocol until stopped. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve an engine over HTTP (GET /health, GET /describe, POST /process; see"
          + " engine-api/PROTOCOL.md) on 127.0.0.1 until Ctrl-C, so it can be load-tested or"
          + " reached by --engine http --engine-option url=http://127.0.0.1:PORT.",
      "--latency model holds each answer for the engine's modelled latency_us (timers on the"
          + " event loop, no thread per waiting request); none answers at once, e.g. to run a SIM"
          + " through HTTP quickly."
    })
final class EngineServeCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin HomeOption home = new HomeOption();

  @Mixin EngineChoice engine = new EngineChoice();

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "9000",
      description = "Loopback port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--latency",
      paramLabel = "MODE",
      defaultValue = "model",
      converter = LatencyModeConverter.class,
      description = "model or none (default: ${DEFAULT-VALUE}).")
  LatencyMode latency;

  EngineServeCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65_535) {
      throw new TestOpsException.InvalidInput("--port must be in [0, 65535], was " + port);
    }
    var registry =
        EngineRegistry.discover(home.resolve(context).engines()).withEnvironment(context.env());
    Engine served = registry.open(engine.id, engine.options());
    var config = EngineServerConfig.defaults().withPort(port).withLatencyMode(latency);
    EngineHttpServer server;
    try {
      server = EngineHttpServer.start(served, config);
    } catch (UncheckedIOException | IllegalStateException e) {
      served.close();
      throw new TestOpsException.EngineFailure(e.getMessage(), e);
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  served.close();
                },
                "testops-engine-serve-shutdown"));
    var out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "serving %s %s on %s (latency %s)%n",
        server.descriptor().id(),
        server.descriptor().version(),
        server.url(),
        latency.label());
    // Options this side resolved (e.g. TORON_FAULT from this process's environment): a SIM over
    // HTTP records only the options it sends, so this line is where they are seen.
    out.println(
        "engine options: "
            + EngineOptionsJson.describe(registry.effectiveOptions(engine.id, engine.options())));
    out.flush();
    server.awaitClosed();
    return ExitCodes.OK;
  }

  /** Reads {@code model} or {@code none}; anything else is a usage error naming both. */
  static final class LatencyModeConverter implements ITypeConverter<LatencyMode> {
    @Override
    public LatencyMode convert(String value) {
      try {
        return LatencyMode.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("expected model or none, was '" + value + "'");
      }
    }
  }
}
