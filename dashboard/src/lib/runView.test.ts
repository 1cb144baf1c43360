import { describe, expect, it } from 'vitest';
import type { Run } from './api';
import type { StreamEvent } from './events';
import failedRun from './__fixtures__/failed-run.events.json';
import { applyEvent, applyEvents, emptyView, withArtifacts, withRun } from './runView';

const events = failedRun as StreamEvent[];
const RUN = '20261125T144757Z-9aa32d18';

function log(seq: number, message = `line ${String(seq)}`): StreamEvent {
  return { seq, type: 'log', data: { phase: 'sim', level: 'info', message } };
}

describe('runView', () => {
  it('folds a whole run: phases, progress, verdict and one line per event', () => {
    const view = applyEvents(emptyView(RUN), events);

    expect(view.lastSeq).toBe(events.length);
    expect(view.lines.map((l) => l.seq)).toEqual(events.map((e) => e.seq));
    expect(view.phases.map((p) => [p.name, p.title, p.status])).toEqual([
      ['engine-check', 'Engine Check', 'failed'],
      ['sim', 'SIM Batch', 'skipped'],
      ['replay', 'Replay', 'skipped'],
    ]);
    expect(view.status).toBe('failed');
    expect(view.reason).toBe('engine-check failed: engine check failed');
    expect(view.progress).toBe(100);
    expect(view.ended).toBe(true);
    expect(view.artifacts.bundle?.path).toMatch(/\.tar\.gz$/);
    expect(view.figures['engine-check']).toMatchObject({ passed: false });
  });

  it('ignores an event at or below the last sequence seen (a duplicate after a resume)', () => {
    const view = applyEvents(emptyView(RUN), [log(1), log(2), log(3)]);

    const again = applyEvents(view, [log(2), log(3, 'changed')]);

    expect(again).toBe(view);
    expect(again.lines.map((l) => l.text)).toEqual(['sim: line 1', 'sim: line 2', 'sim: line 3']);
  });

  it('refuses an event past the next one and records the gap', () => {
    const view = applyEvents(emptyView(RUN), [log(1), log(2)]);

    const gapped = applyEvents(view, [log(4), log(5)]);

    expect(gapped.gap).toEqual({ after: 2, received: 4 });
    expect(gapped.lastSeq).toBe(2);
    expect(gapped.lines.map((l) => l.seq)).toEqual([1, 2]);
  });

  it('fills a gap from a resumed stream, overlapping or not, without duplicates', () => {
    const gapped = applyEvents(emptyView(RUN), [log(1), log(2), log(4)]);

    const resumed = applyEvents(gapped, [log(2), log(3), log(4), log(5)]);

    expect(resumed.gap).toBeNull();
    expect(resumed.lines.map((l) => l.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('takes the phases not started yet from the run, and keeps what events said', () => {
    const run: Run = {
      id: RUN,
      status: 'running',
      progress: 10,
      suite: 'full',
      created_at: '2026-11-25T14:47:57Z',
      started_at: null,
      finished_at: null,
      reason: null,
      phases: ['engine-check', 'sim', 'load', 'chaos_monkey'].map((name) => ({
        name,
        status: 'pending' as const,
        progress: 0,
        started_at: null,
        finished_at: null,
        summary: {},
      })),
    };
    const running = applyEvent(emptyView(RUN), {
      seq: 1,
      type: 'phase',
      data: { phase: 'engine-check', status: 'running', progress: 0 },
    });

    const view = withRun(running, run);

    expect(view.phases.map((p) => [p.title, p.status])).toEqual([
      ['Engine Check', 'running'],
      ['SIM Batch', 'pending'],
      ['Load Test', 'pending'],
      ['Chaos Monkey', 'pending'],
    ]);
    expect(view.status).toBe('running');
  });

  it('follows per-phase and overall progress', () => {
    const view = applyEvents(emptyView(RUN), [
      { seq: 1, type: 'phase', data: { phase: 'sim', status: 'running', progress: 33 } },
      { seq: 2, type: 'progress', data: { phase: 'sim', phase_progress: 40, progress: 46 } },
    ]);

    expect(view.phases[0]?.progress).toBe(40);
    expect(view.progress).toBe(46);
  });

  it('adds artifacts listed by the result endpoint', () => {
    const artifact = { kind: 'report', path: 'reports/run-x.html', size_bytes: 10, sha256: 'ab' };

    const view = withArtifacts(emptyView(RUN), [artifact]);

    expect(view.artifacts.report).toEqual(artifact);
    expect(withArtifacts(view, [artifact])).toBe(view);
  });

  it('folds 10,000 events delivered in batches, every line once and in order', () => {
    let view = emptyView(RUN);
    for (let seq = 1; seq <= 10_000; seq += 50) {
      view = applyEvents(
        view,
        Array.from({ length: 50 }, (_, i) => log(seq + i)),
      );
    }

    expect(view.lines).toHaveLength(10_000);
    expect(view.lines.every((line, i) => line.seq === i + 1)).toBe(true);
  });

  it('collects the load seconds from live metric events, each second once', () => {
    const second = (seq: number, n: number): StreamEvent => ({
      seq,
      type: 'metric',
      data: {
        phase: 'load',
        name: 'load-second',
        figures: {
          second: n,
          requests: 10,
          rate: 10,
          errors: {},
          p50: 1,
          p90: 2,
          p95: 3,
          p99: 4,
          max: 5,
          vus: 2,
        },
      },
    });

    const view = applyEvents(emptyView(RUN), [second(1, 0), second(2, 1), second(3, 1)]);

    expect(view.loadSeries.map((s) => s.second)).toEqual([0, 1]);
    expect(view.figures.load).toBeUndefined();
    expect(view.lines).toHaveLength(3);
  });
});
