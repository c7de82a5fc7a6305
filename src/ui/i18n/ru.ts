/** The interface's words in Russian, in the lecture's vocabulary (../shared/LECTURE.md): the same keys as `en.ts`. */
import type { Catalog } from './en';

export const ru: Catalog = {
  app: {
    title: 'Wide Optima Lab',
    subtitle: 'Почему широкие оптимумы обобщают лучше: SGD, SWA и SAM на одной свёрточной сети, рядом.',
  },
  tabs: { lab: 'Свёрточная сеть', toy: 'Двумерная модель' },
  backend: {
    measuring: 'измеряем бэкенды в этом браузере (по несколько прогретых шагов обучения)…',
    used: 'бэкенд: {{name}}',
    workers: 'воркеров: {{count}} (по одному ядру)',
    measureAgain: 'измерить заново',
  },
  language: { label: 'Язык', en: 'English', ru: 'Русский' },
};
