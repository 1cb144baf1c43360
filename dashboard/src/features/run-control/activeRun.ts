/**
 * The run the server is busy with, whoever started it: polled every 2 s (running first, then the
 * oldest queued). A newly active run is followed at once, so a run started in another tab or by
 * another client shows up here too.
 */
import type { Run } from '../../lib/api';
import { createStore } from '../../lib/store';
import { api } from '../auth/session';
import { follow, followed } from '../followed-run/followed';

const POLL_MILLIS = 2000;

export interface ActiveRunState {
  run: Run | null;
  /** The first poll answered. */
  known: boolean;
}

export const activeRun = createStore<ActiveRunState>({ run: null, known: false });

let lastFollowed: string | null = null;

/**
 * Starts polling; returns the function that stops it. A run named in the address (?run=<id>) is
 * followed first; a newly active run still takes over.
 */
export function pollActiveRun(): () => void {
  const linked = new URLSearchParams(window.location.search).get('run');
  if (linked !== null && linked !== '') {
    follow(linked);
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const tick = async () => {
    try {
      await check();
    } catch {
      // The server is away or needs a token: the next poll tries again.
    }
    if (!stopped) {
      timer = setTimeout(() => void tick(), POLL_MILLIS);
    }
  };
  void tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** Marks a run this tab just started as active and follows it. */
export function started(run: Run | { id: string }): void {
  lastFollowed = run.id;
  follow(run.id);
  void check();
}

async function check(): Promise<void> {
  const [running, queued] = await Promise.all([
    api.runs({ status: 'running', size: 1 }),
    api.runs({ status: 'queued', size: 100 }),
  ]);
  const run = running.items[0] ?? queued.items.at(-1) ?? null;
  activeRun.set({ run, known: true });
  if (run !== null && run.id !== lastFollowed) {
    lastFollowed = run.id;
    follow(run.id);
  } else if (run === null && followed.get().view === null) {
    const newest = (await api.runs({ size: 1 })).items[0];
    if (newest !== undefined && followed.get().view === null) {
      follow(newest.id);
    }
  }
}
