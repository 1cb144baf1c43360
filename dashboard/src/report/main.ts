/**
 * The chart bundle of the static report. The report page holds its data as JSON in
 * <script id="report-data"> and marks where charts go with <div data-chart="NAME">; this draws
 * each chart whose data is present and leaves the others empty. No network access.
 */
import type { Chart } from 'chart.js';
import { buildChart, CHART_TITLES, heatmapSeries, isChartName } from '../features/charts/builders';
import { CHART_HEIGHT_PX, drawChart, resizeAllCharts } from '../features/charts/mount';
import { asMasterReport, type ChartData } from '../lib/report';

function render(): void {
  const source = document.getElementById('report-data');
  const report = asMasterReport(JSON.parse(source?.textContent ?? 'null'));
  if (report === null) {
    return;
  }
  const data: ChartData = { sim: report.sim, load: report.load };
  document.querySelectorAll<HTMLElement>('[data-chart]').forEach((host) => {
    // One chart that cannot be drawn must not keep the others from the page.
    try {
      renderInto(host, data);
    } catch (error) {
      console.error(`chart ${host.dataset.chart ?? ''} not drawn`, error);
    }
  });
  window.addEventListener('beforeprint', resizeAllCharts);
  window.addEventListener('afterprint', resizeAllCharts);
}

function renderInto(host: HTMLElement, data: ChartData): void {
  const name = host.dataset.chart ?? '';
  if (!isChartName(name) || buildChart(name, data) === null) {
    return;
  }
  const frame = document.createElement('div');
  frame.style.position = 'relative';
  frame.style.height = `${String(CHART_HEIGHT_PX)}px`;
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', CHART_TITLES[name]);
  frame.append(canvas);
  let chart: Chart | null = null;
  const draw = (series: string) => {
    const config = buildChart(name, data, series);
    chart?.destroy();
    chart = config === null ? null : drawChart(canvas, config);
  };
  if (name === 'heatmap') {
    host.append(seriesSelect(heatmapSeries(data), draw));
  }
  host.append(frame);
  draw('all');
}

function seriesSelect(series: string[], onChange: (series: string) => void): HTMLLabelElement {
  const label = document.createElement('label');
  label.append('Tier ');
  const select = document.createElement('select');
  for (const s of series) {
    select.append(new Option(s === 'all' ? 'All' : s, s));
  }
  select.addEventListener('change', () => {
    onChange(select.value);
  });
  label.append(select);
  return label;
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', render);
} else {
  render();
}
