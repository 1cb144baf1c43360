/** How the dashboard words things: phase names, event lines, sizes, times. */
import { num, obj, text, type StreamEvent } from './events';

const PHASE_TITLES: Readonly<Record<string, string>> = {
  'engine-check': 'Engine Check',
  sim: 'SIM Batch',
  replay: 'Replay',
  load: 'Load Test',
};

/** The display name of a phase: the known ones by name, others title-cased. */
export function phaseTitle(name: string): string {
  return PHASE_TITLES[name] ?? titleCase(name);
}

/** "regression_core" → "Regression Core". */
export function titleCase(name: string): string {
  return name
    .split(/[-_\s]+/)
    .filter((word) => word !== '')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

/** A run or phase status as shown to people ("passed" → "Passed"). */
export function statusWord(status: string | null): string {
  return status === null ? 'Unknown' : titleCase(status);
}

/** One line of the live log for an event. */
export function describeEvent(event: StreamEvent): string {
  const data = event.data;
  const phase = text(data, 'phase') ?? '';
  switch (event.type) {
    case 'run': {
      const reason = text(data, 'reason');
      return `run ${text(data, 'status') ?? '?'}${reason === null ? '' : `: ${reason}`}`;
    }
    case 'phase': {
      const message = text(data, 'message');
      return `${phase} ${text(data, 'status') ?? '?'}${message === null ? '' : `: ${message}`}`;
    }
    case 'log':
      return `${phase}: ${text(data, 'message') ?? ''}`;
    case 'progress':
      return `${phase} ${String(num(data, 'phase_progress') ?? 0)}% (run ${String(num(data, 'progress') ?? 0)}%)`;
    case 'metric': {
      const name = text(data, 'name');
      const figures = obj(data, 'figures') ?? {};
      if (name === 'load-second') {
        return `${phase} second ${String(num(figures, 'second') ?? '?')}: ${String(num(figures, 'requests') ?? 0)} requests, p95 ${String(num(figures, 'p95') ?? '?')} ms, p99 ${String(num(figures, 'p99') ?? '?')} ms, ${String(num(figures, 'vus') ?? '?')} VUs`;
      }
      return `${phase} ${name ?? 'summary'}: ${Object.keys(figures).join(', ')}`;
    }
    case 'artifact':
      return `${text(data, 'kind') ?? '?'} written: ${text(data, 'path') ?? '?'} (${formatBytes(num(data, 'size_bytes') ?? 0)})`;
    default:
      return JSON.stringify(data);
  }
}

/** 29879 → "29.2 KiB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${String(value)} B` : `${value.toFixed(1)} ${units[unit] ?? ''}`;
}

/** An ISO-8601 instant as local date and time, or a dash. */
export function formatTime(iso: string | null): string {
  if (iso === null) {
    return '–';
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** Seconds between two ISO-8601 instants as "1 min 05 s", or a dash. */
export function formatDuration(from: string | null, to: string | null): string {
  if (from === null || to === null) {
    return '–';
  }
  const seconds = Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
  if (!Number.isFinite(seconds)) {
    return '–';
  }
  return seconds < 60
    ? `${String(seconds)} s`
    : `${String(Math.floor(seconds / 60))} min ${String(seconds % 60).padStart(2, '0')} s`;
}
