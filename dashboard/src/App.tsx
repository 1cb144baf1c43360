import { useEffect, useMemo, useState } from 'react';
import { liveChartData } from './lib/report';
import { TokenField } from './features/auth/TokenField';
import { RunCharts } from './features/charts/RunCharts';
import { ComparePanel } from './features/compare/ComparePanel';
import { useFollowedRun } from './features/followed-run/useFollowedRun';
import { HistoryTable } from './features/history/HistoryTable';
import { ConnectionIndicator } from './features/live-log/ConnectionIndicator';
import { LiveLog } from './features/live-log/LiveLog';
import { ArtifactLinks } from './features/report-bundle/ArtifactLinks';
import { pollActiveRun } from './features/run-control/activeRun';
import { RunButton } from './features/run-control/RunButton';
import { RunInputs } from './features/run-inputs/RunInputs';
import { StatusBubbles } from './features/status-bubbles/StatusBubbles';
import { UnlockField } from './features/unlock/UnlockField';
import { RunVerdict } from './features/verdict/RunVerdict';
import { WarRoom } from './features/warroom/WarRoom';

/** The dashboard: controls, the followed run live, its charts, and the history. */
export function App() {
  const { view, connection, report, error } = useFollowedRun();
  const [selected, setSelected] = useState<readonly string[]>([]);
  useEffect(pollActiveRun, []);

  const figures = view?.figures;
  const loadSeries = view?.loadSeries;
  const chartData = useMemo(
    () =>
      report !== null
        ? { sim: report.sim, load: report.load }
        : liveChartData(figures ?? {}, loadSeries ?? []),
    [report, figures, loadSeries],
  );

  const toggle = (id: string) => {
    setSelected((current) =>
      current.includes(id) ? current.filter((s) => s !== id) : [...current, id].slice(-2),
    );
  };

  return (
    <>
      <header className="top">
        <h1>TestOps</h1>
        <ConnectionIndicator state={connection} />
      </header>
      <main>
        <TokenField />
        <section className="controls" aria-label="Run control">
          <UnlockField />
          <RunButton />
        </section>
        {view === null ? (
          <p className="empty">No run yet. Unlock and start the full suite.</p>
        ) : (
          <>
            <section className="run" aria-label="Followed run">
              <RunVerdict view={view} report={report} />
              <ArtifactLinks view={view} />
              <RunInputs view={view} report={report} />
            </section>
            {error !== null && (
              <p role="alert" className="message">
                {error}
              </p>
            )}
            <StatusBubbles view={view} />
            <WarRoom view={view} report={report} />
            <section className="log" aria-labelledby="log-title">
              <h2 id="log-title">Live log</h2>
              <LiveLog lines={view.lines} />
            </section>
            <RunCharts data={chartData} final={report !== null} />
          </>
        )}
        <div className="columns">
          <HistoryTable
            selected={selected}
            onToggle={toggle}
            refreshKey={`${view?.runId ?? ''} ${view?.status ?? ''}`}
          />
          <ComparePanel
            selected={selected}
            onClear={() => {
              setSelected([]);
            }}
          />
        </div>
      </main>
    </>
  );
}
