/**
 * The interface's words in English, by key. `ru.ts` has the same keys
 * (the type `Catalog` and a unit test hold it to that); `{{name}}` marks a
 * value filled in by i18next.
 */
export const en = {
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

/** A catalog: the English one's keys, each with a string of its own. */
export type Catalog<T = typeof en> = { readonly [K in keyof T]: T[K] extends string ? string : Catalog<T[K]> };
