package dev.testops.enginehttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.testops.engine.Engine;
import dev.testops.engine.EngineException;
import dev.testops.engine.EngineOptions;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The {@code http} provider's options and how it reports an engine it cannot reach. */
class HttpEngineProviderTest {
  private final HttpEngineProvider provider = new HttpEngineProvider();

  @Test
  void missingUrl_saysWhichOptionIsNeeded() {
    assertThatThrownBy(() -> provider.create(EngineOptions.NONE))
        .isInstanceOf(EngineException.class)
        .hasMessage(
            "the http engine needs the option url, e.g. --engine-option url=http://127.0.0.1:9000");
  }

  @Test
  void invalidUrls_areRefusedNamingTheValue() {
    for (String url :
        new String[] {"127.0.0.1:9000", "ftp://host/", "http://", "http://h:1/?q=1"}) {
      assertThatThrownBy(() -> provider.create(options(url)))
          .as(url)
          .isInstanceOf(EngineException.class)
          .hasMessageStartingWith("invalid url '" + url + "': expected http://HOST:PORT");
    }
  }

  @Test
  void invalidTimeout_isRefused() {
    var options = options("http://127.0.0.1:9").with(HttpEngineProvider.TIMEOUT_OPTION, "0");

    assertThatThrownBy(() -> provider.create(options))
        .hasMessage("invalid timeout_ms '0': expected whole milliseconds in [1, 3600000]");
  }

  @Test
  void baseUrl_dropsTrailingSlashesAndKeepsABasePath() {
    assertThat(HttpEngineProvider.baseUrl("http://127.0.0.1:9000/").toString())
        .isEqualTo("http://127.0.0.1:9000");
    assertThat(HttpEngineProvider.baseUrl("HTTP://127.0.0.1:9000/engines/a//").toString())
        .isEqualTo("http://127.0.0.1:9000/engines/a");
  }

  @Test
  void refusedConnection_failsCreationWithAClearMessage() throws Exception {
    String url = "http://127.0.0.1:" + freePort();

    assertThatThrownBy(() -> provider.create(options(url)))
        .isExactlyInstanceOf(EngineException.class)
        .hasMessage("engine at " + url + " refused the connection");
  }

  @Test
  void serverGoneAfterCreation_failsRequestsWithAClearMessage() {
    var server = EngineHttpServer.start(new ScriptedEngine(), EngineServerConfig.defaults());
    String url = server.url();
    try (Engine remote = provider.create(options(url))) {
      assertThat(remote.describe()).isEqualTo(ScriptedEngine.DESCRIPTOR);
      server.close();

      assertThatThrownBy(remote::ping).hasMessage("engine at " + url + " refused the connection");
      assertThatThrownBy(() -> remote.process(ScriptedEngine.latency(0)))
          .hasMessage("engine at " + url + " refused the connection");
    }
  }

  @Test
  void slowAnswer_timesOutWithTheConfiguredTimeout() {
    try (var server =
            EngineHttpServer.start(
                new ScriptedEngine(),
                EngineServerConfig.defaults().withLatencyMode(LatencyMode.MODEL));
        Engine remote =
            provider.create(options(server.url()).with(HttpEngineProvider.TIMEOUT_OPTION, "200"))) {
      assertThatThrownBy(() -> remote.process(ScriptedEngine.latency(5_000_000)))
          .hasMessage("engine at " + server.url() + " did not answer /process within 200 ms");
    }
  }

  @Test
  void closedEngine_refusesFurtherCalls() {
    try (var server = EngineHttpServer.start(new ScriptedEngine(), EngineServerConfig.defaults())) {
      Engine remote = provider.create(options(server.url()));
      remote.close();

      assertThatThrownBy(remote::ping).hasMessageContaining("is closed");
    }
  }

  @Test
  void portInUse_failsServerStartNamingThePort() throws Exception {
    try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      var config = EngineServerConfig.defaults().withPort(taken.getLocalPort());

      assertThatThrownBy(() -> EngineHttpServer.start(new ScriptedEngine(), config))
          .hasMessageStartingWith("cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  private static EngineOptions options(String url) {
    return EngineOptions.NONE.with(HttpEngineProvider.URL_OPTION, url);
  }

  /** A port nothing listens on: bound once to learn it, then released. */
  private static int freePort() throws Exception {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
