import type { ChartConfiguration } from 'chart.js';
import { describe, expect, it } from 'vitest';
import report from '../../lib/__fixtures__/report.json';
import { asMasterReport, liveChartData, type ChartData } from '../../lib/report';
import { buildChart, CHART_NAMES, heatmapSeries } from './builders';

const master = asMasterReport(report);
const data: ChartData = { sim: master?.sim ?? null, load: master?.load ?? null };

function datasets(config: ChartConfiguration | null) {
  return config?.data.datasets.map((d) => ({ label: d.label, data: d.data })) ?? null;
}

describe('chart builders', () => {
  it('builds every chart from a full report, with animations off', () => {
    for (const name of CHART_NAMES) {
      const config = buildChart(name, data);
      expect(config, name).not.toBeNull();
      expect(config?.options?.animation, name).toBe(false);
    }
  });

  it('leaves out the charts whose data is absent', () => {
    const empty: ChartData = { sim: null, load: null };
    expect(CHART_NAMES.map((name) => buildChart(name, empty))).toEqual(CHART_NAMES.map(() => null));
  });

  it('draws the latency percentiles with p90, overall and per tier', () => {
    const tier = (p: number) => ({
      count: 1,
      p50: p,
      p90: p + 1,
      p95: p + 2,
      p99: p + 3,
      max: p + 4,
    });
    const config = buildChart('latency', {
      sim: { latency_ms: tier(10), latency_ms_by_tier: { T1: tier(20), T2: tier(30) } },
      load: null,
    });
    expect(config?.data.labels).toEqual(['p50', 'p90', 'p95', 'p99', 'max']);
    expect(datasets(config)).toEqual([
      { label: 'All', data: [10, 11, 12, 13, 14] },
      { label: 'T1', data: [20, 21, 22, 23, 24] },
      { label: 'T2', data: [30, 31, 32, 33, 34] },
    ]);
  });

  it('draws per-turn tier shares, escalation and contradiction rates in percent', () => {
    const config = buildChart('turns', {
      sim: {
        by_turn: [1, 2].map((turn) => ({
          turn,
          requests: 4,
          errors: 0,
          tiers: { T1: { count: 3 - turn, share: (3 - turn) / 4 }, T2: { count: 2, share: 0.5 } },
          escalations: { count: turn - 1, rate: (turn - 1) / 4 },
          contradictions: { total: turn, requests_with_contradictions: turn, rate: turn / 4 },
        })),
      },
      load: null,
    });
    expect(config?.data.labels).toEqual(['turn 1', 'turn 2']);
    expect(datasets(config)).toEqual([
      { label: 'T1', data: [50, 25] },
      { label: 'T2', data: [50, 50] },
      { label: 'Opus escalations', data: [0, 25] },
      { label: 'With contradictions', data: [25, 50] },
    ]);
  });

  it('draws the tier distribution with shares in the labels', () => {
    const config = buildChart('tiers', data);
    expect(config?.data.labels).toEqual(['T1 (48.8%)', 'T2 (38%)', 'T3 (13.2%)']);
    expect(datasets(config)).toEqual([{ label: 'Requests', data: [122, 95, 33] }]);
  });

  it('draws escalation rates per persona in percent', () => {
    const config = buildChart('escalations-persona', data);
    expect(config?.data.labels).toEqual([
      'adversarial (19)',
      'analyst (3)',
      'casual (1)',
      'power_user (1)',
    ]);
    expect(config?.data.datasets[0]?.data).toEqual([38, 4.3, 1.1, 2.5]);
  });

  it('draws latency percentiles overall and per tier (per-tier p90 is not measured)', () => {
    const sets = datasets(buildChart('latency', data));
    expect(sets?.map((d) => d.label)).toEqual(['All', 'T1', 'T2', 'T3']);
    expect(sets?.[0]?.data).toEqual([110.015, 962.047, 1091.583, 1395.711, 2052.095]);
    expect(sets?.[1]?.data[1]).toBeNull();
  });

  it('draws one heatmap cell per minute and latency bucket of the chosen series', () => {
    expect(heatmapSeries(data)).toEqual(['all', 'T1', 'T2', 'T3']);
    const cells = buildChart('heatmap', data, 'T3')?.data.datasets[0]?.data as {
      x: string;
      y: string;
      v: number;
    }[];
    expect(cells).toHaveLength(3 * 9);
    expect(cells[5]).toEqual({ x: '0 min', y: '400-800', v: 3 });
    expect(buildChart('heatmap', data, 'T9')).toBeNull();
  });

  it('draws load rate with errors summed per second, and latency percentiles', () => {
    expect(datasets(buildChart('load-rate', data))).toEqual([
      { label: 'Requests/s', data: [79, 103, 91, 26] },
      { label: 'Errors/s', data: [0, 0, 3, 0] },
    ]);
    expect(datasets(buildChart('load-latency', data))?.map((d) => d.label)).toEqual([
      'p50',
      'p95',
      'p99',
    ]);
  });

  it('draws the live charts from the SIM phase figures alone', () => {
    const live = liveChartData({
      sim: { tiers: data.sim?.tiers, latency_ms: data.sim?.latency_ms },
    });
    expect(CHART_NAMES.filter((name) => buildChart(name, live) !== null)).toEqual([
      'tiers',
      'latency',
    ]);
  });

  it('draws the load charts live from the seconds seen so far', () => {
    const series = data.load?.series ?? [];
    expect(series.length).toBeGreaterThan(0);

    const live = liveChartData({}, series.slice(0, 2));

    expect(CHART_NAMES.filter((name) => buildChart(name, live) !== null)).toEqual([
      'load-rate',
      'load-latency',
    ]);
    expect(liveChartData({}, []).load).toBeNull();
  });
});
