import { describe, expect, it } from 'vitest';
import type { StreamEvent } from './events';
import type { MasterReport } from './report';
import { describeOption, phaseWarning, runInputs } from './runInputs';
import { applyEvents, emptyView } from './runView';

const RUN = '20261125T144757Z-9aa32d18';

function metric(seq: number, phase: string, figures: Record<string, unknown>): StreamEvent {
  return { seq, type: 'metric', data: { phase, name: 'summary', figures } };
}

const simFigures = {
  seed: 4242,
  seed_source: 'env',
  engine_options: {
    fault: { value: 'error:0.5', source: 'environment', variable: 'TORON_FAULT' },
    url: { value: 'http://127.0.0.1:9000', source: 'option' },
  },
};

describe('runInputs', () => {
  it('reads the engine options and the seed from the SIM phase while the run is live', () => {
    const view = applyEvents(emptyView(RUN), [metric(1, 'sim', simFigures)]);

    const inputs = runInputs(view, null);

    expect(inputs?.seed).toBe(4242);
    expect(inputs?.seedSource).toBe('env');
    expect(inputs?.engineOptions.map(describeOption)).toEqual([
      'fault=error:0.5 (environment TORON_FAULT)',
      'url=http://127.0.0.1:9000 (option)',
    ]);
  });

  it('says nothing before the SIM phase has reported', () => {
    expect(runInputs(emptyView(RUN), null)).toBeNull();
  });

  it("prefers the run's report, and reads a report from before effective options", () => {
    const view = applyEvents(emptyView(RUN), [metric(1, 'sim', simFigures)]);
    const report = {
      kind: 'testops.report',
      schema_version: 1,
      run_id: RUN,
      verdict: { status: 'passed', gate: 'go', reason: null },
      engine: { options: { fault: '' } },
      inputs: { seed: 7, seed_source: 'flag' },
      sim: null,
      load: null,
      warroom: [],
    } satisfies MasterReport;

    const inputs = runInputs(view, report);

    expect(inputs?.seed).toBe(7);
    expect(inputs?.engineOptions.map(describeOption)).toEqual(['fault="" (option)']);
    expect(runInputs(view, { ...report, run_id: 'another' })?.seed).toBe(4242);
  });
});

describe('phaseWarning', () => {
  it("is a passed phase's warning, and null for a phase without one", () => {
    const warning =
      'DRIFT WITHIN FLOOR: 12 of 1000 records diverged (determinism_score 98.8, floor 90): the engine is not deterministic';
    const view = applyEvents(emptyView(RUN), [
      metric(1, 'sim', simFigures),
      metric(2, 'replay', { verdict: 'DRIFT WITHIN FLOOR', warning }),
    ]);

    expect(phaseWarning(view, 'replay')).toBe(warning);
    expect(phaseWarning(view, 'sim')).toBeNull();
    expect(phaseWarning(view, 'load')).toBeNull();
  });
});
