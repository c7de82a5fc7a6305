// The lab uses plotly.js through two of its prebuilt partial bundles (the 2D
// "cartesian" one in the page, the "gl3d" one loaded when a 3D view opens),
// which ship no types; this declares the calls the lab makes.
declare module 'plotly.js-cartesian-dist-min' {
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
  export interface PlotlyApi {
    react(el: HTMLElement, data: Data[], layout: Layout, config?: Config): Promise<unknown>;
    newPlot(el: HTMLElement, data: Data[], layout: Layout, config?: Config): Promise<unknown>;
    restyle(el: HTMLElement, update: Record<string, unknown>, traces: number[]): Promise<unknown>;
    animate(el: HTMLElement, frame: { data: Data[]; traces: number[] }, options: Record<string, unknown>): Promise<unknown>;
    purge(el: HTMLElement): void;
    Plots: { resize(el: HTMLElement): void };
  }
  const Plotly: PlotlyApi;
  export default Plotly;
}

declare module 'plotly.js-gl3d-dist-min' {
  const Plotly: import('plotly.js-cartesian-dist-min').PlotlyApi;
  export default Plotly;
}
