/**
 * The landscape as an image under the contour plot. plotly's animation of the
 * moving traces (`Plotly.animate` with `redraw: false`) removes the layers of
 * traces it does not animate, the contour's among them (plotly.js #4491): the
 * filled contour vanished as soon as the runs played. A layout image is not a
 * trace layer, so it stays; it is coloured as the contour is (Viridis from the
 * grid's minimum up to CONTOUR_TOP), and the contour's lines show over it
 * whenever the plot is drawn whole.
 */
import { hexToRgb } from '../colors';
import type { Grid } from './state';

/** plotly's Viridis colour scale, its stops as plotly defines them. */
const VIRIDIS: readonly [number, string][] = [
  [0, '#440154'],
  [0.06274509803921569, '#48186a'],
  [0.12549019607843137, '#472d7b'],
  [0.18823529411764706, '#424086'],
  [0.25098039215686274, '#3b528b'],
  [0.3137254901960784, '#33638d'],
  [0.3764705882352941, '#2c728e'],
  [0.4392156862745098, '#26828e'],
  [0.5019607843137255, '#21918c'],
  [0.5647058823529412, '#1fa088'],
  [0.6274509803921569, '#28ae80'],
  [0.6901960784313725, '#3fbc73'],
  [0.7529411764705882, '#5ec962'],
  [0.8156862745098039, '#84d44b'],
  [0.8784313725490196, '#addc30'],
  [0.9411764705882353, '#d8e219'],
  [1, '#fde725'],
];

const STOPS = VIRIDIS.map(([at, hex]) => [at, hexToRgb(hex)] as const);

/** Viridis at `u` in [0, 1] (clamped), linear between the stops, as plotly interpolates. */
export function viridis(u: number): [number, number, number] {
  const v = Math.min(1, Math.max(0, u));
  const k = STOPS.findIndex(([at]) => at >= v);
  if (k <= 0) return [...STOPS[0]![1]];
  const [a, ca] = STOPS[k - 1]!;
  const [b, cb] = STOPS[k]!;
  const s = (v - a) / (b - a);
  return [0, 1, 2].map((i) => Math.round(ca[i]! + s * (cb[i]! - ca[i]!))) as [number, number, number];
}

/** The grid's pixels, RGBA, one per grid point, the top row the largest y (an image's rows run downwards). */
export function landscapePixels(grid: Grid, top: number): { width: number; height: number; rgba: Uint8ClampedArray<ArrayBuffer> } {
  const width = grid.xs.length;
  const height = grid.ys.length;
  const zmin = Math.min(...grid.z.flat());
  const rgba = new Uint8ClampedArray(4 * width * height);
  for (let r = 0; r < height; r++) {
    const row = grid.z[height - 1 - r]!;
    for (let c = 0; c < width; c++) {
      const [red, green, blue] = viridis((row[c]! - zmin) / (top - zmin));
      rgba.set([red, green, blue, 255], 4 * (r * width + c));
    }
  }
  return { width, height, rgba };
}

/** Where the image lies in the plot's coordinates: each pixel centred on its grid point. */
export function landscapeExtent(grid: Grid): { x: number; y: number; sizex: number; sizey: number } {
  const { xs, ys } = grid;
  const dx = (xs[xs.length - 1]! - xs[0]!) / Math.max(1, xs.length - 1);
  const dy = (ys[ys.length - 1]! - ys[0]!) / Math.max(1, ys.length - 1);
  return {
    x: xs[0]! - dx / 2,
    y: ys[ys.length - 1]! + dy / 2,
    sizex: xs[xs.length - 1]! - xs[0]! + dx,
    sizey: ys[ys.length - 1]! - ys[0]! + dy,
  };
}
