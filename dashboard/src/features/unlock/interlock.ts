/**
 * The BEGIN TESTING interlock as this tab knows it. The server keeps the real state (in memory,
 * for a window); the tab remembers until when it unlocked, across reloads, and locks again when a
 * run is refused with 423.
 */
import { ApiError } from '../../lib/api';
import { createStore } from '../../lib/store';
import { api } from '../auth/session';

export const PHRASE = 'BEGIN TESTING';
const KEY = 'testops.unlockedUntil';

export interface InterlockState {
  /** Epoch millis the unlock ends, or null while locked. */
  unlockedUntil: number | null;
  busy: boolean;
  /** The server's answer to the last failed attempt (a wrong phrase, a 423). */
  message: string | null;
}

export const interlock = createStore<InterlockState>({
  unlockedUntil: stored(),
  busy: false,
  message: null,
});

/** Sends a phrase to POST /begin. */
export async function unlock(phrase: string): Promise<void> {
  interlock.set((state) => ({ ...state, busy: true, message: null }));
  try {
    const answer = await api.begin(phrase);
    const until = Date.parse(answer.unlocked_until);
    sessionStorage.setItem(KEY, String(until));
    interlock.set({ unlockedUntil: until, busy: false, message: null });
  } catch (error) {
    const message = error instanceof ApiError ? error.message : 'The server did not answer.';
    lock(message);
  }
}

/** Locks again (the unlock expired, or the server said 423). */
export function lock(message: string | null): void {
  sessionStorage.removeItem(KEY);
  interlock.set({ unlockedUntil: null, busy: false, message });
}

function stored(): number | null {
  const value = Number(sessionStorage.getItem(KEY));
  return Number.isFinite(value) && value > Date.now() ? value : null;
}
