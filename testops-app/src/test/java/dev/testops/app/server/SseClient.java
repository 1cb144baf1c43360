package dev.testops.app.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A raw SSE client for tests: reads the stream line by line as the wire carries it (fields,
 * comments, {@code retry:}), with no reconnect logic of its own, and can hang up at any point.
 */
final class SseClient implements AutoCloseable {
  /** One event as sent: {@code id:}, {@code event:}, {@code data:}. */
  record Event(long id, String type, String data) {}

  final int status;
  final HttpHeaders headers;
  final List<String> comments = new ArrayList<>();
  String retry;
  private final InputStream body;
  private final BufferedReader reader;

  private SseClient(HttpResponse<InputStream> response) {
    this.status = response.statusCode();
    this.headers = response.headers();
    this.body = response.body();
    this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
  }

  static SseClient open(HttpClient http, URI uri, String... headers) {
    var builder = HttpRequest.newBuilder(uri).GET().header("Accept", "text/event-stream");
    if (headers.length > 0) {
      builder.headers(headers);
    }
    try {
      return new SseClient(http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The next event, or {@code null} when the server ended the stream. */
  Event next() {
    long id = -1;
    String type = "message";
    StringBuilder data = null;
    try {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isEmpty()) {
          if (data != null) {
            return new Event(id, type, data.toString());
          }
        } else if (line.startsWith(":")) {
          comments.add(line);
        } else if (line.startsWith("retry: ")) {
          retry = line.substring(7);
        } else if (line.startsWith("id: ")) {
          id = Long.parseLong(line.substring(4));
        } else if (line.startsWith("event: ")) {
          type = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data = data == null ? new StringBuilder() : data.append('\n');
          data.append(line.substring(6));
        }
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every event until the server ends the stream (which must happen within the timeout). */
  List<Event> rest(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Event> events = new ArrayList<>();
    for (Event event = next(); event != null; event = next()) {
      events.add(event);
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the stream did not end within " + timeout);
      }
    }
    return events;
  }

  /** Hangs up. */
  @Override
  public void close() {
    try {
      body.close();
    } catch (IOException e) {
      // already gone
    }
  }
}
