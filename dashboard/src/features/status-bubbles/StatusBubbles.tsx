import { statusWord } from '../../lib/format';
import type { RunView } from '../../lib/runView';
import { ProgressBar } from './ProgressBar';

/** One bubble per phase of the followed run, with its status and progress, and the run's. */
export function StatusBubbles({ view }: { view: RunView }) {
  return (
    <section className="phases" aria-label="Phases">
      <ProgressBar label="Run progress" value={view.progress} />
      <ol className="bubbles">
        {view.phases.map((phase) => (
          <li
            key={phase.name}
            className={`bubble status-${phase.status}`}
            data-testid={`bubble-${phase.name}`}
            data-status={phase.status}
            title={phase.message ?? undefined}
          >
            <span className="bubble-title">{phase.title}</span>
            <span className="bubble-status">{statusWord(phase.status)}</span>
            <ProgressBar label={`${phase.title} progress`} value={phase.progress} />
          </li>
        ))}
      </ol>
    </section>
  );
}
