package dev.testops.core.phases;

import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.engines.EngineCheck;
import dev.testops.core.run.Phase;
import dev.testops.core.run.PhaseContext;
import dev.testops.core.run.PhaseOutcome;
import dev.testops.core.run.PhaseStatus;
import dev.testops.engine.EngineOptions;
import java.util.Locale;
import tools.jackson.databind.node.ObjectNode;

/** Engine Check: load, describe, ping and canned prompts, each step logged with its timing. */
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
    var result =
        new EngineCheck(context.nanoTime())
            .run(engineId, () -> context.engines().open(engineId, options));
    ObjectNode summary = CanonicalJson.object();
    summary.put("engine", engineId);
    if (result.descriptor() != null) {
      summary.put("version", result.descriptor().version());
    }
    var steps = summary.putArray("steps");
    int done = 0;
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
      context.progress(++done * 100 / Math.max(1, result.steps().size()));
    }
    summary.put("passed", result.passed());
    return new PhaseOutcome(
        result.passed() ? PhaseStatus.PASSED : PhaseStatus.FAILED,
        summary,
        result.passed() ? "engine " + engineId + " passed every check" : "engine check failed");
  }
}
