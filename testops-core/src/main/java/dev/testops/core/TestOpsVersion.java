package dev.testops.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of TestOps, as built. */
public final class TestOpsVersion {
  private static final String VERSION = load();

  private TestOpsVersion() {}

  /** Returns the version, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = TestOpsVersion.class.getResourceAsStream("testops.properties")) {
      var properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
