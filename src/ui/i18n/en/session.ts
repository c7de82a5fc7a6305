/** The session area's words in English. */
export const session = {
  placeholder: 'session',
} as const;
