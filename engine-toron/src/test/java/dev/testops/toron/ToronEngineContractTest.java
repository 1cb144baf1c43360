package dev.testops.toron;

import dev.testops.engine.Engine;
import dev.testops.engine.EngineContractTest;
import dev.testops.engine.EngineOptions;

/** Runs the engine contract test kit against a fault-free Toron. */
class ToronEngineContractTest extends EngineContractTest {
  @Override
  protected Engine createEngine() {
    // An empty environment, so a TORON_FAULT set where the build runs cannot break the kit.
    return new ToronEngineProvider(name -> null).create(EngineOptions.NONE);
  }
}
