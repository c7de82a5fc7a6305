/** The header's words in English: the title, the tabs, the backend, the language switch. */
export const common = {
  app: {
    title: 'Wide Optima Lab',
    subtitle: 'Why flat minima generalize: SGD, SWA and SAM on the same convnet, side by side.',
    updated: 'Updated since your last visit: this is build {{build}} (was {{last}}).',
  },
  tabs: { lab: 'Convnet lab', toy: '2D toy landscape' },
  backend: {
    measuring: 'measuring the backends on this browser (a few warm training steps each)…',
    used: 'backend: {{name}}',
    workers: '{{count}} workers (one core each)',
    measureAgain: 'measure again',
    unnamedAdapter: 'unnamed adapter',
    fallbackAdapter: '{{name}} (software fallback)',
    /** The measured step times: "webgpu 9 ms/step · webgl 14 · cpu 61 — using webgpu". */
    timing: {
      line: '{{timings}} — using {{backend}}',
      first: '{{backend}} {{ms}} ms/step',
      other: '{{backend}} {{ms}}',
      none: '{{backend}} {{reason}}',
      unavailable: 'unavailable',
      failed: 'failed',
      unmeasured: 'not measured',
    },
    /** Why a backend could not run, or how the backend was chosen (a `BackendNote`'s kind). */
    note: {
      remembered: 'The choice measured earlier in this browser (measure again to refresh it).',
      webgpuMissing: 'WebGPU: this browser does not offer it (navigator.gpu is missing).',
      adapterFailed: 'WebGPU: requesting an adapter failed ({{detail}}).',
      noAdapter: 'WebGPU: no adapter (the browser or its GPU driver has WebGPU switched off).',
      deviceFailed: 'WebGPU: creating the device failed.',
      deviceError: 'WebGPU: creating the device failed ({{detail}}).',
      softwareAdapter: 'WebGPU runs on a software (fallback) adapter, not a GPU: expect it to be slow.',
      webglUnavailable: 'WebGL: not available in this browser.',
      webglFailed: 'WebGL: failed to start ({{detail}}).',
      stepFailed: '{{backend}}: a training step failed ({{detail}}).',
      resetFailed: '{{backend}}: could not be set again; using the cpu backend.',
      webgpuSkipped: 'WebGPU skipped: the {{requested}} backend was requested.',
      webglSkipped: 'WebGL skipped: the cpu backend was requested.',
      switched: 'Switched to {{backend}} after the GPU device was lost.',
    },
  },
  language: { label: 'Language', en: 'English', ru: 'Русский' },
} as const;
