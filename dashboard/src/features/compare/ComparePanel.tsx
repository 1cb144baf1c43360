import { useState } from 'react';
import type { SnapshotDiff, SnapshotPair } from '../../lib/api';
import { api } from '../auth/session';

const SHOWN_METRICS = 40;

/**
 * Compares the snapshots of two runs picked in the history (the older one is the base) and shows
 * what changed: the dataset, the metrics and the records.
 */
export function ComparePanel({
  selected,
  onClear,
}: {
  selected: readonly string[];
  onClear: () => void;
}) {
  const [diff, setDiff] = useState<SnapshotDiff | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Run ids start with their UTC creation time, so the smaller one is the older run.
  const [base, target] = [...selected].sort();

  const compare = async () => {
    if (base === undefined || target === undefined) {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setDiff(await api.compare(base, target));
    } catch (e) {
      setDiff(null);
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="compare" aria-labelledby="compare-title">
      <h2 id="compare-title">Compare runs</h2>
      <p>
        {selected.length < 2
          ? `Pick two runs in the history (${String(selected.length)} of 2 picked).`
          : `Base ${String(base)}, target ${String(target)}.`}
      </p>
      <button type="button" disabled={selected.length !== 2 || busy} onClick={() => void compare()}>
        Compare
      </button>{' '}
      <button
        type="button"
        disabled={selected.length === 0}
        onClick={() => {
          onClear();
          setDiff(null);
          setError(null);
        }}
      >
        Clear selection
      </button>
      {error !== null && (
        <p role="alert" className="message">
          {error}
        </p>
      )}
      {diff !== null && <DiffView diff={diff} />}
    </section>
  );
}

function DiffView({ diff }: { diff: SnapshotDiff }) {
  return (
    <div className="diff" data-testid="compare-result" data-identical={diff.identical}>
      <p className={diff.identical ? 'identical' : 'different'}>
        {diff.identical ? 'The snapshots are identical.' : 'The snapshots differ.'}
      </p>
      {diff.pairs.map((pair, index) => (
        <PairView key={index} pair={pair} />
      ))}
      {diff.unpaired.length > 0 && (
        <ul>
          {diff.unpaired.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function PairView({ pair }: { pair: SnapshotPair }) {
  // Summary figures first; the heatmap's cells (hundreds of them) after.
  const ordered = [...pair.metrics].sort(
    (a, b) => Number(isHeatmapCell(a.metric)) - Number(isHeatmapCell(b.metric)),
  );
  const shown = ordered.slice(0, SHOWN_METRICS);
  return (
    <div className="pair">
      <dl>
        <dt>Engines</dt>
        <dd>
          {pair.base.engine} → {pair.target.engine}
        </dd>
        <dt>Users</dt>
        <dd>
          {pair.base.users} → {pair.target.users}
        </dd>
        <dt>Dataset</dt>
        <dd>{pair.dataset_identical ? 'identical' : 'different'}</dd>
        <dt>Records</dt>
        <dd>
          {pair.records.differing} of {pair.records.compared} differ (
          {pair.records.identical_percent}% identical)
        </dd>
        <dt>Metrics changed</dt>
        <dd>{pair.metrics_changed}</dd>
      </dl>
      {shown.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col">Base</th>
              <th scope="col">Target</th>
              <th scope="col">Delta</th>
              <th scope="col">Delta %</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((m) => (
              <tr key={m.metric}>
                <td>
                  <code>{m.metric}</code>
                </td>
                <td>{m.base ?? '–'}</td>
                <td>{m.target ?? '–'}</td>
                <td>{m.delta ?? '–'}</td>
                <td>{m.delta_percent ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pair.metrics.length > shown.length && (
        <p>
          {pair.metrics.length - shown.length} more changed metrics are in
          reports/snapshot_diff.json.
        </p>
      )}
    </div>
  );
}

function isHeatmapCell(metric: string): boolean {
  return metric.startsWith('sim.heatmap.');
}
