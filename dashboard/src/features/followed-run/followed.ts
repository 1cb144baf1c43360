/**
 * The run the dashboard follows: its view folded from the event stream, completed by the REST API
 * (phases still pending, artifacts, the final report). One run at a time; following another closes
 * the previous stream.
 */
import { ApiError, isTerminal } from '../../lib/api';
import { asMasterReport, type MasterReport } from '../../lib/report';
import type { ConnectionState } from '../../lib/resume';
import { applyEvents, emptyView, withArtifacts, withRun, type RunView } from '../../lib/runView';
import { createStore } from '../../lib/store';
import { api, auth } from '../auth/session';
import { openStream } from './stream';

export interface FollowedRun {
  view: RunView | null;
  connection: ConnectionState;
  /** The final report (GET /v1/reports/{id}?format=json), once written. */
  report: MasterReport | null;
  error: string | null;
}

/** How often, and how long after the run ends, to look for a report written after it. */
const REPORT_POLL_MILLIS = 2000;
const REPORT_POLLS = 5;

export const followed = createStore<FollowedRun>({
  view: null,
  connection: 'idle',
  report: null,
  error: null,
});

let close: (() => void) | null = null;

/** Follows a run (a no-op when it is the one followed); the address shows it (?run=<id>). */
export function follow(runId: string): void {
  if (followed.get().view?.runId === runId) {
    return;
  }
  const address = new URL(window.location.href);
  address.searchParams.set('run', runId);
  window.history.replaceState(null, '', address);
  close?.();
  followed.set({ view: emptyView(runId), connection: 'idle', report: null, error: null });
  const view = () => followed.get().view ?? emptyView(runId);
  close = openStream(runId, {
    lastSeq: () => view().lastSeq,
    hasGap: () => view().gap !== null,
    ended: () => view().ended,
    token: () => auth.get().token,
    onEvents: (events) => {
      const before = view();
      const after = applyEvents(before, events);
      updateView(runId, () => after);
      if (after.artifacts.report !== undefined && before.artifacts.report === undefined) {
        void loadReport(runId);
      }
      if (after.ended && !before.ended) {
        void settle(runId);
      }
    },
    onState: (connection) => {
      if (followed.get().view?.runId === runId) {
        followed.set((state) => ({ ...state, connection }));
      }
    },
  });
  void refresh(runId);
}

/** Reads the run (phases not started yet, status) and, once it is over, its results. */
async function refresh(runId: string): Promise<void> {
  try {
    const run = await api.run(runId);
    updateView(runId, (view) => withRun(view, run));
    if (isTerminal(run.status)) {
      await settle(runId);
    }
  } catch (error) {
    showError(runId, error);
  }
}

/** Reads the artifacts of a finished run and, when it has one, its report. */
async function settle(runId: string): Promise<void> {
  try {
    for (let poll = 0; poll < REPORT_POLLS && isFollowed(runId); poll++) {
      const result = await api.result(runId);
      updateView(runId, (view) => withArtifacts(view, result.artifacts));
      if (result.artifacts.some((a) => a.kind === 'report')) {
        await loadReport(runId);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, REPORT_POLL_MILLIS));
    }
  } catch (error) {
    showError(runId, error);
  }
}

async function loadReport(runId: string): Promise<void> {
  if (followed.get().report?.run_id === runId) {
    return;
  }
  try {
    const report = asMasterReport(await api.reportJson(runId));
    if (report !== null && isFollowed(runId)) {
      followed.set((state) => ({ ...state, report }));
    }
  } catch (error) {
    // A report not written yet (404) is not an error to show; the live figures stand in.
    if (!(error instanceof ApiError && error.status === 404)) {
      showError(runId, error);
    }
  }
}

function isFollowed(runId: string): boolean {
  return followed.get().view?.runId === runId;
}

function updateView(runId: string, change: (view: RunView) => RunView): void {
  followed.set((state) =>
    state.view?.runId === runId ? { ...state, view: change(state.view) } : state,
  );
}

function showError(runId: string, error: unknown): void {
  if (isFollowed(runId)) {
    const message = error instanceof Error ? error.message : String(error);
    followed.set((state) => ({ ...state, error: message }));
  }
}
