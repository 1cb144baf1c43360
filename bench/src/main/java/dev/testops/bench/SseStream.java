package dev.testops.bench;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * One SSE client of one run on the JDK's asynchronous {@link HttpClient}: no thread of its own, the
 * body split into lines by the client. It records every event's id and the wall-clock time of the
 * blank line that completes it, in microseconds since the epoch. When the server ends the stream
 * before the run's final {@code run} event (a client that lagged is dropped), it reconnects with
 * {@code Last-Event-ID}, as an {@code EventSource} would.
 *
 * <p>Callbacks of one connection arrive one at a time and a reconnect starts only after the
 * previous connection ended, so the fields need no lock; read them after {@code onEnd} ran.
 */
final class SseStream {
  private static final int MAX_RECONNECTS = 10;

  private final int index;
  private final HttpClient http;
  private final URI uri;
  private final Runnable onReady;
  private final Consumer<SseStream> onEnd;
  private long[] ids = new long[512];
  private long[] micros = new long[512];
  private int count;
  private int reconnects;
  private boolean ready;
  private boolean finalSeen;
  private String failure = "-";

  SseStream(int index, HttpClient http, URI uri, Runnable onReady, Consumer<SseStream> onEnd) {
    this.index = index;
    this.http = http;
    this.uri = uri;
    this.onReady = onReady;
    this.onEnd = onEnd;
  }

  /** Opens the stream (again after the last event received, when there is one). */
  void connect() {
    var request = HttpRequest.newBuilder(uri).GET().header("Accept", "text/event-stream");
    if (count > 0) {
      request.header("Last-Event-ID", Long.toString(ids[count - 1]));
    }
    http.sendAsync(
            request.build(),
            info ->
                info.statusCode() == 200
                    ? HttpResponse.BodySubscribers.fromLineSubscriber(new Lines())
                    : HttpResponse.BodySubscribers.replacing(null))
        .whenComplete(this::ended);
  }

  private void ended(HttpResponse<Void> response, Throwable error) {
    // As an EventSource: a stream that ends or breaks is resumed; an HTTP error is final.
    boolean resumable = error != null || (response.statusCode() == 200 && !finalSeen);
    if (resumable && reconnects < MAX_RECONNECTS) {
      reconnects++;
      connect();
      return;
    }
    if (error != null) {
      Throwable cause = error.getCause() != null ? error.getCause() : error;
      failure = cause.getClass().getSimpleName();
    } else if (resumable) {
      failure = "ended-before-final-event";
    } else if (response.statusCode() != 200 && response.statusCode() != 204) {
      failure = "http-" + response.statusCode();
    }
    readyOnce();
    onEnd.accept(this);
  }

  private void readyOnce() {
    if (!ready) {
      ready = true;
      onReady.run();
    }
  }

  /** Whether it received the run's final event and ended without an error. */
  boolean complete() {
    return finalSeen && failure.equals("-");
  }

  /** Events received, repeats included. */
  int count() {
    return count;
  }

  /** How many times it reconnected. */
  int reconnects() {
    return reconnects;
  }

  /** Writes one line: index, reconnects, complete (1/0), failure, then {@code id:micros}... */
  void writeTo(Writer out) throws IOException {
    out.write(index + "\t" + reconnects + "\t" + (complete() ? 1 : 0) + "\t" + failure + "\t");
    for (int i = 0; i < count; i++) {
      out.write((i > 0 ? " " : "") + ids[i] + ":" + micros[i]);
    }
    out.write('\n');
  }

  private void record(long id, String type, String data) {
    Instant now = Instant.now();
    if (count == ids.length) {
      ids = Arrays.copyOf(ids, count * 2);
      micros = Arrays.copyOf(micros, count * 2);
    }
    ids[count] = id;
    micros[count] = now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    count++;
    if (type.equals("run") && isFinal(data)) {
      finalSeen = true;
    }
    readyOnce();
  }

  /** Whether a {@code run} event's data carries a terminal status. */
  private static boolean isFinal(String data) {
    for (String status : new String[] {"passed", "failed", "error", "cancelled"}) {
      if (data.contains("\"status\":\"" + status + "\"")) {
        return true;
      }
    }
    return false;
  }

  /** Parses the lines of one connection into events (fields as the SSE spec reads them). */
  private final class Lines implements Flow.Subscriber<String> {
    private long id = -1;
    private String type = "message";
    private StringBuilder data;

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      if (line.isEmpty()) {
        if (data != null) {
          record(id, type, data.toString());
        }
        type = "message";
        data = null;
        return;
      }
      int colon = line.indexOf(':');
      if (colon == 0) {
        return; // a comment, e.g. the heartbeat
      }
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      value = value.startsWith(" ") ? value.substring(1) : value;
      switch (field) {
        case "id" -> id = Long.parseLong(value);
        case "event" -> type = value;
        case "data" ->
            data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        default -> {
          // retry: and unknown fields change nothing here
        }
      }
    }

    @Override
    public void onError(Throwable throwable) {
      // whenComplete sees the same error
    }

    @Override
    public void onComplete() {
      // whenComplete follows
    }
  }
}
