package dev.testops.app.server;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's error report for requests it refuses before TestOps' routes see them (an encoded {@code
 * /} or a NUL in the path, a path that climbs above the root, a malformed request line or header):
 * the same {@code application/problem+json} as every other error, instead of Tomcat's HTML page.
 * Installed as the host's error report valve by {@link TestOpsServer}; errors the routes render
 * themselves have content already and are left alone.
 */
public final class ProblemReportValve extends ErrorReportValve {
  /** Created by Tomcat, by class name. */
  public ProblemReportValve() {}

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    byte[] body = Problems.document(status, type(status), detail(status), instance(request));
    try {
      response.resetBuffer();
      response.setContentType("application/problem+json");
      response.setContentLength(body.length);
      OutputStream out = response.getOutputStream();
      out.write(body);
      response.finishResponse();
    } catch (IOException | IllegalStateException e) {
      // The client is gone or the response cannot take a body any more: nothing left to tell.
    }
  }

  private static String type(int status) {
    return switch (status) {
      case 400 -> "malformed-request";
      case 413 -> "body-too-large";
      default -> "http-" + status;
    };
  }

  /** What was wrong, from the status alone: the container's own message may echo raw input. */
  private static String detail(int status) {
    return switch (status) {
      case 400 ->
          "malformed request: the request line, a header or the path could not be accepted (for"
              + " example an encoded '/' or a NUL in the path, or a path above the root)";
      case 413 -> "the request body is larger than the server accepts";
      case 414 -> "the request line is longer than the server accepts";
      default -> "the request could not be handled (HTTP " + status + ")";
    };
  }

  private static String instance(Request request) {
    String uri;
    try {
      uri = request.getRequestURI();
    } catch (RuntimeException e) {
      uri = null;
    }
    return uri == null || !uri.startsWith("/") ? "/" : uri;
  }
}
