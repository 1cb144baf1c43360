import { describe, expect, it } from 'vitest';
import { eventsUrl } from './api';
import { retryDelayMillis } from './resume';

describe('resume', () => {
  it('waits 3 s after a drop, then doubles up to 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 50].map(retryDelayMillis)).toEqual([
      3000, 6000, 12000, 24000, 30000, 30000, 30000,
    ]);
  });

  it('resumes after the last event held, or starts from the beginning', () => {
    expect(eventsUrl('r-1', 0)).toBe('/v1/test-runs/r-1/events');
    expect(eventsUrl('r-1', 42)).toBe('/v1/test-runs/r-1/events?last_event_id=42');
  });
});
