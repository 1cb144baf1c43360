import type { MasterReport } from '../../lib/report';
import type { RunView } from '../../lib/runView';
import { warRoomEntries } from '../../lib/warroom';

/** The newest entries shown; the rest are in the report and the run's war-room log. */
const SHOWN = 100;

/**
 * The war room of a run that did not pass, or that logged warnings: what went wrong, where, and
 * what to do about it.
 */
export function WarRoom({ view, report }: { view: RunView; report: MasterReport | null }) {
  const all = warRoomEntries(view, report);
  const entries = all.slice(-SHOWN);
  const hidden = all.length - entries.length;
  const failed = view.status === 'failed' || view.status === 'error';
  if (!failed && entries.length === 0) {
    return null;
  }
  return (
    <section className="warroom" data-testid="warroom" aria-labelledby="warroom-title">
      <h2 id="warroom-title">War room</h2>
      {entries.length === 0 ? (
        <p>
          The run {view.status}: {view.reason ?? 'no reason given'}.
        </p>
      ) : (
        <>
          {hidden > 0 && (
            <p data-testid="warroom-hidden">
              {hidden} earlier entries are in the report and in warroom/run-{view.runId}.jsonl; the
              newest {SHOWN} are shown.
            </p>
          )}
          <ul>
            {entries.map((entry, index) => (
              <li key={index} className={`severity-${entry.severity}`}>
                <span className="severity">{entry.severity}</span>
                <span className="phase">{entry.phase}</span>
                <span className="message">{entry.message}</span>
                {entry.remediation != null && (
                  <span className="remediation">Remediation: {entry.remediation}</span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
