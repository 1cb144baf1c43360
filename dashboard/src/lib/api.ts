/**
 * The TestOps HTTP API as the dashboard uses it: the JSON shapes (see the server's OpenAPI
 * document at /v3/api-docs) and a small client that turns problem+json answers into ApiError.
 */

export const RUN_STATUSES = [
  'queued',
  'running',
  'passed',
  'failed',
  'error',
  'cancelled',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const PHASE_STATUSES = [
  'pending',
  'running',
  'passed',
  'failed',
  'error',
  'skipped',
] as const;
export type PhaseStatus = (typeof PHASE_STATUSES)[number];

export interface Phase {
  name: string;
  status: PhaseStatus;
  progress: number;
  started_at: string | null;
  finished_at: string | null;
  summary: Record<string, unknown>;
}

export interface Run {
  id: string;
  status: RunStatus;
  progress: number;
  suite: string;
  phases: Phase[];
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  reason: string | null;
}

export interface RunPage {
  items: Run[];
  page: number;
  size: number;
  total: number;
}

export interface Artifact {
  kind: string;
  path: string;
  size_bytes: number;
  sha256: string;
}

/** {@code GET /tests/result/{id}}, the parts the dashboard reads. */
export interface RunResult {
  run_id: string;
  status: RunStatus;
  artifacts: Artifact[];
}

export interface Unlocked {
  unlocked: boolean;
  unlocked_until: string;
  window_seconds: number;
}

export interface LegacyRun {
  run_id: string;
  status: RunStatus;
}

/** One metric that differs between two snapshots. */
export interface MetricDelta {
  metric: string;
  base: number | null;
  target: number | null;
  delta?: number;
  delta_percent?: number;
}

/** One side of a comparison (its int64 seed is left out: JSON.parse cannot hold it exactly). */
export interface SnapshotSide {
  run_id: string;
  engine: string;
  profile: string;
  users: number;
}

export interface SnapshotPair {
  base: SnapshotSide;
  target: SnapshotSide;
  identical: boolean;
  dataset_identical: boolean;
  metrics_changed: number;
  metrics: MetricDelta[];
  records: { compared: number; identical: number; differing: number; identical_percent: number };
}

/** {@code POST /v1/snapshots/compare}: the testops.snapshot_diff document. */
export interface SnapshotDiff {
  identical: boolean;
  pairs: SnapshotPair[];
  unpaired: string[];
}

/** An answer other than 2xx; {@code detail} is the server's message for people. */
export class ApiError extends Error {
  readonly status: number;

  constructor(status: number, detail: string) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
  }
}

export interface ApiOptions {
  /** The bearer token to send, or null when the server needs none. */
  token: () => string | null;
  /** Called on every 401, so the UI can ask for a token. */
  onUnauthorized: () => void;
}

/** The client; every method rejects with ApiError on a non-2xx answer. */
export function createApi(options: ApiOptions) {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const token = options.token();
    if (token !== null) {
      headers.Authorization = `Bearer ${token}`;
    }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      if (response.status === 401) {
        options.onUnauthorized();
      }
      throw new ApiError(response.status, await problemDetail(response));
    }
    return (await response.json()) as T;
  }

  return {
    begin: (phrase: string) => call<Unlocked>('POST', '/begin', { phrase }),
    runAll: () => call<LegacyRun>('POST', '/tests/run_all'),
    runs: (query: { status?: RunStatus; suite?: string; page?: number; size?: number }) =>
      call<RunPage>('GET', `/v1/test-runs?${new URLSearchParams(queryOf(query)).toString()}`),
    run: (id: string) => call<Run>('GET', `/v1/test-runs/${encodeURIComponent(id)}`),
    result: (id: string) => call<RunResult>('GET', `/tests/result/${encodeURIComponent(id)}`),
    reportJson: (id: string) =>
      call<unknown>('GET', `/v1/reports/${encodeURIComponent(id)}?format=json`),
    compare: (base: string, target: string) =>
      call<SnapshotDiff>('POST', '/v1/snapshots/compare', { base, target }),
  };
}

export type Api = ReturnType<typeof createApi>;

/** Where a run's report and bundle are served. */
export const reportUrl = (id: string) => `/v1/reports/${encodeURIComponent(id)}`;
export const bundleUrl = (id: string) => `/tests/bundle/${encodeURIComponent(id)}`;

/** The URL of a run's event stream, resuming after {@code lastSeq} (0: from the start). */
export function eventsUrl(id: string, lastSeq: number): string {
  const base = `/v1/test-runs/${encodeURIComponent(id)}/events`;
  return lastSeq > 0 ? `${base}?last_event_id=${String(lastSeq)}` : base;
}

function queryOf(query: Record<string, string | number | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) {
      out[key] = String(value);
    }
  }
  return out;
}

/** The problem's detail, or a plain description when the body is not problem+json. */
export async function problemDetail(response: Response): Promise<string> {
  const fallback = `HTTP ${String(response.status)} ${response.statusText}`.trim();
  try {
    const body = (await response.json()) as { detail?: unknown; title?: unknown };
    if (typeof body.detail === 'string' && body.detail !== '') {
      return body.detail;
    }
    return typeof body.title === 'string' ? body.title : fallback;
  } catch {
    return fallback;
  }
}

export function isTerminal(status: RunStatus | null): boolean {
  return status !== null && status !== 'queued' && status !== 'running';
}
