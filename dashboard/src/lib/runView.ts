/**
 * What the dashboard knows about the run it follows, folded from the run's events in sequence
 * order. The reducer is pure: an event at or below the last sequence seen is a duplicate and is
 * ignored; an event past the next one is a gap and is refused (the view records it, so the stream
 * can resume from the last event it has and get the missing ones).
 */
import type { Artifact, PhaseStatus, Run, RunStatus } from './api';
import { PHASE_STATUSES, RUN_STATUSES } from './api';
import { num, obj, text, type StreamEvent } from './events';
import { describeEvent, phaseTitle } from './format';
import type { LoadSecond } from './report';

export interface PhaseView {
  name: string;
  title: string;
  status: PhaseStatus;
  /** 0 to 100. */
  progress: number;
  message: string | null;
}

export type LogLevel = 'info' | 'warn' | 'error' | 'critical';

export interface LogLine {
  seq: number;
  type: string;
  phase: string | null;
  /** For log events; other events are shown without a level. */
  level: LogLevel | null;
  text: string;
  remediation: string | null;
}

/** Events after {@code after} were expected, {@code received} came first. */
export interface Gap {
  after: number;
  received: number;
}

export interface RunView {
  runId: string;
  lastSeq: number;
  gap: Gap | null;
  status: RunStatus | null;
  reason: string | null;
  /** 0 to 100. */
  progress: number;
  phases: readonly PhaseView[];
  lines: readonly LogLine[];
  /** The newest artifact of each kind. */
  artifacts: Readonly<Record<string, Artifact>>;
  /** Each phase's figures from its metric events. */
  figures: Readonly<Record<string, Record<string, unknown>>>;
  /** The load test's seconds so far, from its live {@code load-second} metric events. */
  loadSeries: readonly LoadSecond[];
  /** The run's final event (a terminal run status) arrived: nothing follows. */
  ended: boolean;
}

/** The name of the load phase's per-second metric events. */
const LOAD_SECOND = 'load-second';

export function emptyView(runId: string): RunView {
  return {
    runId,
    lastSeq: 0,
    gap: null,
    status: null,
    reason: null,
    progress: 0,
    phases: [],
    lines: [],
    artifacts: {},
    figures: {},
    loadSeries: [],
    ended: false,
  };
}

export function applyEvent(view: RunView, event: StreamEvent): RunView {
  return applyEvents(view, [event]);
}

/** Applies events in order, stopping at the first gap. */
export function applyEvents(view: RunView, events: readonly StreamEvent[]): RunView {
  const lines: LogLine[] = [];
  let next = view;
  for (const event of events) {
    if (event.seq <= next.lastSeq) {
      continue;
    }
    if (event.seq !== next.lastSeq + 1) {
      next = { ...next, gap: { after: next.lastSeq, received: event.seq } };
      break;
    }
    next = { ...step(next, event), lastSeq: event.seq, gap: null };
    lines.push(lineOf(event));
  }
  return lines.length === 0 ? next : { ...next, lines: next.lines.concat(lines) };
}

/**
 * Adds what the REST view of the run knows: the phases not reported by events yet (pending ones
 * especially) and the status when no run event arrived yet. Events stay authoritative.
 */
export function withRun(view: RunView, run: Run): RunView {
  if (run.id !== view.runId) {
    return view;
  }
  const known = new Map(view.phases.map((p) => [p.name, p]));
  const phases = run.phases.map(
    (p): PhaseView =>
      known.get(p.name) ?? {
        name: p.name,
        title: phaseTitle(p.name),
        status: p.status,
        progress: p.progress,
        message: null,
      },
  );
  for (const phase of view.phases) {
    if (!run.phases.some((p) => p.name === phase.name)) {
      phases.push(phase);
    }
  }
  return {
    ...view,
    phases,
    status: view.status ?? run.status,
    reason: view.reason ?? run.reason,
    progress: view.lastSeq > 0 ? view.progress : run.progress,
  };
}

/** Adds artifacts listed by the result endpoint. */
export function withArtifacts(view: RunView, artifacts: readonly Artifact[]): RunView {
  if (artifacts.every((a) => view.artifacts[a.kind]?.sha256 === a.sha256)) {
    return view;
  }
  const merged = { ...view.artifacts };
  for (const artifact of artifacts) {
    merged[artifact.kind] = artifact;
  }
  return { ...view, artifacts: merged };
}

function step(view: RunView, event: StreamEvent): RunView {
  const data = event.data;
  switch (event.type) {
    case 'run': {
      const status = runStatus(text(data, 'status'));
      return {
        ...view,
        status: status ?? view.status,
        progress: num(data, 'progress') ?? view.progress,
        reason: text(data, 'reason') ?? view.reason,
        ended: status !== null && status !== 'queued' && status !== 'running',
      };
    }
    case 'phase': {
      const name = text(data, 'phase');
      const status = phaseStatus(text(data, 'status'));
      if (name === null || status === null) {
        return view;
      }
      return {
        ...updatePhase(view, name, (p) => ({
          ...p,
          status,
          progress: status === 'passed' ? 100 : p.progress,
          message: text(data, 'message'),
        })),
        progress: num(data, 'progress') ?? view.progress,
      };
    }
    case 'progress': {
      const name = text(data, 'phase');
      const percent = num(data, 'phase_progress');
      const next =
        name === null || percent === null
          ? view
          : updatePhase(view, name, (p) => ({ ...p, progress: percent }));
      return { ...next, progress: num(data, 'progress') ?? view.progress };
    }
    case 'metric': {
      const name = text(data, 'phase');
      const figures = obj(data, 'figures');
      if (name === null || figures === null) {
        return view;
      }
      if (text(data, 'name') === LOAD_SECOND) {
        const second = num(figures, 'second');
        const known = view.loadSeries.some((s) => s.second === second);
        return second === null || known
          ? view
          : { ...view, loadSeries: [...view.loadSeries, figures as unknown as LoadSecond] };
      }
      return {
        ...view,
        figures: { ...view.figures, [name]: { ...view.figures[name], ...figures } },
      };
    }
    case 'artifact': {
      const kind = text(data, 'kind');
      const path = text(data, 'path');
      if (kind === null || path === null) {
        return view;
      }
      const artifact: Artifact = {
        kind,
        path,
        size_bytes: num(data, 'size_bytes') ?? 0,
        sha256: text(data, 'sha256') ?? '',
      };
      return { ...view, artifacts: { ...view.artifacts, [kind]: artifact } };
    }
    default:
      return view;
  }
}

function updatePhase(
  view: RunView,
  name: string,
  change: (phase: PhaseView) => PhaseView,
): RunView {
  const index = view.phases.findIndex((p) => p.name === name);
  const current: PhaseView =
    index >= 0
      ? (view.phases[index] as PhaseView)
      : { name, title: phaseTitle(name), status: 'pending', progress: 0, message: null };
  const phases = view.phases.slice();
  if (index >= 0) {
    phases[index] = change(current);
  } else {
    phases.push(change(current));
  }
  return { ...view, phases };
}

function lineOf(event: StreamEvent): LogLine {
  const level = text(event.data, 'level');
  return {
    seq: event.seq,
    type: event.type,
    phase: text(event.data, 'phase'),
    level: event.type === 'log' ? logLevel(level) : null,
    text: describeEvent(event),
    remediation: text(event.data, 'remediation'),
  };
}

function logLevel(level: string | null): LogLevel {
  return level === 'warn' || level === 'error' || level === 'critical' ? level : 'info';
}

function runStatus(value: string | null): RunStatus | null {
  return RUN_STATUSES.find((s) => s === value) ?? null;
}

function phaseStatus(value: string | null): PhaseStatus | null {
  return PHASE_STATUSES.find((s) => s === value) ?? null;
}
