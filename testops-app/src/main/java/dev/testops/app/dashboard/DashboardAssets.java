package dev.testops.app.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The files the dashboard build puts on the classpath: the single-page app under {@value #APP} and
 * the report chart script at {@value #REPORT_SCRIPT}.
 */
public final class DashboardAssets {
  /** Classpath folder of the single-page app ({@code index.html}, {@code assets/}). */
  public static final String APP = "dev/testops/dashboard/app/";

  /** Classpath location of the chart script inlined into every HTML report. */
  public static final String REPORT_SCRIPT = "dev/testops/dashboard/report/report.js";

  private static volatile String reportScript;

  private DashboardAssets() {}

  /**
   * The report chart script.
   *
   * @throws IllegalStateException when the dashboard build is not on the classpath
   */
  public static String reportScript() {
    String script = reportScript;
    if (script == null) {
      script = read(REPORT_SCRIPT);
      reportScript = script;
    }
    return script;
  }

  private static String read(String resource) {
    try (InputStream in = DashboardAssets.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            resource + " is missing from the classpath: build the dashboard module first");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
