package dev.testops.enginehttp;

import dev.testops.engine.Engine;
import dev.testops.engine.EngineContractTest;
import dev.testops.engine.EngineOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Runs the engine contract test kit against the {@code http} engine talking to a server that serves
 * Toron: the whole path (client, wire format, server) must keep every promise of the contract.
 */
class HttpEngineContractTest extends EngineContractTest {
  private static Engine toron;
  private static EngineHttpServer server;

  @BeforeAll
  static void serveToron() {
    toron = Toron.create();
    server = EngineHttpServer.start(toron, EngineServerConfig.defaults());
  }

  @AfterAll
  static void stopServer() {
    server.close();
    toron.close();
  }

  @Override
  protected Engine createEngine() {
    return Toron.client(server, EngineOptions.NONE);
  }
}
