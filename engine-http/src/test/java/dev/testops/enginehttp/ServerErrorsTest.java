package dev.testops.enginehttp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.testops.engine.Engine;
import dev.testops.engine.EngineException;
import dev.testops.engine.EngineOptions;
import dev.testops.engine.EngineRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every error of the protocol is a status with an {@code {"error": ...}} body. */
class ServerErrorsTest {
  private static EngineHttpServer server;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() {
    server = EngineHttpServer.start(new ScriptedEngine(), EngineServerConfig.defaults());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void engineFailure_is500WithTheEnginesMessage() throws Exception {
    String body = new String(WireFormat.writeRequest(failing("the model is on fire")), UTF_8);

    HttpResponse<String> response = post("/process", body);

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body()).isEqualTo("{\"error\":\"the model is on fire\"}");
  }

  @Test
  void engineFailure_surfacesInTheClientAsEngineExceptionWithTheMessage() {
    try (Engine remote = Toron.client(server, EngineOptions.NONE)) {
      assertThatThrownBy(() -> remote.process(failing("the model is on fire")))
          .isExactlyInstanceOf(EngineException.class)
          .hasMessage("the model is on fire");
      remote.ping(); // the connection survives a failed request
    }
  }

  @Test
  void toronsInjectedError_crossesTheWireUnchanged() {
    try (Engine toron = Toron.create(EngineOptions.NONE.with("fault", "error:1"));
        var toronServer = EngineHttpServer.start(toron, EngineServerConfig.defaults());
        Engine remote = Toron.client(toronServer, EngineOptions.NONE)) {
      var request = new EngineRequest("u", 1, "hello", List.of(), 1);

      assertThatThrownBy(() -> remote.process(request)).hasMessage("injected fault: error");
    }
  }

  @Test
  void badJson_is400() throws Exception {
    HttpResponse<String> response = post("/process", "{\"user_id\": oops");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(WireFormat.readError(response.body().getBytes(UTF_8)))
        .startsWith("request is not valid JSON");
  }

  @Test
  void missingField_is400NamingIt() throws Exception {
    HttpResponse<String> response = post("/process", "{\"user_id\":\"u\",\"turn\":1}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("{\"error\":\"missing field 'prompt'\"}");
  }

  @Test
  void bodyOverTheLimit_is413AndABodyAtTheLimitIsServed() throws Exception {
    String valid = new String(WireFormat.writeRequest(ScriptedEngine.latency(0)), UTF_8);
    // JSON allows trailing whitespace, so padding makes a valid body of any size.
    String atLimit =
        valid + " ".repeat(EngineServerConfig.DEFAULT_MAX_REQUEST_BYTES - valid.length());

    HttpResponse<String> tooLarge = post("/process", atLimit + " ");
    HttpResponse<String> justFits = post("/process", atLimit);

    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(tooLarge.body()).isEqualTo("{\"error\":\"request body exceeds 65536 bytes\"}");
    assertThat(justFits.statusCode()).isEqualTo(200);
  }

  @Test
  void unknownPath_is404AndWrongMethod_is405WithAllow() throws Exception {
    HttpResponse<String> unknown = get("/metrics");
    HttpResponse<String> wrongMethod = get("/process");

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("no route /metrics");
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("allow")).hasValue("POST");
  }

  @Test
  void healthAndDescribe_answerAsTheProtocolSays() throws Exception {
    assertThat(get("/health").body()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(get("/describe").body())
        .isEqualTo("{\"id\":\"scripted\",\"version\":\"1.0.0\",\"capabilities\":[\"test\"]}");
  }

  @Test
  void malformedHttp_is400AndClosesTheConnection() throws Exception {
    try (var connection = new RawHttp(server.port())) {
      connection.send("GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n");

      RawHttp.Response response = connection.read();

      assertThat(response.status()).isEqualTo(400);
      assertThat(response.body()).startsWith("{\"error\":\"malformed HTTP request");
      assertThat(connection.closedByServer()).isTrue();
    }
  }

  @Test
  void connectionClose_isHonouredAfterTheAnswer() throws Exception {
    try (var connection = new RawHttp(server.port())) {
      connection.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

      RawHttp.Response response = connection.read();

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.headers()).containsEntry("connection", "close");
      assertThat(connection.closedByServer()).isTrue();
    }
  }

  @Test
  void keepAlive_servesManyRequestsOnOneConnection() throws Exception {
    try (var connection = new RawHttp(server.port())) {
      for (int i = 0; i < 100; i++) {
        connection.send(RawHttp.get("/health"));

        assertThat(connection.read().status()).isEqualTo(200);
      }
    }
  }

  private static EngineRequest failing(String message) {
    return new EngineRequest("u", 1, "fail " + message, List.of(), 1);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(server.url() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
