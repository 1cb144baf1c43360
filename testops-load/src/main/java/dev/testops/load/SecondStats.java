package dev.testops.load;

import java.util.Map;

/**
 * One second of a load run, by completion time. Latencies are corrected (from the intended send
 * time), in microseconds; zero when nothing was answered that second.
 *
 * @param second the second since the start, from 0
 * @param requests requests finished (answered or failed) in the second
 * @param errors failed requests by kind (kinds with none are absent)
 * @param vus VUs allocated at the end of the second
 * @param answered requests answered (any status) in the second, i.e. latency samples
 * @param p50Micros the median latency
 * @param p90Micros the 90th percentile
 * @param p95Micros the 95th percentile
 * @param p99Micros the 99th percentile
 * @param maxMicros the largest latency
 */
public record SecondStats(
    int second,
    long requests,
    Map<ErrorKind, Long> errors,
    int vus,
    long answered,
    long p50Micros,
    long p90Micros,
    long p95Micros,
    long p99Micros,
    long maxMicros) {

  /** Copies the error map. */
  public SecondStats {
    errors = Map.copyOf(errors);
  }
}
