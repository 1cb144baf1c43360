/**
 * When to reconnect a dropped event stream: 3 s after the first drop, then doubling up to 30 s.
 * The attempt count resets once events flow again. The stream resumes after the last event the
 * view holds, so nothing is missed and nothing is shown twice.
 */

export const FIRST_RETRY_MILLIS = 3000;
export const MAX_RETRY_MILLIS = 30_000;

/** The wait before reconnect attempt {@code attempt} (0 for the first after a drop). */
export function retryDelayMillis(attempt: number): number {
  const factor = 2 ** Math.min(Math.max(0, attempt), 10);
  return Math.min(MAX_RETRY_MILLIS, FIRST_RETRY_MILLIS * factor);
}

/** The state of the connection to the followed run's stream, as the indicator shows it. */
export type ConnectionState = 'idle' | 'live' | 'reconnecting' | 'closed';

export const CONNECTION_WORDS: Readonly<Record<ConnectionState, string>> = {
  idle: 'Not connected',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  closed: 'Stream ended',
};
