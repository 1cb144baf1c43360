import { useSyncExternalStore } from 'react';
import { followed, type FollowedRun } from './followed';

/** The followed run, re-rendering on every change. */
export function useFollowedRun(): FollowedRun {
  return useSyncExternalStore(followed.subscribe, followed.get);
}
