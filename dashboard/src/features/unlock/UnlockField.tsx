import { useEffect, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { PHRASE, interlock, lock, unlock } from './interlock';

/**
 * The "Unlock" field: typing BEGIN TESTING unlocks as soon as it matches; Enter sends whatever was
 * typed, so a wrong phrase gets the server's message.
 */
export function UnlockField() {
  const state = useSyncExternalStore(interlock.subscribe, interlock.get);
  const [phrase, setPhrase] = useState('');

  useEffect(() => {
    if (state.unlockedUntil === null) {
      return;
    }
    const timer = setTimeout(
      () => {
        lock('The unlock expired; type the phrase again.');
      },
      Math.max(0, state.unlockedUntil - Date.now()),
    );
    return () => {
      clearTimeout(timer);
    };
  }, [state.unlockedUntil]);

  const change = (value: string) => {
    setPhrase(value);
    if (value === PHRASE && !state.busy) {
      void unlock(value);
    }
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' && !state.busy) {
      void unlock(phrase);
    }
  };
  const unlocked = state.unlockedUntil !== null;
  return (
    <div className="unlock">
      <label htmlFor="unlock">Unlock</label>
      <input
        id="unlock"
        type="text"
        autoComplete="off"
        spellCheck={false}
        placeholder={PHRASE}
        value={phrase}
        aria-describedby="unlock-state"
        onChange={(e) => {
          change(e.target.value);
        }}
        onKeyDown={onKeyDown}
      />
      <span id="unlock-state" className={unlocked ? 'unlocked' : 'locked'} data-testid="lock-state">
        {unlocked
          ? `Unlocked until ${new Date(state.unlockedUntil ?? 0).toLocaleTimeString()}`
          : 'Locked'}
      </span>
      {state.message !== null && (
        <span role="alert" className="message">
          {state.message}
        </span>
      )}
    </div>
  );
}
