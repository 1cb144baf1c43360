package dev.testops.app.server;

import dev.testops.core.TestOpsException;
import dev.testops.core.run.Run;
import dev.testops.core.run.RunService;
import dev.testops.core.run.RunStatus;
import dev.testops.core.run.RunStore;
import java.io.IOException;
import java.util.Optional;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/** The v1 run routes: create, list, read, cancel, events. Each parses, calls the core, answers. */
final class RunHandlers {
  private static final int DEFAULT_PAGE_SIZE = 20;
  private static final int MAX_PAGE_SIZE = 100;

  private final RunService service;
  private final Bodies bodies;
  private final EventStreams streams;

  RunHandlers(RunService service, Bodies bodies, EventStreams streams) {
    this.service = service;
    this.bodies = bodies;
    this.streams = streams;
  }

  /**
   * {@code POST /v1/test-runs}: 201 with the new run, 200 with the run an idempotent repeat made.
   */
  ServerResponse create(ServerRequest request) throws IOException {
    var submission = Submissions.read(bodies.object(request), null);
    RunStore.Created created = Submissions.submit(service, submission, request);
    Run run = created.run();
    return Replies.json(
        created.existing() ? 200 : 201, RunJson.run(run), "/v1/test-runs/" + run.id());
  }

  /** {@code GET /v1/test-runs?status=&suite=&page=&size=}: the history, newest first. */
  ServerResponse list(ServerRequest request) {
    Optional<RunStatus> status =
        request.param("status").filter(s -> !s.isBlank()).map(RunHandlers::status);
    Optional<String> suite = request.param("suite").filter(s -> !s.isBlank()).map(String::strip);
    int page = intParam(request, "page", 0, 0, Integer.MAX_VALUE);
    int size = intParam(request, "size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
    long offset = (long) page * size;
    if (offset > Integer.MAX_VALUE) {
      throw new TestOpsException.InvalidInput("page " + page + " is out of range");
    }
    return Replies.json(
        200,
        RunJson.page(
            service.list(status, suite, (int) offset, size),
            page,
            size,
            service.count(status, suite)));
  }

  /** {@code GET /v1/test-runs/{id}} */
  ServerResponse get(ServerRequest request) {
    return Replies.json(200, RunJson.run(service.get(request.pathVariable("id"))));
  }

  /** {@code POST /v1/test-runs/{id}/cancel}: 200 when it ended now, 202 when it stops soon. */
  ServerResponse cancel(ServerRequest request) {
    Run run = service.cancel(request.pathVariable("id"));
    return Replies.json(run.status().isTerminal() ? 200 : 202, RunJson.run(run));
  }

  /** {@code GET /v1/test-runs/{id}/events}: SSE. */
  ServerResponse events(ServerRequest request) {
    return streams.open(request, request.pathVariable("id"));
  }

  private static RunStatus status(String name) {
    try {
      return RunStatus.fromWireName(name);
    } catch (IllegalArgumentException e) {
      throw new TestOpsException.InvalidInput("query parameter 'status': " + e.getMessage());
    }
  }

  private static int intParam(ServerRequest request, String name, int fallback, int min, int max) {
    Optional<String> value = request.param(name).filter(s -> !s.isBlank());
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.get().strip());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new TestOpsException.InvalidInput(
        "query parameter '" + name + "' must be an integer from " + min + " to " + max);
  }
}
