/** The header's words in Russian. */
import type { Catalog } from '../catalog';
import type { common as en } from '../en/common';

export const common: Catalog<typeof en> = {
  app: {
    title: 'Wide Optima Lab',
    subtitle: 'Почему широкие оптимумы обобщают лучше: SGD, SWA и SAM на одной свёрточной сети, рядом.',
    updated: 'Обновлено с вашего прошлого визита: это сборка {{build}} (была {{last}}).',
  },
  tabs: { lab: 'Свёрточная сеть', toy: 'Двумерная модель' },
  backend: {
    measuring: 'измеряем бэкенды в этом браузере (по несколько прогретых шагов обучения)…',
    used: 'бэкенд: {{name}}',
    workers: 'воркеров: {{count}} (по одному ядру)',
    measureAgain: 'измерить заново',
    unnamedAdapter: 'адаптер без имени',
    fallbackAdapter: '{{name}} (программный, не GPU)',
    timing: {
      line: '{{timings}} — выбран {{backend}}',
      first: '{{backend}} {{ms}} мс/шаг',
      other: '{{backend}} {{ms}}',
      none: '{{backend}} {{reason}}',
      unavailable: 'недоступен',
      failed: 'ошибка',
      unmeasured: 'не измерен',
    },
    note: {
      remembered: 'Выбор измерен ранее в этом браузере («измерить заново» обновит его).',
      webgpuMissing: 'WebGPU: этот браузер его не поддерживает (нет navigator.gpu).',
      adapterFailed: 'WebGPU: запрос адаптера не удался ({{detail}}).',
      noAdapter: 'WebGPU: нет адаптера (браузер или драйвер GPU отключил WebGPU).',
      deviceFailed: 'WebGPU: не удалось создать устройство.',
      deviceError: 'WebGPU: не удалось создать устройство ({{detail}}).',
      softwareAdapter: 'WebGPU работает на программном (fallback) адаптере, а не на GPU: обучение будет медленным.',
      webglUnavailable: 'WebGL: недоступен в этом браузере.',
      webglFailed: 'WebGL: не удалось запустить ({{detail}}).',
      stepFailed: '{{backend}}: шаг обучения завершился ошибкой ({{detail}}).',
      resetFailed: '{{backend}}: не удалось включить снова; используется бэкенд cpu.',
      webgpuSkipped: 'WebGPU пропущен: запрошен бэкенд {{requested}}.',
      webglSkipped: 'WebGL пропущен: запрошен бэкенд cpu.',
      switched: 'Переключились на {{backend}} после потери устройства GPU.',
    },
  },
  language: { label: 'Язык', en: 'English', ru: 'Русский' },
};
