package dev.testops.app.cli;

import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.config.SimConfig;
import dev.testops.core.config.SimConfigLoader;
import dev.testops.core.engines.EngineCheck;
import dev.testops.core.engines.EngineRegistry;
import dev.testops.core.sim.SimSeed;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ObjectNode;

/** {@code testops engine}: list the known engines or check one. */
@Command(
    name = "engine",
    mixinStandardHelpOptions = true,
    description = "Engines: list them, or check one.",
    subcommands = {
      EngineCommand.ListEngines.class,
      EngineCommand.Check.class,
      EngineServeCommand.class
    })
final class EngineCommand {

  /** {@code testops engine list} */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the engine ids.")
  static final class ListEngines implements Callable<Integer> {
    private final CliContext context;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin HomeOption home = new HomeOption();

    ListEngines(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      var registry =
          EngineRegistry.discover(home.resolve(context).engines()).withEnvironment(context.env());
      registry.ids().forEach(spec.commandLine().getOut()::println);
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
  }

  /** {@code testops engine check} */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description =
          "Engine Check: load, describe, ping, send canned prompts and 228 probes from the seeded"
              + " dataset (each to two instances), with timings: a fault or nondeterminism hitting"
              + " 2 % of requests is caught with 99 % probability. Exits 0 when every step"
              + " passes, 1 otherwise.")
  static final class Check implements Callable<Integer> {
    private final CliContext context;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin HomeOption home = new HomeOption();

    @Mixin EngineChoice engine = new EngineChoice();

    @Option(
        names = "--seed",
        paramLabel = "S",
        description = "Seed of the probes' dataset (default: $SIM_SEED, else config's, else 42).")
    Long seed;

    @Option(
        names = "--profile",
        paramLabel = "NAME",
        description = "Profile of the probes' dataset (default: config).")
    String profile;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    Check(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      var artifacts = home.resolve(context);
      var registry = EngineRegistry.discover(artifacts.engines()).withEnvironment(context.env());
      // A local of the same name keeps the rest of the method reading as before.
      var options = this.engine.options();
      String engine = this.engine.id;
      registry.requireKnown(engine);
      SimConfig config = SimConfigLoader.load(artifacts.root());
      var probes =
          EngineCheck.Probes.of(config.profile(Optional.ofNullable(profile)), probeSeed(config));
      var result =
          new EngineCheck(context.nanoTime())
              .run(engine, () -> registry.open(engine, options), probes, () -> false);
      var out = spec.commandLine().getOut();
      if (json) {
        ObjectNode jsonResult = CanonicalJson.object();
        jsonResult.put("engine", engine);
        jsonResult.put("passed", result.passed());
        if (result.descriptor() != null) {
          jsonResult.put("version", result.descriptor().version());
        }
        jsonResult.put("probes", result.probes().sent());
        jsonResult.put("probe_errors", result.probes().errors());
        jsonResult.put("probe_nondeterministic", result.probes().nondeterministic());
        var steps = jsonResult.putArray("steps");
        for (EngineCheck.Step step : result.steps()) {
          ObjectNode s = steps.addObject();
          s.put("name", step.name());
          s.put("passed", step.passed());
          s.put("duration_ms", CanonicalJson.ratio(step.durationMicros(), 1000));
          s.put("detail", step.detail());
        }
        out.println(CanonicalJson.line(jsonResult));
      } else {
        out.println("engine check: " + engine);
        for (EngineCheck.Step step : result.steps()) {
          out.printf(
              Locale.ROOT,
              "  %-4s %-9s %9.3f ms  %s%n",
              step.passed() ? "ok" : "FAIL",
              step.name(),
              step.durationMicros() / 1000.0,
              step.detail());
        }
        out.printf(
            Locale.ROOT,
            "probes: %d sent (each to two instances), %d failed, %d answered differently%n",
            result.probes().sent(),
            result.probes().errors(),
            result.probes().nondeterministic());
        out.println(result.passed() ? "PASSED" : "FAILED");
      }
      out.flush();
      return result.passed() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }

    private long probeSeed(SimConfig config) {
      if (seed != null) {
        return seed;
      }
      OptionalLong env = SimSeed.fromEnvironment(context.env());
      return env.orElse(config.defaultSeed().orElse(42));
    }
  }
}
