package dev.testops.engine;

/** Runs the contract test kit against the minimal {@link EchoEngine}, which must pass it. */
class EchoEngineContractTest extends EngineContractTest {
  @Override
  protected Engine createEngine() {
    return EchoEngine.deterministic();
  }
}
