package dev.testops.core.sim;

import dev.testops.core.TestOpsException;
import dev.testops.engine.SplitMix64;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/** Run ids: unique, time-ordered, safe to use in file names. */
public final class RunIds {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private RunIds() {}

  /**
   * Makes a new id: the UTC time to the second, then 8 hex digits of entropy, e.g. {@code
   * 20261125T122045Z-7f3a9c01}. Ids made later sort after earlier ones (to the second).
   */
  public static String next(Clock clock, LongSupplier entropy) {
    return STAMP.format(clock.instant())
        + "-"
        + String.format(Locale.ROOT, "%08x", entropy.getAsLong() & 0xFFFF_FFFFL);
  }

  /** Derives a non-negative seed from a run id, so a run is reproducible from its id alone. */
  public static long seedFor(String runId) {
    return SplitMix64.seedOf("testops-run-seed", runId) & Long.MAX_VALUE;
  }

  /**
   * Checks that a run id is safe to use in a file name.
   *
   * @throws TestOpsException.InvalidInput naming the accepted pattern otherwise
   */
  public static String requireValid(String runId) {
    if (runId == null || !VALID.matcher(runId).matches()) {
      throw new TestOpsException.InvalidInput(
          "invalid run id '"
              + runId
              + "': use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    return runId;
  }
}
