package dev.testops.bench;

import java.io.PrintStream;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Renders the server benchmark: a table of figures (against their goals where the issue sets one)
 * and one final line of JSON with every figure. Either half may be missing when it was skipped.
 */
final class ServerBenchReport {
  /** Goal: events ingested into SQLite per second through the event log, batched. */
  static final double GOAL_INGEST_EVENTS_PER_SECOND = 50_000;

  private static final String ROW = "%-46s %16s  %-14s %s%n";
  private static final double MIB = 1024.0 * 1024.0;

  private final ServerBenchOptions options;
  private final IngestBench.Result ingest;
  private final FanOutBench.Scenario reference;
  private final FanOutBench.Scenario fanOut;
  private final StringBuilder json = new StringBuilder("{");

  ServerBenchReport(
      ServerBenchOptions options,
      IngestBench.Result ingest,
      FanOutBench.Scenario reference,
      FanOutBench.Scenario fanOut) {
    this.options = options;
    this.ingest = ingest;
    this.reference = reference;
    this.fanOut = fanOut;
  }

  /** Prints the table and the JSON line. */
  void print(PrintStream out) {
    out.printf(Locale.ROOT, "%n" + ROW, "figure", "value", "goal", "verdict");
    if (ingest != null) {
      ingest(out);
    }
    if (fanOut != null) {
      fanOut(out);
    }
    json.setCharAt(json.length() - 1, '}');
    out.println();
    out.println(json);
  }

  private void ingest(PrintStream out) {
    double eventLog = rate(ingest.eventLog());
    double store = rate(ingest.store());
    double bare = rate(ingest.bare());
    boolean pass = eventLog >= GOAL_INGEST_EVENTS_PER_SECOND;
    row(out, "ingest: event log emit + flush", fmt("%,.0f ev/s", eventLog), ">= 50,000", pass);
    row(out, "ingest: store appendEvents", fmt("%,.0f ev/s", store), "-", null);
    row(out, "ingest: bare JDBC batch insert", fmt("%,.0f ev/s", bare), "-", null);
    row(out, "ingest ratio event log / bare JDBC", fmt("%.2f", eventLog / bare), "-", null);
    row(out, "ingest ratio store / bare JDBC", fmt("%.2f", store / bare), "-", null);
    double normal = rate(ingest.bareNormal());
    row(out, "what-if: bare JDBC, synchronous=NORMAL", fmt("%,.0f ev/s", normal), "-", null);
    out.printf(
        Locale.ROOT,
        "  (%,d events a step, batches of %d, mean payload %.0f B; medians of %d rounds;"
            + " CPU per event: event log %.1f us, store %.1f us, bare %.1f us;"
            + " store %s; bare %s)%n",
        ingest.events(),
        ingest.batch(),
        ingest.meanPayloadBytes(),
        options.iterations(),
        cpuMicrosPerEvent(ingest.eventLog()),
        cpuMicrosPerEvent(ingest.store()),
        cpuMicrosPerEvent(ingest.bare()),
        ingest.storeSettings(),
        ingest.bareSettings());
    field("ingest_event_log_eps", fmt("%.0f", eventLog));
    field("ingest_pass", pass);
    field("ingest_store_eps", fmt("%.0f", store));
    field("ingest_bare_eps", fmt("%.0f", bare));
    field("ingest_event_log_over_bare", fmt("%.3f", eventLog / bare));
    field("ingest_store_over_bare", fmt("%.3f", store / bare));
    field("ingest_bare_normal_eps", fmt("%.0f", normal));
    field("ingest_event_log_cpu_us_per_event", fmt("%.2f", cpuMicrosPerEvent(ingest.eventLog())));
    field("ingest_store_cpu_us_per_event", fmt("%.2f", cpuMicrosPerEvent(ingest.store())));
    field("ingest_bare_cpu_us_per_event", fmt("%.2f", cpuMicrosPerEvent(ingest.bare())));
    field("ingest_events", ingest.events());
    field("ingest_batch", ingest.batch());
    field("ingest_mean_payload_bytes", fmt("%.1f", ingest.meanPayloadBytes()));
    field("ingest_event_log_samples_seconds", ingest.eventLog().secondsJson());
    field("ingest_store_samples_seconds", ingest.store().secondsJson());
    field("ingest_bare_samples_seconds", ingest.bare().secondsJson());
  }

  private void fanOut(PrintStream out) {
    Receipts r = fanOut.receipts();
    int n = fanOut.subscribers();
    boolean pass = r.exact() == n && fanOut.problems().isEmpty();
    Histogram lat = r.latency();
    Histogram ref = reference.receipts().latency();
    double heapPerClient = (fanOut.heapBytesAfter() - fanOut.heapBytesBefore()) / (double) n;
    row(out, "SSE: clients with every event once, in order", r.exact() + "/" + n, "all", pass);
    row(
        out,
        "SSE: events per run / delivered in all",
        fanOut.events() + " / " + r.delivered(),
        "-",
        null);
    row(
        out,
        "SSE " + n + ": latency p50 / p99 (from at)",
        ms(lat, 50) + " / " + ms(lat, 99) + " ms",
        "-",
        null);
    row(
        out,
        "SSE 1 (reference): latency p50 / p99",
        ms(ref, 50) + " / " + ms(ref, 99) + " ms",
        "-",
        null);
    row(
        out,
        "SSE latency ratio " + n + " / 1: p50, p99",
        fmt("%.2f, %.2f", ratio(lat, ref, 50), ratio(lat, ref, 99)),
        "-",
        null);
    row(
        out,
        "SSE " + n + ": fan-out spread p50 / p99",
        ms(r.spread(), 50) + " / " + ms(r.spread(), 99) + " ms",
        "-",
        null);
    row(out, "SSE: server heap per subscriber", fmt("%.1f KiB", heapPerClient / 1024), "-", null);
    row(
        out,
        "SSE: threads / RSS per subscriber",
        fmt(
            "%.2f / %.0f KiB",
            fanOut.threadsAdded() / (double) n, fanOut.rssBytesAdded() / 1024.0 / n),
        "-",
        null);
    out.printf(
        Locale.ROOT,
        "  (%d clients connected in %d ms; reconnects %d; run %s in %.2f s, %d events timed live;"
            + " heap %.1f -> %.1f MiB)%n",
        fanOut.connected(),
        fanOut.connectMillis(),
        r.reconnects(),
        fanOut.runStatus(),
        fanOut.runSeconds(),
        r.liveEvents(),
        fanOut.heapBytesBefore() / MIB,
        fanOut.heapBytesAfter() / MIB);
    out.println(
        "  (latency: receive time in the client JVM minus the event's stored at, stamped when it"
            + " was emitted, so it includes the event log's batching (64 events or the runner's"
            + " 200 ms flush); spread: receive time minus the first client's receipt of the same"
            + " event; the event stored before the clients connected is not timed)");
    r.problems().forEach(p -> out.println("  problem: " + p));
    fanOut.problems().forEach(p -> out.println("  problem: " + p));
    field("sse_subscribers", n);
    field("sse_exact", r.exact());
    field("sse_pass", pass);
    field("sse_events", fanOut.events());
    field("sse_delivered", r.delivered());
    field("sse_reconnects", r.reconnects());
    field("sse_latency_p50_ms", ms(lat, 50));
    field("sse_latency_p99_ms", ms(lat, 99));
    field("sse_latency_max_ms", fmt("%.3f", lat.getMaxValue() / 1000.0));
    field("sse_ref_latency_p50_ms", ms(ref, 50));
    field("sse_ref_latency_p99_ms", ms(ref, 99));
    field("sse_latency_ratio_p50", fmt("%.3f", ratio(lat, ref, 50)));
    field("sse_latency_ratio_p99", fmt("%.3f", ratio(lat, ref, 99)));
    field("sse_spread_p50_ms", ms(r.spread(), 50));
    field("sse_spread_p99_ms", ms(r.spread(), 99));
    field("sse_heap_per_subscriber_bytes", fmt("%.0f", heapPerClient));
    field("sse_threads_added", fanOut.threadsAdded());
    field("sse_rss_per_subscriber_bytes", fmt("%.0f", fanOut.rssBytesAdded() / (double) n));
    field("sse_connect_ms", fanOut.connectMillis());
    field("sse_run_seconds", fmt("%.3f", fanOut.runSeconds()));
    field("sse_ref_exact", reference.receipts().exact());
  }

  private static String ms(Histogram h, double percentile) {
    return fmt("%.2f", h.getValueAtPercentile(percentile) / 1000.0);
  }

  private static double ratio(Histogram h, Histogram ref, double percentile) {
    return (double) h.getValueAtPercentile(percentile)
        / Math.max(1, ref.getValueAtPercentile(percentile));
  }

  private double rate(Samples samples) {
    return ingest.events() / samples.medianSeconds();
  }

  private double cpuMicrosPerEvent(Samples samples) {
    return samples.medianCpuSeconds() * 1e6 / ingest.events();
  }

  /** Prints one row; a figure without a goal ({@code pass} null) is marked as reported only. */
  private static void row(PrintStream out, String label, String value, String goal, Boolean pass) {
    String verdict = pass == null ? "(reported)" : pass ? "PASS" : "MISS";
    out.printf(Locale.ROOT, ROW, label, value, goal, verdict);
  }

  /** Appends {@code "name":value,}; the value is written as it is (a number, boolean or array). */
  private void field(String name, Object value) {
    json.append('"').append(name).append("\":").append(value).append(',');
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
