import { describe, expect, it } from 'vitest';
import { describeEvent, formatBytes, phaseTitle } from './format';

describe('format', () => {
  it('names the known phases and title-cases the others', () => {
    expect(['engine-check', 'sim', 'replay', 'load', 'unit_tests'].map(phaseTitle)).toEqual([
      'Engine Check',
      'SIM Batch',
      'Replay',
      'Load Test',
      'Unit Tests',
    ]);
  });

  it('describes events in a line', () => {
    expect(
      describeEvent({
        seq: 3,
        type: 'artifact',
        data: { kind: 'bundle', path: 'snapshots/run-1.tar.gz', size_bytes: 29879 },
      }),
    ).toBe('bundle written: snapshots/run-1.tar.gz (29.2 KiB)');
    expect(
      describeEvent({ seq: 4, type: 'run', data: { status: 'failed', reason: 'sim failed' } }),
    ).toBe('run failed: sim failed');
    expect(
      describeEvent({
        seq: 5,
        type: 'metric',
        data: {
          phase: 'load',
          name: 'load-second',
          figures: { second: 7, requests: 100, p95: 12.5, p99: 40, vus: 50 },
        },
      }),
    ).toBe('load second 7: 100 requests, p95 12.5 ms, p99 40 ms, 50 VUs');
  });

  it('formats sizes', () => {
    expect([0, 1023, 1024, 5 * 1024 * 1024].map(formatBytes)).toEqual([
      '0 B',
      '1023 B',
      '1.0 KiB',
      '5.0 MiB',
    ]);
  });
});
