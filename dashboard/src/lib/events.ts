/**
 * The events of a run's SSE stream. Every event has a per-run sequence number (the SSE id, from 1
 * without holes) and a type: run, phase, log, progress, metric or artifact.
 */

/** The event types the server emits (see RunExecutor and RunRecords on the server). */
export const EVENT_TYPES = ['run', 'phase', 'log', 'progress', 'metric', 'artifact'] as const;

export interface StreamEvent {
  seq: number;
  type: string;
  data: Record<string, unknown>;
}

/** Builds an event from the SSE fields; null when the id or data are not what the server sends. */
export function parseEvent(id: string, type: string, data: string): StreamEvent | null {
  const seq = Number(id);
  if (!Number.isSafeInteger(seq) || seq < 1) {
    return null;
  }
  try {
    const parsed: unknown = JSON.parse(data);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return null;
    }
    return { seq, type, data: parsed as Record<string, unknown> };
  } catch {
    return null;
  }
}

/** A string field, or null. */
export function text(data: Record<string, unknown>, field: string): string | null {
  const value = data[field];
  return typeof value === 'string' ? value : null;
}

/** A numeric field, or null. */
export function num(data: Record<string, unknown>, field: string): number | null {
  const value = data[field];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** An object field, or null. */
export function obj(data: Record<string, unknown>, field: string): Record<string, unknown> | null {
  const value = data[field];
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}
