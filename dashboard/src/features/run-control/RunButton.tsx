import { useState, useSyncExternalStore } from 'react';
import { ApiError, isTerminal } from '../../lib/api';
import { api } from '../auth/session';
import { useFollowedRun } from '../followed-run/useFollowedRun';
import { interlock, lock } from '../unlock/interlock';
import { activeRun, started } from './activeRun';

/** Starts the full suite; disabled while locked and while any run is queued or running. */
export function RunButton() {
  const lockState = useSyncExternalStore(interlock.subscribe, interlock.get);
  const active = useSyncExternalStore(activeRun.subscribe, activeRun.get);
  const { view } = useFollowedRun();
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // A followed run whose status is not known yet counts as busy: it may have just been started.
  const followedBusy = view !== null && !isTerminal(view.status);
  const busy = starting || active.run !== null || followedBusy || !active.known;
  const unlocked = lockState.unlockedUntil !== null;

  const start = async () => {
    setStarting(true);
    setError(null);
    try {
      const answer = await api.runAll();
      started({ id: answer.run_id });
    } catch (e) {
      if (e instanceof ApiError && e.status === 423) {
        lock(e.message);
      } else {
        setError(e instanceof Error ? e.message : String(e));
      }
    } finally {
      setStarting(false);
    }
  };

  return (
    <div className="run-control">
      <button
        type="button"
        className="run-button"
        disabled={!unlocked || busy}
        onClick={() => void start()}
      >
        RUN FULL TEST SUITE
      </button>
      <span className="hint">
        {!unlocked
          ? 'Type BEGIN TESTING to unlock.'
          : busy && active.run !== null
            ? `Run ${active.run.id} is ${active.run.status}.`
            : ''}
      </span>
      {error !== null && (
        <span role="alert" className="message">
          {error}
        </span>
      )}
    </div>
  );
}
