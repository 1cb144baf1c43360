package dev.testops.app.server;

import dev.testops.core.TestOpsException;
import dev.testops.core.report.MasterReports;
import dev.testops.core.run.Run;
import dev.testops.core.run.RunService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * {@code GET /v1/reports/{id}} and {@code GET /tests/report/{run_id}}: a run's master report, HTML
 * or JSON by {@code ?format=} or else by {@code Accept} (HTML when the client takes both).
 */
final class ReportHandlers {
  private static final MediaType HTML =
      new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8);

  private final RunService service;
  private final MasterReports reports;

  ReportHandlers(RunService service, MasterReports reports) {
    this.service = service;
    this.reports = reports;
  }

  /** {@code GET /v1/reports/{id}} */
  ServerResponse report(ServerRequest request) {
    return serve(request, request.pathVariable("id"));
  }

  /** {@code GET /tests/report/{run_id}} */
  ServerResponse legacyReport(ServerRequest request) {
    return serve(request, request.pathVariable("run_id"));
  }

  private ServerResponse serve(ServerRequest request, String runId) {
    boolean json = wantsJson(request);
    Run run = service.get(runId);
    Path file = json ? reports.json(run.id()) : reports.html(run.id());
    if (!Files.isRegularFile(file)) {
      throw HttpProblem.notReady(
          "report not ready: run "
              + run.id()
              + " is "
              + run.status().wireName()
              + "; reports/master/run-"
              + run.id()
              + (json ? ".json" : ".html")
              + " is written when the run ends");
    }
    try {
      return ServerResponse.ok()
          .contentType(json ? MediaType.APPLICATION_JSON : HTML)
          .contentLength(Files.size(file))
          .body(new FileSystemResource(file));
    } catch (IOException e) {
      throw new TestOpsException.StorageFailure("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static boolean wantsJson(ServerRequest request) {
    var format = request.param("format");
    if (format.isPresent()) {
      return switch (format.get().toLowerCase(Locale.ROOT)) {
        case "json" -> true;
        case "html" -> false;
        default ->
            throw HttpProblem.malformed(
                "format must be json or html, was \"" + format.get() + "\"");
      };
    }
    List<MediaType> accept = request.headers().accept();
    boolean html = false;
    boolean jsonOk = false;
    for (MediaType type : accept) {
      html |= type.isCompatibleWith(MediaType.TEXT_HTML) && !type.isWildcardType();
      jsonOk |= type.isCompatibleWith(MediaType.APPLICATION_JSON) && !type.isWildcardType();
    }
    return jsonOk && !html;
  }
}
