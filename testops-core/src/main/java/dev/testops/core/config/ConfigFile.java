package dev.testops.core.config;

import dev.testops.core.TestOpsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiFunction;

/**
 * A configuration file read from the TestOps home when present, else from the copy built into
 * TestOps: the one rule every loader (SIM config, suites, load scenarios) follows.
 */
public final class ConfigFile {
  private ConfigFile() {}

  /**
   * Parses {@code relativePath} under the home, or the built-in class-path resource when the home
   * has none.
   *
   * @param anchor the class whose loader holds the built-in resource
   * @param builtIn the absolute resource name of the built-in copy
   * @param parse parses the bytes; its second argument names the source for error messages
   * @throws TestOpsException.StorageFailure when the home's file cannot be read
   */
  public static <T> T load(
      Path home,
      String relativePath,
      Class<?> anchor,
      String builtIn,
      BiFunction<byte[], String, T> parse) {
    Path file = home.resolve(relativePath);
    if (Files.isRegularFile(file)) {
      try {
        return parse.apply(Files.readAllBytes(file), file.toString());
      } catch (IOException e) {
        throw new TestOpsException.StorageFailure("cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    return builtIn(anchor, builtIn, parse);
  }

  /** Parses the built-in copy; a missing one is a packaging bug, not a user error. */
  public static <T> T builtIn(
      Class<?> anchor, String builtIn, BiFunction<byte[], String, T> parse) {
    try (InputStream in = anchor.getResourceAsStream(builtIn)) {
      if (in == null) {
        throw new IllegalStateException("built-in " + builtIn + " is missing from the jar");
      }
      String name = builtIn.substring(builtIn.lastIndexOf('/') + 1);
      return parse.apply(in.readAllBytes(), "built-in " + name);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read built-in " + builtIn, e);
    }
  }
}
