import type { MasterReport } from '../../lib/report';
import { describeOption, runInputs } from '../../lib/runInputs';
import type { RunView } from '../../lib/runView';

/** What the followed run ran with: its engine's effective options and its seed, with sources. */
export function RunInputs({ view, report }: { view: RunView; report: MasterReport | null }) {
  const inputs = runInputs(view, report);
  if (inputs === null) {
    return null;
  }
  const options = inputs.engineOptions.map(describeOption).join(', ');
  return (
    <p className="run-inputs" data-testid="run-inputs">
      <span>
        Engine options:{' '}
        <code data-testid="engine-options">{options === '' ? 'none' : options}</code>
      </span>
      {inputs.seed !== null && (
        <span>
          Seed <code>{inputs.seed}</code>
          {inputs.seedSource !== null && ` (${inputs.seedSource})`}
        </span>
      )}
    </p>
  );
}
