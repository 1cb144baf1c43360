/**
 * The chart configurations of the dashboard and of the static report, built from report data.
 * Pure: nothing is drawn here (see mount.ts). A builder returns null when its data is absent, and
 * the chart is then left out. Animations are off so prints and screenshots show final charts.
 */
import type { ChartArea, ChartConfiguration, ChartDataset, ScriptableContext } from 'chart.js';
import type { MatrixDataPoint } from 'chartjs-chart-matrix';
import type {
  ChartData,
  CountRate,
  Heatmap,
  LoadSecond,
  Percentiles,
  TurnFigures,
} from '../../lib/report';

export const CHART_NAMES = [
  'tiers',
  'escalations-tier',
  'escalations-persona',
  'heatmap',
  'latency',
  'turns',
  'load-rate',
  'load-latency',
] as const;
export type ChartName = (typeof CHART_NAMES)[number];

export const CHART_TITLES: Readonly<Record<ChartName, string>> = {
  tiers: 'Tier distribution',
  'escalations-tier': 'Escalations per tier',
  'escalations-persona': 'Escalations per persona',
  heatmap: 'Latency heatmap',
  latency: 'Latency percentiles',
  turns: 'Per turn: tiers, escalations and contradictions',
  'load-rate': 'Load: requests and errors per second',
  'load-latency': 'Load: latency per second',
};

/** "all" or a tier name ("T1"), for the heatmap. */
export type HeatmapSeries = string;

const COLORS = ['#2563eb', '#d97706', '#7c3aed', '#059669', '#dc2626', '#0891b2', '#4b5563'];
const PERCENTILES = ['p50', 'p90', 'p95', 'p99', 'max'] as const;

export function isChartName(name: string): name is ChartName {
  return (CHART_NAMES as readonly string[]).includes(name);
}

/** The configuration of a chart, or null when the data for it is absent. */
export function buildChart(
  name: ChartName,
  data: ChartData,
  series: HeatmapSeries = 'all',
): ChartConfiguration | null {
  switch (name) {
    case 'tiers':
      return tiers(data);
    case 'escalations-tier':
      return escalations(name, data.sim?.escalations?.by_tier);
    case 'escalations-persona':
      return escalations(name, data.sim?.escalations?.by_persona);
    case 'heatmap':
      return data.sim?.heatmap === undefined ? null : heatmap(data.sim.heatmap, series);
    case 'latency':
      return latency(data);
    case 'turns':
      return turns(data.sim?.by_turn);
    case 'load-rate':
      return loadRate(data.load?.series);
    case 'load-latency':
      return loadLatency(data.load?.series);
  }
}

/** The heatmap's series that have data: "all" first, then the tiers. */
export function heatmapSeries(data: ChartData): HeatmapSeries[] {
  const series = Object.keys(data.sim?.heatmap?.series ?? {});
  return series.sort((a, b) => (a === 'all' ? -1 : b === 'all' ? 1 : a.localeCompare(b)));
}

function tiers(data: ChartData): ChartConfiguration | null {
  const tiers = data.sim?.tiers;
  if (tiers === undefined || Object.keys(tiers).length === 0) {
    return null;
  }
  const names = Object.keys(tiers).sort();
  return bar(
    'tiers',
    names.map((t) => `${t} (${percent(tiers[t]?.share ?? 0)})`),
    [
      {
        label: 'Requests',
        data: names.map((t) => tiers[t]?.count ?? 0),
        backgroundColor: COLORS[0],
      },
    ],
    'requests',
  );
}

function escalations(
  name: ChartName,
  groups: Record<string, CountRate> | undefined,
): ChartConfiguration | null {
  if (groups === undefined || Object.keys(groups).length === 0) {
    return null;
  }
  const keys = Object.keys(groups).sort();
  return bar(
    name,
    keys.map((k) => `${k} (${String(groups[k]?.count ?? 0)})`),
    [
      {
        label: 'Escalation rate (%)',
        data: keys.map((k) => round((groups[k]?.rate ?? 0) * 100)),
        backgroundColor: COLORS[1],
      },
    ],
    '% of requests',
  );
}

function latency(data: ChartData): ChartConfiguration | null {
  const overall = data.sim?.latency_ms;
  if (overall === undefined) {
    return null;
  }
  const groups: [string, Percentiles][] = [['All', overall]];
  const byTier = data.sim?.latency_ms_by_tier ?? {};
  for (const tier of Object.keys(byTier).sort()) {
    groups.push([tier, byTier[tier] ?? {}]);
  }
  return bar(
    'latency',
    [...PERCENTILES],
    groups.map(([label, values], i) => ({
      label,
      data: PERCENTILES.map((p) => values[p] ?? null),
      backgroundColor: COLORS[i % COLORS.length],
    })),
    'ms',
  );
}

/** Per turn number: each tier's share, the escalation rate and the contradiction rate, in %. */
function turns(byTurn: TurnFigures[] | undefined): ChartConfiguration | null {
  if (byTurn === undefined || byTurn.length === 0) {
    return null;
  }
  const tierNames = [...new Set(byTurn.flatMap((t) => Object.keys(t.tiers)))].sort();
  const series: [string, (t: TurnFigures) => number][] = [
    ...tierNames.map((name): [string, (t: TurnFigures) => number] => [
      name,
      (t) => t.tiers[name]?.share ?? 0,
    ]),
    ['Opus escalations', (t) => t.escalations.rate],
    ['With contradictions', (t) => t.contradictions.rate],
  ];
  return bar(
    'turns',
    byTurn.map((t) => `turn ${String(t.turn)}`),
    series.map(([label, value], i) => ({
      label,
      data: byTurn.map((t) => round(value(t) * 100)),
      backgroundColor: COLORS[i % COLORS.length],
    })),
    '% of answered requests',
  );
}

function heatmap(map: Heatmap, series: HeatmapSeries): ChartConfiguration | null {
  const rows = map.series[series];
  if (rows === undefined || rows.length === 0) {
    return null;
  }
  const minutes = rows.map((_, i) => timeLabel(i, map.time_bucket_seconds));
  const buckets = map.latency_buckets_ms;
  const cells: MatrixDataPoint[] = [];
  let max = 0;
  rows.forEach((row, i) => {
    row.forEach((count, j) => {
      cells.push({ x: minutes[i] ?? String(i), y: buckets[j] ?? String(j), v: count });
      max = Math.max(max, count);
    });
  });
  const config: ChartConfiguration<'matrix'> = {
    type: 'matrix',
    data: {
      datasets: [
        {
          label: series === 'all' ? 'All tiers' : series,
          data: cells,
          backgroundColor: (ctx: ScriptableContext<'matrix'>) => heat(valueOf(ctx), max),
          borderWidth: 0,
          width: ({ chart }) => cellSize(chart.chartArea, 'width', minutes.length),
          height: ({ chart }) => cellSize(chart.chartArea, 'height', buckets.length),
        },
      ],
    },
    options: {
      ...common('heatmap'),
      plugins: {
        ...common('heatmap').plugins,
        title: {
          display: true,
          text: `${CHART_TITLES.heatmap} (${series === 'all' ? 'all tiers' : series})`,
        },
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: () => '',
            label: (ctx) => {
              const point = ctx.raw as MatrixDataPoint;
              return `${String(point.x)}, ${String(point.y)} ms: ${String(point.v ?? 0)} requests`;
            },
          },
        },
      },
      scales: {
        x: {
          type: 'category',
          labels: minutes,
          offset: true,
          grid: { display: false },
          title: { display: true, text: 'simulated time' },
        },
        y: {
          type: 'category',
          labels: buckets,
          offset: true,
          grid: { display: false },
          title: { display: true, text: 'latency (ms)' },
        },
      },
    },
  };
  return config;
}

function loadRate(series: LoadSecond[] | undefined): ChartConfiguration | null {
  if (series === undefined || series.length === 0) {
    return null;
  }
  return line(
    'load-rate',
    series.map((s) => String(s.second)),
    [
      { label: 'Requests/s', data: series.map((s) => s.rate), borderColor: COLORS[0] },
      { label: 'Errors/s', data: series.map((s) => sum(s.errors)), borderColor: COLORS[4] },
    ],
    'per second',
  );
}

function loadLatency(series: LoadSecond[] | undefined): ChartConfiguration | null {
  if (series === undefined || series.length === 0) {
    return null;
  }
  const keys = ['p50', 'p95', 'p99'] as const;
  return line(
    'load-latency',
    series.map((s) => String(s.second)),
    keys.map((k, i) => ({ label: k, data: series.map((s) => s[k]), borderColor: COLORS[i] })),
    'ms',
  );
}

function bar(
  name: ChartName,
  labels: string[],
  datasets: ChartDataset<'bar', (number | null)[]>[],
  unit: string,
): ChartConfiguration {
  const config: ChartConfiguration<'bar', (number | null)[]> = {
    type: 'bar',
    data: { labels, datasets },
    options: {
      ...common(name),
      scales: { y: { beginAtZero: true, title: { display: true, text: unit } } },
    },
  };
  return config;
}

function line(
  name: ChartName,
  labels: string[],
  datasets: ChartDataset<'line', number[]>[],
  unit: string,
): ChartConfiguration {
  const config: ChartConfiguration<'line', number[]> = {
    type: 'line',
    data: {
      labels,
      datasets: datasets.map((d) => ({ ...d, pointRadius: 0, borderWidth: 2, tension: 0 })),
    },
    options: {
      ...common(name),
      scales: {
        x: { title: { display: true, text: 'second' } },
        y: { beginAtZero: true, title: { display: true, text: unit } },
      },
    },
  };
  return config;
}

function common(name: ChartName) {
  return {
    animation: false as const,
    responsive: true,
    maintainAspectRatio: false,
    plugins: {
      title: { display: true, text: CHART_TITLES[name] },
      legend: { position: 'bottom' as const },
    },
  };
}

/** A heatmap cell's size; Chart.js asks before the first layout, when there is no chart area. */
function cellSize(area: ChartArea | undefined, side: 'width' | 'height', cells: number): number {
  return area === undefined ? 1 : Math.max(1, area[side] / cells - 1);
}

function valueOf(ctx: ScriptableContext<'matrix'>): number {
  const point = ctx.raw as MatrixDataPoint | undefined;
  return point?.v ?? 0;
}

/** White to blue by share of the busiest cell. */
function heat(value: number, max: number): string {
  if (value <= 0 || max <= 0) {
    return 'rgba(229, 231, 235, 0.6)';
  }
  return `rgba(37, 99, 235, ${(0.15 + 0.85 * (value / max)).toFixed(3)})`;
}

function timeLabel(index: number, bucketSeconds: number): string {
  return bucketSeconds % 60 === 0
    ? `${String((index * bucketSeconds) / 60)} min`
    : `${String(index * bucketSeconds)} s`;
}

function sum(values: Record<string, number>): number {
  return Object.values(values).reduce((a, b) => a + b, 0);
}

function percent(share: number): string {
  return `${String(round(share * 100))}%`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
