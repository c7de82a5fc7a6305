/** The toy area's words in English. */
export const toy = {
  placeholder: 'toy',
} as const;
