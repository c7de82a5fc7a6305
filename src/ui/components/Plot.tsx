/** A plotly.js chart: zoom, hover readouts and PNG download come from plotly's mode bar. */
import Plotly, { type Data, type Layout } from 'plotly.js-dist-min';
import { useEffect, useRef } from 'react';

export const COLORS = { SGD: '#d62728', SWA: '#1f77b4', SAM: '#2ca02c', FGE: '#9467bd' } as const;

interface PlotProps {
  data: Data[];
  layout: Layout;
  /** File name of the PNG download. */
  name: string;
  height?: number;
  testId?: string;
}

export function Plot({ data, layout, name, height = 320, testId }: PlotProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    void Plotly.react(
      el,
      data,
      { margin: { l: 56, r: 16, t: 36, b: 44 }, font: { size: 12 }, legend: { orientation: 'h', y: -0.25 }, height, ...layout },
      { responsive: true, displaylogo: false, toImageButtonOptions: { format: 'png', filename: name, scale: 2 } },
    );
  }, [data, layout, name, height]);
  useEffect(() => {
    const el = ref.current;
    return () => {
      if (el) Plotly.purge(el);
    };
  }, []);
  return <div ref={ref} className="plot" data-testid={testId} style={{ height }} />;
}
