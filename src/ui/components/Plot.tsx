/**
 * A plotly.js chart: zoom, hover readouts and PNG download come from plotly's
 * mode bar. Redraws are queued and run one chart per task (and skipped when
 * nothing changed), so a page of charts updating together never blocks the
 * page thread for long; after a redraw that took d ms the next waits
 * `DUTY`·d ms, so drawing takes at most 1/(1 + DUTY) of the page thread's
 * time — on the cpu backend the workers that train share the same cores.
 * Numbers on the axes and in hover readouts follow the interface's language
 * (plotly's `separators`: a decimal comma in Russian).
 */
import { useTranslation } from 'react-i18next';
import { plotSeparators } from '../charts/chart';
import { type Data, type Layout, Plotly, type PlotlyApi, needs3d, plotly3d } from '../plotly';
import { useEffect, useRef } from 'react';

const DUTY = 9;
const pending = new Map<HTMLElement, () => void>();
/** The bundle that drew each chart (a chart switched between 2D and 3D is purged by the one that drew it). */
const drawnBy = new WeakMap<HTMLElement, PlotlyApi>();
let draining = false;

function drainOne(): void {
  const next = pending.entries().next();
  if (next.done) {
    draining = false;
    return;
  }
  const [el, draw] = next.value;
  pending.delete(el);
  const t0 = performance.now();
  if (el.isConnected) draw();
  setTimeout(drainOne, DUTY * (performance.now() - t0));
}

/** Queues `draw` for `el`, replacing an older queued draw of the same chart. */
function scheduleDraw(el: HTMLElement, draw: () => void): void {
  pending.set(el, draw);
  if (!draining) {
    draining = true;
    setTimeout(drainOne, 0);
  }
}

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
  const last = useRef<{ data: Data[]; layout: string } | null>(null);
  const { i18n } = useTranslation();
  const separators = plotSeparators(i18n.language);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const layoutKey = JSON.stringify([layout, height, name, separators]);
    if (last.current && last.current.data === data && last.current.layout === layoutKey) return;
    last.current = { data, layout: layoutKey };
    scheduleDraw(el, () => {
      const draw = (lib: PlotlyApi) => {
        const previous = drawnBy.get(el);
        if (previous && previous !== lib) previous.purge(el);
        drawnBy.set(el, lib);
        void lib.react(
          el,
          data,
          {
            margin: { l: 56, r: 16, t: 36, b: 44 },
            font: { size: 12 },
            legend: { orientation: 'h', y: -0.25 },
            height,
            separators,
            ...layout,
          },
          { responsive: true, displaylogo: false, toImageButtonOptions: { format: 'png', filename: name, scale: 2 } },
        );
      };
      if (needs3d(data)) void plotly3d().then((lib) => el.isConnected && last.current?.data === data && draw(lib));
      else draw(Plotly);
    });
  }, [data, layout, name, height, separators]);
  useEffect(() => {
    const el = ref.current;
    return () => {
      if (!el) return;
      pending.delete(el);
      drawnBy.get(el)?.purge(el);
    };
  }, []);
  return <div ref={ref} className="plot" data-testid={testId} style={{ height }} />;
}
