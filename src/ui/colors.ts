/** Each method's colour, the same in every chart and table of the lab and the toy (plotly's defaults, so legends match exports). */
export const COLORS = { SGD: '#d62728', SWA: '#1f77b4', SAM: '#2ca02c', FGE: '#9467bd' } as const;
