package dev.testops.load;

/** The closed model's VU target over time: constant, or linear through the stages. */
final class VuStages {
  private VuStages() {}

  /** The VUs the scenario wants at {@code seconds} since the start. */
  static int target(Scenario scenario, double seconds) {
    if (scenario.executor() == Executor.CONSTANT_VUS) {
      return scenario.vus();
    }
    double from = scenario.vus();
    double t = seconds;
    for (Stage stage : scenario.stages()) {
      double length = stage.durationMillis() / 1000.0;
      if (t < length) {
        return (int) Math.round(from + (stage.target() - from) * (t / length));
      }
      t -= length;
      from = stage.target();
    }
    return (int) Math.round(from);
  }
}
