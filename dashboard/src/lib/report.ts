/**
 * The master report (kind testops.report, schema version 1): the parts the charts and the war room
 * read. Every metrics block may be null or partial; readers check before use.
 */

export interface Percentiles {
  count?: number;
  min?: number;
  p50?: number;
  p90?: number;
  p95?: number;
  p99?: number;
  p999?: number;
  max?: number;
  mean?: number;
}

export interface CountRate {
  count: number;
  rate: number;
}

export interface Heatmap {
  time_bucket_seconds: number;
  time_buckets: number;
  latency_buckets_ms: string[];
  /** "all", "T1", "T2", "T3": one row of counts per time bucket, one count per latency bucket. */
  series: Record<string, number[][]>;
}

export interface SimMetrics {
  tiers?: Record<string, { count: number; share: number }>;
  escalations?: {
    count: number;
    rate: number;
    by_tier?: Record<string, CountRate>;
    by_persona?: Record<string, CountRate>;
  };
  latency_ms?: Percentiles;
  latency_ms_by_tier?: Record<string, Percentiles>;
  heatmap?: Heatmap;
  by_turn?: TurnFigures[];
}

/** One turn number's figures across every user (metrics.sim.by_turn). */
export interface TurnFigures {
  turn: number;
  requests: number;
  errors: number;
  tiers: Record<string, { count: number; share: number }>;
  escalations: CountRate;
  contradictions: { total: number; requests_with_contradictions: number; rate: number };
}

export interface LoadSecond {
  second: number;
  requests: number;
  rate: number;
  errors: Record<string, number>;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  vus: number;
}

export interface LoadReport {
  series?: LoadSecond[];
}

export interface WarRoomEntry {
  at: string | null;
  phase: string;
  severity: string;
  message: string;
  /** Absent or null when there is nothing to suggest. */
  remediation?: string | null;
}

/** One option the engine ran with and where its value came from (engine.effective_options). */
export interface EffectiveOption {
  value: string;
  /** option, environment or default. */
  source: string;
  /** The environment variable, when the source is the environment. */
  variable?: string;
}

export interface MasterReport {
  kind: 'testops.report';
  schema_version: number;
  run_id: string;
  verdict: { status: string; gate: 'go' | 'no-go'; reason: string | null };
  /** Absent from reports of runs that wrote no snapshot; effective_options from wave 2 on. */
  engine?: {
    id?: string;
    options?: Record<string, string>;
    effective_options?: Record<string, EffectiveOption>;
  };
  inputs?: { seed?: number; seed_source?: string };
  sim: SimMetrics | null;
  load: LoadReport | null;
  warroom: WarRoomEntry[];
}

/** What the charts draw: the report's metrics, or the live figures of a run in progress. */
export interface ChartData {
  sim: SimMetrics | null;
  load: LoadReport | null;
}

/** The report when the value is one this dashboard understands, else null. */
export function asMasterReport(value: unknown): MasterReport | null {
  if (typeof value !== 'object' || value === null) {
    return null;
  }
  const report = value as Partial<MasterReport>;
  return report.kind === 'testops.report' && report.schema_version === 1
    ? (value as MasterReport)
    : null;
}

/**
 * Chart data from a run's live metric events. The SIM phase's summary carries tiers, escalations
 * and overall latency under the same names as the snapshot's metrics; the load phase sends each
 * second of its series as it closes. The heatmap and per-tier latency exist only in the final
 * report.
 */
export function liveChartData(
  figures: Readonly<Record<string, Record<string, unknown>>>,
  loadSeries: readonly LoadSecond[] = [],
): ChartData {
  const sim = figures.sim;
  return { sim: sim ?? null, load: loadSeries.length === 0 ? null : { series: [...loadSeries] } };
}
