package dev.testops.app.cli;

import dev.testops.core.sim.SimProgress;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/** A one-line progress bar on a terminal, redrawn at most ten times a second. */
final class ProgressBar implements SimProgress {
  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 100_000_000L;
  private final PrintWriter err;
  private final LongSupplier nanoTime;
  private final String label;
  private long lastDraw = Long.MIN_VALUE;

  ProgressBar(PrintWriter err, LongSupplier nanoTime, String label) {
    this.err = err;
    this.nanoTime = nanoTime;
    this.label = label;
  }

  @Override
  public void usersDone(int done, int total) {
    long now = nanoTime.getAsLong();
    boolean last = done >= total;
    if (!last && lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    int filled = (int) ((long) done * WIDTH / Math.max(1, total));
    err.print(
        String.format(
            Locale.ROOT,
            "\r%s [%s%s] %3d%% %d/%d users",
            label,
            "#".repeat(filled),
            " ".repeat(WIDTH - filled),
            (long) done * 100 / Math.max(1, total),
            done,
            total));
    if (last) {
      err.println();
    }
    err.flush();
  }
}
