import { useMemo, useState } from 'react';
import type { ChartData } from '../../lib/report';
import { buildChart, CHART_NAMES, CHART_TITLES, heatmapSeries } from './builders';
import { ChartCanvas } from './ChartCanvas';

/**
 * The run's charts: the final report's when it exists, else the live figures from the run's
 * metric events (tiers, escalations and overall latency, once the SIM phase reports them).
 */
export function RunCharts({ data, final }: { data: ChartData; final: boolean }) {
  const [series, setSeries] = useState('all');
  const available = heatmapSeries(data);
  const configs = useMemo(
    () =>
      CHART_NAMES.map((name) => ({ name, config: buildChart(name, data, series) })).filter(
        (c) => c.config !== null,
      ),
    [data, series],
  );
  if (configs.length === 0) {
    return null;
  }
  return (
    <section className="charts" aria-labelledby="charts-title">
      <h2 id="charts-title">{final ? 'Metrics (final report)' : 'Metrics (live)'}</h2>
      <div className="chart-grid">
        {configs.map(({ name, config }) =>
          config === null ? null : (
            <figure key={name} data-chart-name={name}>
              {name === 'heatmap' && (
                <div className="series">
                  <label htmlFor="heatmap-series">Tier</label>{' '}
                  <select
                    id="heatmap-series"
                    value={series}
                    onChange={(e) => {
                      setSeries(e.target.value);
                    }}
                  >
                    {available.map((s) => (
                      <option key={s} value={s}>
                        {s === 'all' ? 'All' : s}
                      </option>
                    ))}
                  </select>
                </div>
              )}
              <ChartCanvas config={config} label={CHART_TITLES[name]} />
            </figure>
          ),
        )}
      </div>
    </section>
  );
}
