import { CONNECTION_WORDS, type ConnectionState } from '../../lib/resume';

/** Whether the live log is connected to the run's stream. */
export function ConnectionIndicator({ state }: { state: ConnectionState }) {
  return (
    <span className={`connection connection-${state}`} data-testid="connection" data-state={state}>
      {CONNECTION_WORDS[state]}
    </span>
  );
}
