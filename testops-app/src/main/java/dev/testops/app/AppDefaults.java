package dev.testops.app;

import dev.testops.app.dashboard.DashboardAssets;
import dev.testops.core.TestOps;
import dev.testops.core.phases.BuiltInPhases;
import dev.testops.load.LoadPhase;
import java.util.function.Consumer;

/** What every edge of the app adds to the core's defaults: the load phase and the report charts. */
public final class AppDefaults {
  private AppDefaults() {}

  /** The app's settings, to be followed by the edge's own (home, clock, …). */
  public static Consumer<TestOps.Config> config() {
    return cfg ->
        cfg.phases(BuiltInPhases.registry(new LoadPhase())).charts(DashboardAssets::reportScript);
  }
}
