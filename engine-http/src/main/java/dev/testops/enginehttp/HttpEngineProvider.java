package dev.testops.enginehttp;

import dev.testops.engine.Engine;
import dev.testops.engine.EngineException;
import dev.testops.engine.EngineOptions;
import dev.testops.engine.EngineProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Creates {@code http} engines: clients of an engine served over the engine HTTP protocol ({@code
 * engine-api/PROTOCOL.md}), e.g. by {@code testops engine serve}, so every phase can target a URL
 * instead of an in-process engine. The {@link java.util.ServiceLoader} entry of this module.
 *
 * <p>Options: {@value #URL_OPTION} (required, e.g. {@code http://127.0.0.1:9000}) and {@value
 * #TIMEOUT_OPTION} (milliseconds to connect and to wait for each answer, default {@value
 * #DEFAULT_TIMEOUT_MILLIS}).
 */
public final class HttpEngineProvider implements EngineProvider {
  /** This provider's engine id. */
  public static final String ID = "http";

  /** The option naming the engine's base URL. */
  public static final String URL_OPTION = "url";

  /** The option naming the connect and per-request timeout in milliseconds. */
  public static final String TIMEOUT_OPTION = "timeout_ms";

  /** The timeout when {@value #TIMEOUT_OPTION} is not given. */
  public static final long DEFAULT_TIMEOUT_MILLIS = 10_000;

  /** The longest timeout accepted: an hour, past which a hung engine would only hang the run. */
  public static final long MAX_TIMEOUT_MILLIS = 3_600_000;

  private static final Pattern MILLIS = Pattern.compile("\\d{1,10}");

  /** Returns {@code http}. */
  @Override
  public String id() {
    return ID;
  }

  /**
   * Creates a client of the engine at the {@value #URL_OPTION} option and fetches its descriptor,
   * so an unreachable engine fails here rather than on the first request. The engine is thread-safe
   * and an {@link dev.testops.engine.AsyncEngine}: many requests can be in flight at once, on
   * pooled keep-alive connections.
   *
   * @throws EngineException when the url is missing or invalid, the timeout is invalid, or the
   *     engine cannot be reached or does not speak the protocol
   */
  @Override
  public Engine create(EngineOptions options) {
    Objects.requireNonNull(options, "options");
    URI base = baseUrl(options.get(URL_OPTION).orElse(null));
    long timeoutMillis = timeoutMillis(options.get(TIMEOUT_OPTION).orElse(null));
    // One event loop per core carries /process: a loop keeps thousands of requests in flight.
    return HttpEngine.connect(
        base, Duration.ofMillis(timeoutMillis), Runtime.getRuntime().availableProcessors());
  }

  static URI baseUrl(String url) {
    if (url == null || url.isBlank()) {
      throw new EngineException(
          "the http engine needs the option "
              + URL_OPTION
              + ", e.g. --engine-option url=http://127.0.0.1:9000");
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw invalidUrl(url, e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean usable =
        (scheme.equals("http") || scheme.equals("https"))
            && uri.getHost() != null
            && uri.getRawUserInfo() == null
            && uri.getRawQuery() == null
            && uri.getRawFragment() == null;
    if (!usable) {
      throw invalidUrl(url, null);
    }
    // A trailing slash would double up with the endpoint paths; a base path is kept.
    String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
    return URI.create(scheme + "://" + uri.getRawAuthority() + path);
  }

  static long timeoutMillis(String value) {
    if (value == null) {
      return DEFAULT_TIMEOUT_MILLIS;
    }
    String trimmed = value.trim();
    if (MILLIS.matcher(trimmed).matches()) {
      long millis = Long.parseLong(trimmed);
      if (millis >= 1 && millis <= MAX_TIMEOUT_MILLIS) {
        return millis;
      }
    }
    throw new EngineException(
        String.format(
            Locale.ROOT,
            "invalid %s '%s': expected whole milliseconds in [1, %d]",
            TIMEOUT_OPTION,
            value,
            MAX_TIMEOUT_MILLIS));
  }

  private static EngineException invalidUrl(String url, Throwable cause) {
    return new EngineException(
        "invalid "
            + URL_OPTION
            + " '"
            + url
            + "': expected http://HOST:PORT (an engine served over HTTP), e.g."
            + " http://127.0.0.1:9000",
        cause);
  }
}
