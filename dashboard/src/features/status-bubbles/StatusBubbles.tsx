import { statusWord } from '../../lib/format';
import { phaseWarning } from '../../lib/runInputs';
import type { RunView } from '../../lib/runView';
import { ProgressBar } from './ProgressBar';

/**
 * One bubble per phase of the followed run, with its status and progress, and the run's. A phase
 * that passed with a warning (a replay that drifted within its floor) says so on its bubble.
 */
export function StatusBubbles({ view }: { view: RunView }) {
  return (
    <section className="phases" aria-label="Phases">
      <ProgressBar label="Run progress" value={view.progress} />
      <ol className="bubbles">
        {view.phases.map((phase) => {
          const warning = phaseWarning(view, phase.name);
          return (
            <li
              key={phase.name}
              className={`bubble status-${phase.status}${warning === null ? '' : ' has-warning'}`}
              data-testid={`bubble-${phase.name}`}
              data-status={phase.status}
              title={warning ?? phase.message ?? undefined}
            >
              <span className="bubble-title">{phase.title}</span>
              <span className="bubble-status">
                {statusWord(phase.status)}
                {warning !== null && ', with a warning'}
              </span>
              {warning !== null && (
                <span className="bubble-warning" data-testid={`bubble-warning-${phase.name}`}>
                  {warning}
                </span>
              )}
              <ProgressBar label={`${phase.title} progress`} value={phase.progress} />
            </li>
          );
        })}
      </ol>
    </section>
  );
}
