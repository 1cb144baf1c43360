import { describe, expect, it } from 'vitest';
import failedRun from './__fixtures__/failed-run.events.json';
import report from './__fixtures__/report.json';
import { asMasterReport } from './report';
import { applyEvents, emptyView } from './runView';
import { warRoomEntries } from './warroom';

describe('warRoomEntries', () => {
  it('lists the warnings, errors and failed phases of a run from its events', () => {
    const view = applyEvents(emptyView('r'), failedRun);

    const entries = warRoomEntries(view, null);

    expect(entries.map((e) => [e.phase, e.severity])).toEqual([
      ['engine-check', 'warn'],
      ['engine-check', 'error'],
    ]);
    expect(entries[0]?.message).toContain('nondeterministic');
    expect(entries[0]?.remediation).toContain('check that engine');
  });

  it('prefers the report war room, leaving out info entries', () => {
    const master = asMasterReport(report);
    expect(master).not.toBeNull();
    const view = emptyView(master?.run_id ?? '');

    const entries = warRoomEntries(view, master);

    expect(entries).toHaveLength(1);
    expect(entries[0]?.remediation).toContain('nondeterministic');
  });
});
