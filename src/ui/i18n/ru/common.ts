/** The header's words in Russian. */
import type { Catalog } from '../catalog';
import type { common as en } from '../en/common';

export const common: Catalog<typeof en> = {
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
