package dev.testops.core.sim;

import dev.testops.core.canonical.CanonicalJson;
import dev.testops.engine.Tier;
import java.util.Arrays;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answered requests counted by simulated minute (rows) and latency band (columns): one grid for all
 * requests and one per tier. Each grid is one flat array indexed by row then column, so a count is
 * an array increment rather than two map look-ups. Not thread-safe.
 */
final class Heatmap {
  /** Width of a row, in simulated seconds. */
  static final int TIME_BUCKET_SECONDS = 60;

  /** Upper bounds (exclusive) of the latency columns, in ms; a last column is open. */
  static final long[] LATENCY_EDGES_MS = {25, 50, 100, 200, 400, 800, 1600, 3200};

  private static final int COLUMNS = LATENCY_EDGES_MS.length + 1;
  private static final int ALL = 0;

  /** Grid {@link #ALL}, then one per tier at {@code 1 + tier.ordinal()}. */
  private final long[][] grids = new long[1 + Tier.values().length][COLUMNS * 16];

  /** One more than the highest row counted in any grid. */
  private int rows;

  /**
   * Counts one answered request.
   *
   * @param sentAtMillis when it was sent, in simulated ms from the start of the run
   */
  void add(int tierOrdinal, long sentAtMillis, long latencyMillis) {
    int row = (int) (sentAtMillis / (TIME_BUCKET_SECONDS * 1000L));
    int cell = row * COLUMNS + latencyColumn(latencyMillis);
    if (cell >= grids[ALL].length) {
      int capacity = Math.max(grids[ALL].length * 2, (row + 1) * COLUMNS);
      for (int g = 0; g < grids.length; g++) {
        grids[g] = Arrays.copyOf(grids[g], capacity);
      }
    }
    grids[ALL][cell]++;
    grids[1 + tierOrdinal][cell]++;
    rows = Math.max(rows, row + 1);
  }

  /** Renders the grids (the snapshot's {@code metrics.sim.heatmap}). */
  ObjectNode toJson() {
    ObjectNode json = CanonicalJson.object();
    json.put("time_bucket_seconds", TIME_BUCKET_SECONDS);
    ArrayNode columns = json.putArray("latency_buckets_ms");
    long lower = 0;
    for (long edge : LATENCY_EDGES_MS) {
      columns.add(lower + "-" + edge);
      lower = edge;
    }
    columns.add(lower + "+");
    json.put("time_buckets", rows);
    ObjectNode series = json.putObject("series");
    grid(series.putArray("all"), grids[ALL]);
    for (Tier tier : Tier.values()) {
      grid(series.putArray(tier.name()), grids[1 + tier.ordinal()]);
    }
    return json;
  }

  private void grid(ArrayNode json, long[] cells) {
    for (int row = 0; row < rows; row++) {
      ArrayNode line = json.addArray();
      for (int column = 0; column < COLUMNS; column++) {
        line.add(cells[row * COLUMNS + column]);
      }
    }
  }

  private static int latencyColumn(long millis) {
    for (int i = 0; i < LATENCY_EDGES_MS.length; i++) {
      if (millis < LATENCY_EDGES_MS[i]) {
        return i;
      }
    }
    return LATENCY_EDGES_MS.length;
  }
}
