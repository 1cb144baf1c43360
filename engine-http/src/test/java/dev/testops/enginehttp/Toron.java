package dev.testops.enginehttp;

import dev.testops.engine.Engine;
import dev.testops.engine.EngineOptions;
import dev.testops.engine.EngineProvider;
import java.util.ServiceLoader;

/** The reference engine, found the way TestOps finds it: by id through the ServiceLoader. */
final class Toron {
  private Toron() {}

  /** A fault-free Toron, whatever TORON_FAULT the build runs with (a blank option wins). */
  static Engine create() {
    return create(EngineOptions.NONE.with("fault", ""));
  }

  static Engine create(EngineOptions options) {
    for (EngineProvider provider : ServiceLoader.load(EngineProvider.class)) {
      if (provider.id().equals("toron-v2.5h+")) {
        return provider.create(options);
      }
    }
    throw new IllegalStateException("toron-v2.5h+ is not on the test class path");
  }

  /** A client of the server, through the ServiceLoader entry of the http provider. */
  static Engine client(EngineHttpServer server, EngineOptions extra) {
    EngineOptions options = extra.with(HttpEngineProvider.URL_OPTION, server.url());
    for (EngineProvider provider : ServiceLoader.load(EngineProvider.class)) {
      if (provider.id().equals(HttpEngineProvider.ID)) {
        return provider.create(options);
      }
    }
    throw new IllegalStateException("the http provider is not registered");
  }
}
