/** Each method's colour, the same in every chart and table of the lab and the toy (plotly's defaults, so legends match exports). */
export const COLORS = { SGD: '#d62728', SWA: '#1f77b4', SAM: '#2ca02c', FGE: '#9467bd' } as const;

/** A '#rrggbb' colour as its red, green and blue components (0–255). */
export function hexToRgb(hex: string): [number, number, number] {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return [r!, g!, b!];
}
