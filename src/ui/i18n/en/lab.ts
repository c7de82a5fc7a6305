/** The lab area's words in English. */
export const lab = {
  placeholder: 'lab',
} as const;
