/** The header's words in English: the title, the tabs, the backend, the language switch. */
export const common = {
  app: {
    title: 'Wide Optima Lab',
    subtitle: 'Why flat minima generalize: SGD, SWA and SAM on the same convnet, side by side.',
  },
  tabs: { lab: 'Convnet lab', toy: '2D toy landscape' },
  backend: {
    measuring: 'measuring the backends on this browser (a few warm training steps each)…',
    used: 'backend: {{name}}',
    workers: '{{count}} workers (one core each)',
    measureAgain: 'measure again',
  },
  language: { label: 'Language', en: 'English', ru: 'Русский' },
} as const;
