/**
 * Draws chart configurations (builders.ts) with Chart.js and the matrix plugin, registering only
 * the parts the charts use. Shared by the dashboard and the report bundle.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Title,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { MatrixController, MatrixElement } from 'chartjs-chart-matrix';

/** The height of every chart, in CSS pixels. */
export const CHART_HEIGHT_PX = 260;

let registered = false;

function register(): void {
  if (!registered) {
    Chart.register(
      BarController,
      BarElement,
      LineController,
      LineElement,
      PointElement,
      CategoryScale,
      LinearScale,
      Legend,
      Title,
      Tooltip,
      MatrixController,
      MatrixElement,
    );
    registered = true;
  }
}

/** Draws a chart on a canvas whose parent sets its size. */
export function drawChart(canvas: HTMLCanvasElement, config: ChartConfiguration): Chart {
  register();
  return new Chart(canvas, config);
}

/** Resizes every chart on the page (before printing, when the page width changes). */
export function resizeAllCharts(): void {
  for (const chart of Object.values(Chart.instances)) {
    chart.resize();
  }
}
