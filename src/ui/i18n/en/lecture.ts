/** The lecture area's words in English. */
export const lecture = {
  placeholder: 'lecture',
} as const;
