package dev.testops.core.phases;

import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.config.SimConfigLoader;
import dev.testops.core.engines.EngineCheck;
import dev.testops.core.run.Phase;
import dev.testops.core.run.PhaseContext;
import dev.testops.core.run.PhaseOutcome;
import dev.testops.core.run.PhaseStatus;
import dev.testops.core.sim.RunIds;
import dev.testops.engine.EngineOptions;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * Engine Check: load, describe, ping, canned prompts and {@value EngineCheck#PROBES} probes from
 * the run's own dataset (its profile and seed), each step logged with its timing. Stops between two
 * requests when the run is cancelled.
 */
final class EngineCheckPhase implements Phase {

  @Override
  public String name() {
    return "engine-check";
  }

  @Override
  public String title() {
    return "Engine Check";
  }

  @Override
  public PhaseOutcome execute(PhaseContext context) {
    String engineId = context.request().engineId();
    var options = new EngineOptions(context.request().engineOptions());
    // The probes are turns of the dataset the SIM will send: same profile, same seed.
    var profile =
        SimConfigLoader.load(context.home().root())
            .profile(Optional.of(context.request().profile()));
    long seed = context.request().seed().orElse(RunIds.seedFor(context.run().id()));
    var probes = EngineCheck.Probes.of(profile, seed);
    int[] lastPercent = {-1};
    var result =
        new EngineCheck(context.nanoTime())
            .run(
                engineId,
                () -> context.engines().open(engineId, options),
                probes,
                context::isCancelled,
                sent -> {
                  // The probes are nearly all of the check's requests: they make its progress.
                  // Called from the probes' threads: one at a time, and never backwards.
                  int percent = (int) ((long) sent * 100 / Math.max(1, probes.count()));
                  synchronized (lastPercent) {
                    if (percent > lastPercent[0]) {
                      lastPercent[0] = percent;
                      context.progress(percent);
                    }
                  }
                });
    if (result.cancelled()) {
      context.checkCancelled();
    }
    ObjectNode summary = CanonicalJson.object();
    summary.put("engine", engineId);
    if (result.descriptor() != null) {
      summary.put("version", result.descriptor().version());
    }
    summary.put("probes", result.probes().sent());
    summary.put("probe_errors", result.probes().errors());
    summary.put("probe_nondeterministic", result.probes().nondeterministic());
    var steps = summary.putArray("steps");
    for (EngineCheck.Step step : result.steps()) {
      String line =
          String.format(
              Locale.ROOT,
              "%s %s in %.3f ms: %s",
              step.name(),
              step.passed() ? "ok" : "FAILED",
              step.durationMicros() / 1000.0,
              step.detail());
      if (step.passed()) {
        context.info(line);
      } else {
        context.warn(line, "check that engine '" + engineId + "' loads and answers; see its logs");
      }
      ObjectNode s = steps.addObject();
      s.put("name", step.name());
      s.put("passed", step.passed());
      s.put("duration_ms", CanonicalJson.ratio(step.durationMicros(), 1000));
      s.put("detail", step.detail());
    }
    summary.put("passed", result.passed());
    String sent = result.probes().sent() + " probes, each to two instances";
    String failed =
        result.steps().stream()
            .filter(step -> !step.passed())
            .findFirst()
            .map(step -> step.name() + ": " + step.detail())
            .orElse("");
    return new PhaseOutcome(
        result.passed() ? PhaseStatus.PASSED : PhaseStatus.FAILED,
        summary,
        result.passed()
            ? "engine " + engineId + " passed every check (" + sent + ")"
            : "engine check failed at " + failed);
  }
}
