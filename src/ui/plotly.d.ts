// The lab uses plotly.js through its prebuilt minified bundle, which ships no types;
// this declares the three calls the Plot component makes.
declare module 'plotly.js-dist-min' {
  export type Data = Record<string, unknown>;
  export type Layout = Record<string, unknown>;
  export type Config = Record<string, unknown>;
  const Plotly: {
    react(el: HTMLElement, data: Data[], layout: Layout, config?: Config): Promise<unknown>;
    purge(el: HTMLElement): void;
    Plots: { resize(el: HTMLElement): void };
  };
  export default Plotly;
}
