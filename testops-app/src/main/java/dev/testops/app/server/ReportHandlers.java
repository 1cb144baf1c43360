package dev.testops.app.server;

import dev.testops.core.TestOpsException;
import dev.testops.core.report.MasterReports;
import dev.testops.core.run.Run;
import dev.testops.core.run.RunService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 *
 * <p>The HTML page links to the run's files relatively, as they lie on disk ({@code
 * ../../snapshots/...} from {@code reports/master/}). Served here, the page gets a {@code <base>}
 * pointing at the folder of the report under the artifacts route, so the same links resolve there;
 * the file on disk is left as {@code testops report} renders it. The base is relative to the route
 * the page was asked at, so it also works behind a proxy that adds a path prefix.
 */
final class ReportHandlers {
  private static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);

  private static final String CHARSET = "<meta charset=\"utf-8\">";

  private final RunService service;
  private final MasterReports reports;

  ReportHandlers(RunService service, MasterReports reports) {
    this.service = service;
    this.reports = reports;
  }

  /** {@code GET /v1/reports/{id}} */
  ServerResponse report(ServerRequest request) {
    return serve(request, request.pathVariable("id"), "../test-runs/");
  }

  /** {@code GET /tests/report/{run_id}} */
  ServerResponse legacyReport(ServerRequest request) {
    return serve(request, request.pathVariable("run_id"), "../../v1/test-runs/");
  }

  /**
   * @param toRuns the relative path from the asked route's folder to {@code /v1/test-runs/}
   */
  private ServerResponse serve(ServerRequest request, String runId, String toRuns) {
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
      if (json) {
        return ServerResponse.ok()
            .contentType(MediaType.APPLICATION_JSON)
            .contentLength(Files.size(file))
            .body(new FileSystemResource(file));
      }
      // The report's folder as artifact names spell it (reports/master/).
      String folder = service.home().root().relativize(file.getParent()).toString();
      String base = toRuns + run.id() + "/artifacts/" + folder.replace('\\', '/') + "/";
      byte[] page = withBase(Files.readString(file), base).getBytes(StandardCharsets.UTF_8);
      return ServerResponse.ok().contentType(HTML).contentLength(page.length).body(page);
    } catch (IOException e) {
      throw new TestOpsException.StorageFailure("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The page with {@code <base href>} as the first element after its charset declaration. */
  static String withBase(String page, String href) {
    String tag = "\n<base href=\"" + href + "\">";
    int at = page.indexOf(CHARSET);
    if (at >= 0) {
      at += CHARSET.length();
    } else {
      at = page.indexOf("<head>");
      at = at < 0 ? 0 : at + "<head>".length();
    }
    return page.substring(0, at) + tag + page.substring(at);
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
