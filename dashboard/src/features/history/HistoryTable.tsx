import { useEffect, useState } from 'react';
import { RUN_STATUSES, type RunPage, type RunStatus } from '../../lib/api';
import { formatDuration, formatTime, statusWord } from '../../lib/format';
import { api } from '../auth/session';
import { follow } from '../followed-run/followed';

const PAGE_SIZE = 10;
const REFRESH_MILLIS = 5000;

/** The suites every server has; others appear once a run of them is seen. */
const KNOWN_SUITES = ['full', 'regression_core', 'smoke', 'custom'];

/**
 * The run history, newest first, a page at a time, filtered by status and suite on the server. Two
 * runs can be picked for a comparison.
 */
export function HistoryTable({
  selected,
  onToggle,
  refreshKey,
}: {
  selected: readonly string[];
  onToggle: (id: string) => void;
  /** Reloads the page shown when it changes (the followed run changed state). */
  refreshKey: string;
}) {
  const [status, setStatus] = useState<RunStatus | ''>('');
  const [suite, setSuite] = useState('');
  const [seenSuites, setSeenSuites] = useState<readonly string[]>(KNOWN_SUITES);
  const [page, setPage] = useState(0);
  const [data, setData] = useState<RunPage | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    const load = () => {
      api
        .runs({
          status: status === '' ? undefined : status,
          suite: suite === '' ? undefined : suite,
          page,
          size: PAGE_SIZE,
        })
        .then((answer) => {
          if (!cancelled) {
            setData(answer);
            setSeenSuites((known) => {
              const fresh = answer.items.map((run) => run.suite).filter((s) => !known.includes(s));
              return fresh.length === 0 ? known : [...known, ...new Set(fresh)].sort();
            });
            setError(null);
          }
        })
        .catch((e: unknown) => {
          if (!cancelled) {
            setError(e instanceof Error ? e.message : String(e));
          }
        });
    };
    load();
    const timer = setInterval(load, REFRESH_MILLIS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [status, suite, page, refreshKey]);

  const rows = data?.items ?? [];
  const suites = [...seenSuites].sort();
  const pages = data === null ? 1 : Math.max(1, Math.ceil(data.total / PAGE_SIZE));

  return (
    <section className="history" aria-labelledby="history-title">
      <h2 id="history-title">Run history</h2>
      <div className="filters">
        <label htmlFor="history-status">Status</label>
        <select
          id="history-status"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as RunStatus | '');
            setPage(0);
          }}
        >
          <option value="">All</option>
          {RUN_STATUSES.map((s) => (
            <option key={s} value={s}>
              {statusWord(s)}
            </option>
          ))}
        </select>
        <label htmlFor="history-suite">Suite</label>
        <select
          id="history-suite"
          value={suite}
          onChange={(e) => {
            setSuite(e.target.value);
            setPage(0);
          }}
        >
          <option value="">All</option>
          {suites.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      {error !== null && (
        <p role="alert" className="message">
          {error}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">Compare</th>
            <th scope="col">Run</th>
            <th scope="col">Suite</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
            <th scope="col">Duration</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((run) => (
            <tr key={run.id} data-run-id={run.id}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Select run ${run.id} for comparison`}
                  checked={selected.includes(run.id)}
                  disabled={!selected.includes(run.id) && selected.length >= 2}
                  onChange={() => {
                    onToggle(run.id);
                  }}
                />
              </td>
              <td>
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    follow(run.id);
                  }}
                >
                  {run.id}
                </button>
              </td>
              <td>{run.suite}</td>
              <td>
                <span className={`badge status-${run.status}`}>{statusWord(run.status)}</span>
              </td>
              <td>{formatTime(run.created_at)}</td>
              <td>{formatDuration(run.started_at, run.finished_at)}</td>
            </tr>
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={6}>No runs.</td>
            </tr>
          )}
        </tbody>
      </table>
      <div className="pager">
        <button
          type="button"
          disabled={page === 0}
          onClick={() => {
            setPage(page - 1);
          }}
        >
          Newer
        </button>
        <span>
          Page {page + 1} of {pages}
          {data === null ? '' : ` (${String(data.total)} runs)`}
        </span>
        <button
          type="button"
          disabled={page + 1 >= pages}
          onClick={() => {
            setPage(page + 1);
          }}
        >
          Older
        </button>
      </div>
    </section>
  );
}
