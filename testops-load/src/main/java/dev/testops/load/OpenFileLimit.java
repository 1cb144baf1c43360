package dev.testops.load;

import dev.testops.core.TestOpsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The process's open-file limit (one descriptor per VU connection). Java cannot raise its own
 * limit; the launcher script can ({@code ulimit -n <hard>} before {@code exec java}).
 *
 * @param soft the soft limit, what the process may open now
 * @param hard the hard limit, how far the soft limit may be raised without privileges
 */
public record OpenFileLimit(long soft, long hard) {
  /** Descriptors the JVM, the jars, logs and the store need besides the VU connections. */
  public static final int HEADROOM = 256;

  private static final Path LIMITS = Path.of("/proc/self/limits");

  /** Reads the limits of this process; empty where {@code /proc} has none (not Linux). */
  public static java.util.Optional<OpenFileLimit> current() {
    try {
      return Files.isReadable(LIMITS)
          ? parse(Files.readString(LIMITS))
          : java.util.Optional.empty();
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  /** Parses the text of {@code /proc/<pid>/limits}; {@code unlimited} reads as Long.MAX_VALUE. */
  public static java.util.Optional<OpenFileLimit> parse(String limits) {
    for (String line : limits.split("\n")) {
      if (line.startsWith("Max open files")) {
        String[] fields = line.substring("Max open files".length()).trim().split("\\s+");
        OptionalLong soft = number(fields[0]);
        OptionalLong hard = fields.length > 1 ? number(fields[1]) : OptionalLong.empty();
        if (soft.isPresent() && hard.isPresent()) {
          return java.util.Optional.of(new OpenFileLimit(soft.getAsLong(), hard.getAsLong()));
        }
      }
    }
    return java.util.Optional.empty();
  }

  private static OptionalLong number(String field) {
    if ("unlimited".equals(field)) {
      return OptionalLong.of(Long.MAX_VALUE);
    }
    try {
      return OptionalLong.of(Long.parseLong(field));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * Refuses a run whose VUs need more descriptors than the soft limit allows.
   *
   * @throws TestOpsException.CeilingExceeded naming the limit, the need and {@code ulimit -n}
   */
  public void require(int vus) {
    long needed = (long) vus + HEADROOM;
    if (needed <= soft) {
      return;
    }
    String raise =
        hard >= needed
            ? String.format(
                Locale.ROOT, "raise it with `ulimit -n %d` before starting TestOps", hard)
            : String.format(
                Locale.ROOT,
                "the hard limit is only %d: ask an administrator to raise it (limits.conf,"
                    + " LimitNOFILE) or run fewer VUs",
                hard);
    throw new TestOpsException.CeilingExceeded(
        String.format(
            Locale.ROOT,
            "%d VUs need about %d open files (one connection each plus %d), but the open-file"
                + " limit (ulimit -n) is %d (hard limit %d); %s",
            vus,
            needed,
            HEADROOM,
            soft,
            hard,
            raise));
  }
}
