package dev.testops.app.server;

import static dev.testops.app.server.Role.ANYONE;
import static dev.testops.app.server.Role.OPERATOR;
import static dev.testops.app.server.Role.VIEWER;
import static dev.testops.app.server.Route.get;
import static dev.testops.app.server.Route.post;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import java.util.List;
import java.util.TreeSet;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The route table: every route TestOps serves, the role it needs and its handler, in one list.
 * Anything else is a {@code 404} (or {@code 405} when the path exists with other methods); every
 * error becomes problem+json through {@link Problems}.
 */
final class Routes {
  private Routes() {}

  /** The one table. */
  static List<Route> table(
      RunHandlers runs,
      LoadHandlers load,
      LegacyHandlers legacy,
      OpsHandlers ops,
      ReportHandlers reports,
      ArtifactHandlers artifacts,
      DashboardHandlers dashboard,
      OpenApi docs) {
    List<String> none = List.of();
    List<String> idempotent = List.of("Idempotency-Key");
    List<String> resume = List.of("Last-Event-ID");
    List<Route> table =
        List.of(
            get("/v1/health", ANYONE, ops::health)
                .doc("health", "Service, store and queue health")
                .json(200, "Health"),
            get("/v3/api-docs", VIEWER, docs::serve).doc("apiDocs", "This OpenAPI document"),
            post("/v1/test-runs", OPERATOR, runs::create)
                .doc("createRun", "Queue a run of a suite or of a list of phases")
                .body("RunCreate")
                .json(201, "Run")
                .params(none, idempotent),
            get("/v1/test-runs", VIEWER, runs::list)
                .doc("listRuns", "Run history, newest first, paged; filtered by status and suite")
                .json(200, "RunPage")
                .params(List.of("status", "suite", "page", "size"), none),
            get("/v1/test-runs/{id}", VIEWER, runs::get)
                .doc("getRun", "A run with its phases")
                .json(200, "Run"),
            post("/v1/test-runs/{id}/cancel", OPERATOR, runs::cancel)
                .doc("cancelRun", "Cancel a run (200 when it ended now, 202 while it stops)")
                .json(200, "Run"),
            get("/v1/test-runs/{id}/events", VIEWER, runs::events)
                .doc("runEvents", "A run's events (SSE, resumable; 204 when nothing can follow)")
                .produces("text/event-stream")
                .params(List.of("last_event_id"), resume),
            // The list before the file: {*name} also matches the bare .../artifacts.
            get("/v1/test-runs/{id}/artifacts", VIEWER, artifacts::list)
                .doc("listArtifacts", "The files a run recorded: name, kind, size, SHA-256, link")
                .json(200, "Artifacts"),
            get("/v1/test-runs/{id}/artifacts/{*name}", VIEWER, artifacts::get)
                .doc(
                    "getArtifact",
                    "One recorded file of a run, read-only; the name is its path under the home as"
                        + " listed (e.g. snapshots/run-<id>.json)")
                .produces("application/octet-stream"),
            post("/v1/load/run", OPERATOR, load::run)
                .doc("runLoad", "Queue a standalone load run (the single phase load)")
                .body("LoadRun")
                .json(201, "Run"),
            get("/v1/reports/{id}", VIEWER, reports::report)
                .doc(
                    "getReport",
                    "A run's master report: HTML, or JSON with ?format=json or Accept:"
                        + " application/json (404 until the run ends)")
                .json(200, "Report")
                .params(List.of("format"), none),
            post("/v1/snapshots/compare", OPERATOR, ops::compare)
                .doc("compareSnapshots", "Diff two runs' snapshots or two snapshot folders")
                .body("Compare")
                .json(200, "SnapshotDiff"),
            post("/begin", OPERATOR, legacy::begin)
                .doc("begin", "Unlock the legacy run routes for a while (BEGIN TESTING)")
                .body("Begin")
                .json(200, "Unlocked"),
            post("/tests/run", OPERATOR, legacy::run)
                .doc("legacyRun", "Start the regression_core suite (423 until /begin)")
                .json(202, "LegacyRun")
                .params(none, idempotent),
            post("/tests/run_all", OPERATOR, legacy::runAll)
                .doc("legacyRunAll", "Start the full suite (423 until /begin)")
                .json(202, "LegacyRun")
                .params(none, idempotent),
            get("/tests/status/{run_id}", VIEWER, legacy::status)
                .doc("legacyStatus", "A run with its phases")
                .json(200, "Run"),
            get("/tests/stream/{run_id}", VIEWER, legacy::stream)
                .doc("legacyStream", "A run's events (SSE, resumable)")
                .produces("text/event-stream")
                .params(List.of("last_event_id"), resume),
            get("/tests/result/{run_id}", VIEWER, legacy::result)
                .doc("legacyResult", "Aggregated result: phases, determinism, snapshot, artifacts")
                .json(200, "Result"),
            get("/tests/report/{run_id}", VIEWER, reports::legacyReport)
                .doc("legacyReport", "The run's master report, HTML or JSON (as /v1/reports)")
                .json(200, "Report")
                .params(List.of("format"), none),
            get("/", ANYONE, dashboard::index)
                .doc("dashboard", "The dashboard (single-page app)")
                .produces("text/html"),
            get("/assets/{file}", ANYONE, dashboard::asset)
                .doc("dashboardAsset", "The dashboard's scripts and styles")
                .produces("text/javascript"),
            get("/tests/bundle/{run_id}", VIEWER, legacy::bundle)
                .doc("legacyBundle", "The run's tar.gz bundle (404 until it is written)")
                .produces("application/gzip"));
    docs.describe(table);
    return table;
  }

  /** The Spring router for the table: auth per route, then 404/405, with errors as problems. */
  static RouterFunction<ServerResponse> router(List<Route> table, Auth auth) {
    RouterFunctions.Builder builder = RouterFunctions.route();
    for (Route route : table) {
      builder.route(
          RequestPredicates.method(route.method()).and(RequestPredicates.path(route.path())),
          request -> {
            auth.require(request, route.role());
            return route.handler().handle(request);
          });
    }
    builder.route(RequestPredicates.all(), request -> unrouted(request, table, auth));
    builder.onError(Throwable.class, (error, request) -> Problems.render(error, instance(request)));
    return builder.build();
  }

  /** A request no route takes, or the container's error dispatch of one that failed earlier. */
  private static ServerResponse unrouted(ServerRequest request, List<Route> table, Auth auth) {
    if (request.servletRequest().getDispatcherType() == DispatcherType.ERROR) {
      Object status = request.servletRequest().getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
      int code = status instanceof Integer i && i >= 400 ? i : 500;
      throw HttpProblem.ofStatus(code, "the request could not be handled (HTTP " + code + ")");
    }
    auth.require(request, Role.VIEWER);
    TreeSet<String> allowed = new TreeSet<>();
    for (Route route : table) {
      if (RequestPredicates.path(route.path()).test(request)) {
        allowed.add(route.method().name());
      }
    }
    String what = request.method().name() + " " + request.path();
    if (allowed.isEmpty()) {
      throw HttpProblem.noRoute("no such route: " + what);
    }
    throw HttpProblem.methodNotAllowed(
        "method not allowed: " + what + " (allowed: " + String.join(", ", allowed) + ")",
        String.join(", ", allowed));
  }

  /** The path the client asked for, also on an error dispatch. */
  static String instance(ServerRequest request) {
    Object original = request.servletRequest().getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    return original instanceof String uri ? uri : request.path();
  }
}
