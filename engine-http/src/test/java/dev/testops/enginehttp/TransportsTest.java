package dev.testops.enginehttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.testops.engine.EngineRequest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The two transports of the {@code http} engine (Netty for {@code http://}, the JDK's client for
 * {@code https://}, here both over plain HTTP) answer alike and fail with the same messages.
 */
class TransportsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Test
  void bothTransports_giveTheSameAnswersAndTheSameFailures() throws Exception {
    try (var server = EngineHttpServer.start(new ScriptedEngine(), EngineServerConfig.defaults())) {
      URI base = URI.create(server.url());
      var failures = new Failures(server.url(), TIMEOUT);
      try (Transport netty = NettyTransport.create(base, TIMEOUT, 1, failures);
          Transport jdk = new JdkTransport(base, TIMEOUT, failures)) {
        var answered = new EngineRequest("user-1", 2, "latency 1234", List.of("a=b"), 99);
        var failing = new EngineRequest("user-1", 1, "fail the model is on fire", List.of(), 1);

        assertThat(netty.process(answered).join()).isEqualTo(jdk.process(answered).join());
        assertThat(netty.get(Routes.DESCRIBE).join()).isEqualTo(jdk.get(Routes.DESCRIBE).join());
        assertThat(failure(netty, t -> t.process(failing)))
            .isEqualTo(failure(jdk, t -> t.process(failing)))
            .isEqualTo("the model is on fire");
        assertThat(failure(netty, t -> t.get("/nowhere")))
            .isEqualTo(failure(jdk, t -> t.get("/nowhere")))
            .startsWith("engine at " + server.url() + " answered /nowhere with HTTP 404: no route");
      }
    }
  }

  @Test
  void bothTransports_sayTheConnectionWasRefused() throws Exception {
    int port;
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port;
    var failures = new Failures(url, TIMEOUT);
    try (Transport netty = NettyTransport.create(URI.create(url), TIMEOUT, 1, failures);
        Transport jdk = new JdkTransport(URI.create(url), TIMEOUT, failures)) {
      assertThat(failure(netty, t -> t.get(Routes.HEALTH)))
          .isEqualTo(failure(jdk, t -> t.get(Routes.HEALTH)))
          .isEqualTo("engine at " + url + " refused the connection");
    }
  }

  private static String failure(
      Transport transport, Function<Transport, CompletableFuture<?>> call) {
    Throwable thrown = catchThrowable(() -> call.apply(transport).join());
    assertThat(thrown).isInstanceOf(CompletionException.class);
    return thrown.getCause().getMessage();
  }
}
