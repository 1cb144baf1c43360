package dev.testops.app.server;

import dev.testops.core.canonical.CanonicalJson;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerResponse;
import tools.jackson.databind.JsonNode;

/** Successful JSON answers, written as bytes so no converter second-guesses the encoding. */
final class Replies {
  private Replies() {}

  /** A JSON body with a status. */
  static ServerResponse json(int status, JsonNode body) {
    return ServerResponse.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(CanonicalJson.line(body).getBytes(StandardCharsets.UTF_8));
  }

  /** A JSON body with a status and a {@code Location}. */
  static ServerResponse json(int status, JsonNode body, String location) {
    return ServerResponse.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .header("Location", location)
        .body(CanonicalJson.line(body).getBytes(StandardCharsets.UTF_8));
  }
}
