package dev.testops.enginehttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.testops.engine.AsyncEngine;
import dev.testops.engine.Engine;
import dev.testops.engine.EngineException;
import dev.testops.engine.EngineOptions;
import dev.testops.engine.EngineRequest;
import dev.testops.engine.EngineResponse;
import dev.testops.engine.SplitMix64;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The {@code http} engine's asynchronous {@code /process}: many requests in flight on pooled
 * keep-alive connections, answered exactly as in process, with the blocking call's failures.
 */
class HttpEngineAsyncTest {

  @Test
  void httpEngine_isAnAsyncEngine() {
    try (var server = EngineHttpServer.start(new ScriptedEngine(), EngineServerConfig.defaults());
        Engine remote = Toron.client(server, EngineOptions.NONE)) {
      assertThat(remote).isInstanceOf(AsyncEngine.class);
    }
  }

  @Test
  void twoThousandRequestsInFlightAtOnce_areEachAnsweredAsInProcess() {
    try (Engine local = Toron.create();
        Engine served = Toron.create();
        var server = EngineHttpServer.start(served, EngineServerConfig.defaults());
        var remote = (AsyncEngine) Toron.client(server, EngineOptions.NONE)) {
      List<EngineRequest> requests = new ArrayList<>();
      List<CompletableFuture<EngineResponse>> answers = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        var request =
            new EngineRequest(
                "user-" + i,
                1 + i % 5,
                "the budget is " + i + "k. compare plan a and plan b.",
                List.of("budget=" + (i + 1) + "k"),
                SplitMix64.seedOf("async", i));
        requests.add(request);
        answers.add(remote.processAsync(request).toCompletableFuture());
      }
      for (int i = 0; i < requests.size(); i++) {
        assertThat(answers.get(i).join())
            .as("answer to %s", requests.get(i))
            .isEqualTo(local.process(requests.get(i)));
      }
    }
  }

  @Test
  void engineFailure_completesTheStageWithTheEnginesMessage() {
    try (var server = EngineHttpServer.start(new ScriptedEngine(), EngineServerConfig.defaults());
        var remote = (AsyncEngine) Toron.client(server, EngineOptions.NONE)) {
      var request = new EngineRequest("user-1", 1, "fail the model is on fire", List.of(), 1);

      assertThatThrownBy(() -> remote.processAsync(request).toCompletableFuture().join())
          .isInstanceOf(CompletionException.class)
          .cause()
          .isExactlyInstanceOf(EngineException.class)
          .hasMessage("the model is on fire");
    }
  }

  @Test
  void closingTheEngine_failsTheRequestsStillWaitingForAnAnswer() {
    try (var server =
        EngineHttpServer.start(
            new ScriptedEngine(),
            EngineServerConfig.defaults().withLatencyMode(LatencyMode.MODEL))) {
      var remote = (AsyncEngine) Toron.client(server, EngineOptions.NONE);
      CompletableFuture<EngineResponse> waiting =
          remote.processAsync(ScriptedEngine.latency(30_000_000)).toCompletableFuture();

      remote.close();

      assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS))
          .cause()
          .hasMessage("the http engine for " + server.url() + " is closed");
      assertThatThrownBy(
              () -> remote.processAsync(ScriptedEngine.latency(0)).toCompletableFuture().join())
          .cause()
          .hasMessageContaining("is closed");
    }
  }

  @Test
  void aKeepAliveConnectionTheServerClosed_isReplacedAndTheRequestAnswered() throws Exception {
    // A server that answers one request per connection and then closes it, without saying so
    // (no "Connection: close"): the client's next request may be written to the dead connection.
    try (var server = new OneShotServer();
        Engine remote =
            new HttpEngineProvider()
                .create(EngineOptions.NONE.with(HttpEngineProvider.URL_OPTION, server.url()))) {
      for (int i = 0; i < 20; i++) {
        assertThat(remote.process(ScriptedEngine.latency(0)).answer()).isEqualTo("one-shot");
      }
      assertThat(server.connections.get()).isGreaterThanOrEqualTo(20);
    }
  }

  /** Answers {@code /describe} and each {@code /process} on its own connection, then closes it. */
  private static final class OneShotServer implements AutoCloseable {
    private static final String PROCESS_BODY =
        new String(
            WireFormat.writeResponse(
                new EngineResponse(
                    dev.testops.engine.Tier.T1,
                    false,
                    0,
                    0.5,
                    0,
                    "one-shot",
                    dev.testops.engine.Digests.sha256Hex("one-shot"),
                    List.of())),
            StandardCharsets.UTF_8);
    private static final String DESCRIBE_BODY =
        new String(WireFormat.writeDescriptor(ScriptedEngine.DESCRIPTOR), StandardCharsets.UTF_8);

    final AtomicInteger connections = new AtomicInteger();
    private final ServerSocket socket;
    private final Thread acceptor;

    OneShotServer() throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      acceptor = new Thread(this::serve, "one-shot-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    String url() {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }

    private void serve() {
      while (!socket.isClosed()) {
        try (Socket connection = socket.accept()) {
          connections.incrementAndGet();
          String head = readHead(connection.getInputStream());
          String body = head.startsWith("GET /describe") ? DESCRIBE_BODY : PROCESS_BODY;
          OutputStream out = connection.getOutputStream();
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          out.write(
              ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                      + bytes.length
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          out.write(bytes);
          out.flush();
        } catch (IOException e) {
          // closed, or a client gone: next connection
        }
      }
    }

    /** Reads the request head and its body (by Content-Length); returns the head. */
    private static String readHead(InputStream in) throws IOException {
      var head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("closed");
        }
        head.append((char) b);
      }
      String text = head.toString();
      int length = 0;
      for (String line : text.split("\r\n")) {
        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      in.readNBytes(length);
      return text;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
