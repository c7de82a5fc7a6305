// The lab uses plotly.js through its prebuilt minified bundle, which ships no types;
// this declares the calls the lab makes.
declare module 'plotly.js-dist-min' {
  export type Data = Record<string, unknown>;
  export type Layout = Record<string, unknown>;
  export type Config = Record<string, unknown>;
  export interface ClickEvent {
    points: { x: unknown; y: unknown }[];
  }
  /** A div plotly has drawn into: it gains an event emitter. */
  export interface PlotlyElement extends HTMLDivElement {
    on(event: 'plotly_click', handler: (e: ClickEvent) => void): void;
  }
  const Plotly: {
    react(el: HTMLElement, data: Data[], layout: Layout, config?: Config): Promise<unknown>;
    newPlot(el: HTMLElement, data: Data[], layout: Layout, config?: Config): Promise<unknown>;
    restyle(el: HTMLElement, update: Record<string, unknown>, traces: number[]): Promise<unknown>;
    animate(el: HTMLElement, frame: { data: Data[]; traces: number[] }, options: Record<string, unknown>): Promise<unknown>;
    purge(el: HTMLElement): void;
    Plots: { resize(el: HTMLElement): void };
  };
  export default Plotly;
}
