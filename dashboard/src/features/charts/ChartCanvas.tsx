import type { Chart, ChartConfiguration } from 'chart.js';
import { useEffect, useRef } from 'react';
import { CHART_HEIGHT_PX, drawChart } from './mount';

/** One chart; redrawn when its configuration changes. */
export function ChartCanvas({ config, label }: { config: ChartConfiguration; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (canvas.current === null) {
      return;
    }
    // A chart that cannot be drawn leaves its frame empty rather than taking the page down.
    let chart: Chart | null = null;
    try {
      chart = drawChart(canvas.current, config);
    } catch (error) {
      console.error('chart not drawn', error);
    }
    return () => {
      chart?.destroy();
    };
  }, [config]);
  return (
    <div className="chart" style={{ height: CHART_HEIGHT_PX }}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
