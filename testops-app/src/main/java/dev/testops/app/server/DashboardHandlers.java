package dev.testops.app.server;

import dev.testops.app.dashboard.DashboardAssets;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The dashboard: {@code GET /} is its page and {@code GET /assets/{file}} its scripts, styles and
 * images, read from the classpath (the dashboard build). Asset names carry a content hash, so they
 * are cached for good; the page is revalidated every time.
 */
final class DashboardHandlers {
  private static final Map<String, String> TYPES =
      Map.of(
          "js", "text/javascript;charset=UTF-8",
          "css", "text/css;charset=UTF-8",
          "svg", "image/svg+xml",
          "png", "image/png",
          "woff2", "font/woff2",
          "json", "application/json",
          "map", "application/json");

  /**
   * The files of the build in this jar never change: each one found is read once (names that are
   * not found are not kept, so requests for made-up names cannot grow this).
   */
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();

  /** {@code GET /} */
  ServerResponse index(ServerRequest request) throws IOException {
    byte[] page = read(DashboardAssets.APP + "index.html");
    if (page == null) {
      throw HttpProblem.noRoute("the dashboard is not part of this build");
    }
    return ServerResponse.ok()
        .contentType(MediaType.parseMediaType("text/html;charset=UTF-8"))
        .cacheControl(CacheControl.noCache())
        .body(page);
  }

  /** {@code GET /assets/{file}} */
  ServerResponse asset(ServerRequest request) throws IOException {
    String name = request.pathVariable("file");
    int dot = name.lastIndexOf('.');
    String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    byte[] bytes =
        type == null || name.contains("..") || name.contains("/")
            ? null
            : read(DashboardAssets.APP + "assets/" + name);
    if (bytes == null) {
      throw HttpProblem.noRoute("no such dashboard asset: " + name);
    }
    return ServerResponse.ok()
        .contentType(MediaType.parseMediaType(type))
        .cacheControl(CacheControl.maxAge(java.time.Duration.ofDays(365)).cachePublic().immutable())
        .body(bytes);
  }

  private byte[] read(String resource) throws IOException {
    byte[] cached = files.get(resource);
    if (cached != null) {
      return cached;
    }
    try (InputStream in = DashboardHandlers.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        return null;
      }
      byte[] bytes = in.readAllBytes();
      files.put(resource, bytes);
      return bytes;
    }
  }
}
