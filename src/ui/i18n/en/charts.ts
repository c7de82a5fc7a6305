/** The charts area's words in English. */
export const charts = {
  placeholder: 'charts',
} as const;
