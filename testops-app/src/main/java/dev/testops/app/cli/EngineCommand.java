package dev.testops.app.cli;

import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.engines.EngineCheck;
import dev.testops.core.engines.EngineRegistry;
import java.util.Locale;
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
          "Engine Check: load, describe, ping and send canned prompts (to two instances, to catch"
              + " nondeterminism), with timings. Exits 0 when every step passes, 1 otherwise.")
  static final class Check implements Callable<Integer> {
    private final CliContext context;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin HomeOption home = new HomeOption();

    @Mixin EngineChoice engine = new EngineChoice();

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    Check(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      var registry =
          EngineRegistry.discover(home.resolve(context).engines()).withEnvironment(context.env());
      // A local of the same name keeps the rest of the method reading as before.
      var options = this.engine.options();
      String engine = this.engine.id;
      registry.requireKnown(engine);
      var result =
          new EngineCheck(context.nanoTime()).run(engine, () -> registry.open(engine, options));
      var out = spec.commandLine().getOut();
      if (json) {
        ObjectNode jsonResult = CanonicalJson.object();
        jsonResult.put("engine", engine);
        jsonResult.put("passed", result.passed());
        if (result.descriptor() != null) {
          jsonResult.put("version", result.descriptor().version());
        }
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
        out.println(result.passed() ? "PASSED" : "FAILED");
      }
      out.flush();
      return result.passed() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }
  }
}
