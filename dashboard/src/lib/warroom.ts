/**
 * The war-room entries of a run: from its report when written (the server's war-room log, with
 * remediation for failing phases), else from its events (warnings and errors logged by phases,
 * phases that failed or erred, and the run's reason).
 */
import type { MasterReport, WarRoomEntry } from './report';
import type { RunView } from './runView';

const SEVERE = new Set(['warn', 'error', 'critical']);

export function warRoomEntries(view: RunView, report: MasterReport | null): WarRoomEntry[] {
  if (report !== null && report.run_id === view.runId) {
    return report.warroom
      .filter((entry) => SEVERE.has(entry.severity))
      .map((entry) => ({ ...entry, remediation: entry.remediation ?? null }));
  }
  const entries: WarRoomEntry[] = view.lines
    .filter((line) => line.level !== null && SEVERE.has(line.level))
    .map((line) => ({
      at: null,
      phase: line.phase ?? 'run',
      severity: line.level ?? 'error',
      message: line.text,
      remediation: line.remediation,
    }));
  for (const phase of view.phases) {
    if (phase.status === 'failed' || phase.status === 'error') {
      entries.push({
        at: null,
        phase: phase.name,
        severity: phase.status === 'failed' ? 'error' : 'critical',
        message: `${phase.title} ${phase.status}${phase.message === null ? '' : `: ${phase.message}`}`,
        remediation: null,
      });
    }
  }
  return entries;
}
