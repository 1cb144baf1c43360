import { statusWord } from '../../lib/format';
import type { MasterReport } from '../../lib/report';
import type { RunView } from '../../lib/runView';

/** The followed run's verdict, large: its status, the go/no-go gate once reported, why. */
export function RunVerdict({ view, report }: { view: RunView; report: MasterReport | null }) {
  const status = view.status ?? 'queued';
  const gate = report?.run_id === view.runId ? report.verdict.gate : null;
  return (
    <section className={`verdict status-${status}`} data-testid="run-status" data-status={status}>
      <span className="verdict-word">{statusWord(status)}</span>
      {gate !== null && <span className={`gate gate-${gate}`}>{gate.toUpperCase()}</span>}
      <span className="verdict-run">
        Run <code>{view.runId}</code>
      </span>
      {view.reason !== null && <span className="verdict-reason">{view.reason}</span>}
    </section>
  );
}
