/**
 * The lab area's words in English: the presets, the settings form, its
 * validation, the URL's problems, the import's errors, the intro, the method
 * picker, the run's files and the table of the student's runs.
 *
 * `$t(lab.fields.{{field}})` names a setting inside a message (i18next's
 * nesting); `$t({{reason}})` holds another message (see ../text.ts).
 */
export const lab = {
  presets: {
    lecture: {
      label: 'Lecture demo',
      description: 'Fashion-MNIST, 2,000 training images, 12 epochs: the flat-vs-sharp contrast in a minute or two on a laptop GPU.',
    },
    quick: {
      label: 'Quick look',
      description: '1,000 images, 4 epochs, a small model: seconds on a GPU, a couple of minutes on the CPU.',
    },
    full: {
      label: 'Full subset',
      description: '10,000 images, 10 epochs: the generalisation gap is smaller, the flatness gap still shows.',
    },
    noisy: {
      label: 'Noisy labels',
      description:
        '500 images, a fifth of their labels wrong, 40 epochs: SGD memorises wrong labels. With the default He/Glorot initial weights, SWA and SAM gained 1.6 to 4.0 points of test accuracy over SGD (5 seeds, each ± 1.0 to 1.6); with the smaller U(±1/√fan_in) initialisation SGD alone gained 3.6 points and the methods 1.5 to 2.1, SAM at ρ = 0.1 within its spread. The flatter minima show under both (docs/RESULTS.md).',
    },
    edge: {
      label: 'Edge of stability',
      description:
        'Plain gradient descent: 64 images in one full batch, a constant η = 0.05, no momentum, 80 steps, λ_max on all 64 images after every step; under a minute on the CPU. SGD’s λ_max climbs from about 13 to the line 2/η = 40 within some 20 steps, then zigzags about it (0.7 to 2 times the line, step to step) while the loss keeps falling (Cohen et al. 2021); SAM’s stays mostly below it. Train SGD and SAM: with one batch and a constant rate, SWA only averages SGD’s last 10 steps.',
    },
    tiny: {
      label: 'Tiny (smoke test)',
      description: 'A handful of steps per method: checks that everything runs, nothing more.',
    },
  },
  sections: { data: 'Data and budget', analysis: 'Analysis' },
  /** The form's labels. */
  labels: {
    dataset: 'dataset',
    trainSize: 'train images',
    labelNoise: 'label noise (fraction of wrong train labels)',
    testSize: 'test images',
    model: 'model',
    init: 'initial weights',
    epochs: 'epochs (budget)',
    batchSize: 'batch size',
    seed: 'seed',
    lr: 'η (learning rate)',
    momentum: 'μ (momentum)',
    weightDecay: 'λ (weight decay, L + λ‖w‖²)',
    schedule: 'schedule (decays to α₂)',
    alpha1: 'α₁ (cycle start)',
    alpha2: 'α₂ (cycle end)',
    c: 'c (cycle length, iterations)',
    swaStart: 'SWA start (epoch)',
    rho: 'ρ (neighbourhood radius)',
    p: 'p (norm)',
    adaptive: 'adaptive (ASAM, ε scaled by |w|)',
    track: 'track λ_max during training',
    samples: 'Hessian samples',
    k: 'top eigenvalues k',
    rays: 'random rays',
    tMax: 'ray length t_max',
    directions: 'ray directions',
    backend: 'backend',
  },
  /** The form's tooltips. */
  help: {
    labelNoise: 'a seeded fraction of the training labels is replaced by a wrong class; the test set stays clean',
    seed: 'same seed: same initial weights and data order for all three methods',
  },
  options: {
    model: { small: 'small (4, 8 filters; 3.5k params)', default: 'default (8, 16; 14.4k)', wide: 'wide (16, 32; 62k)' },
    init: { heGlorot: 'He/Glorot-uniform, zero biases', fanIn: 'U(±1/√fan_in), kernels and biases (smaller)' },
    schedule: { cosine: 'cosine', linear: 'linear', constant: 'constant' },
    directions: { unit: 'unit Gaussian', filter: 'filter-normalised' },
    backendAuto: 'auto (WebGPU → WebGL → CPU)',
  },
  /** Each setting as a message names it. */
  fields: {
    dataset: 'dataset',
    trainSize: 'number of train images',
    labelNoise: 'label noise',
    testSize: 'number of test images',
    model: 'model',
    init: 'initial weights',
    epochs: 'epochs',
    batchSize: 'batch size',
    seed: 'seed',
    lr: 'learning rate η',
    momentum: 'momentum μ',
    weightDecay: 'weight decay λ',
    schedule: 'schedule',
    swaStart: 'SWA start',
    alpha1: 'cycle-start rate α₁',
    alpha2: 'cycle-end rate α₂',
    c: 'cycle length c',
    rho: 'radius ρ',
    p: 'norm p',
    adaptive: 'adaptive (ASAM)',
    track: 'tracking λ_max',
    samples: 'Hessian samples',
    k: 'top eigenvalues k',
    rays: 'random rays',
    tMax: 'ray length t_max',
    directions: 'ray directions',
    backend: 'backend',
  },
  /** Why a setting cannot run (the form shows it under the field). */
  errors: {
    finite: '$t(lab.fields.{{field}}) must be a finite number, got {{value}}',
    integer: '$t(lab.fields.{{field}}) must be an integer, got {{value}}',
    min: '$t(lab.fields.{{field}}) must be ≥ {{min}}, got {{value}}',
    minExclusive: '$t(lab.fields.{{field}}) must be > {{min}}, got {{value}}',
    max: '$t(lab.fields.{{field}}) must be ≤ {{max}}, got {{value}}',
    maxExclusive: '$t(lab.fields.{{field}}) must be < {{max}}, got {{value}}',
    choice: '$t(lab.fields.{{field}}) must be one of {{options}}, got {{value}}',
    atMostField: '$t(lab.fields.{{field}}) must be ≤ $t(lab.fields.{{other}}) ({{max}}), got {{value}}',
    afterTraining: '$t(lab.fields.{{field}}) must be before the end of training ({{epochs}} epochs), got {{value}}',
    /** What the core's own check of the run found (its English text). */
    run: '{{detail}}',
  },
  /** What the page's URL had that could not be read. */
  url: {
    unknownSetting: 'unknown setting "{{key}}" ignored',
    notNumber: '{{key}}={{raw}} is not a number; using {{fallback}}',
    notBoolean: '{{key}}={{raw}} is not true or false; using {{fallback}}',
    notOption: '{{key}}={{raw}} is not one of {{options}}; using {{fallback}}',
    unknownPreset: 'unknown preset "{{name}}" ignored',
    language: 'lang={{asked}} is not one of {{options}}; using {{language}}',
  },
  /** A file that is not a saved run, and why. */
  import: {
    notRun: '{{source}} is not a saved Wide Optima Lab run: $t({{reason}})',
    notJson: '{{source}} is not JSON: {{reason}}',
    unreadable: '{{source}} could not be read: {{reason}}',
    atPath: '{{path}}: $t({{inner}})',
    runConfig: 'runs.{{method}}.config: {{detail}}',
    method: 'runs.{{method}}.method is {{got}}',
  },
  /** The first problem the import's schema finds, at `path`. */
  schema: {
    number: '{{path}}: expected a finite number, got $t(lab.schema.kinds.{{got}})',
    text: '{{path}}: expected text, got $t(lab.schema.kinds.{{got}})',
    boolean: '{{path}}: expected true or false, got $t(lab.schema.kinds.{{got}})',
    oneOf: '{{path}}: expected one of {{options}}, got {{value}}',
    list: '{{path}}: expected a list, got $t(lab.schema.kinds.{{got}})',
    tooLong: '{{path}}: more than {{max}} entries',
    object: '{{path}}: expected an object, got $t(lab.schema.kinds.{{got}})',
    unexpectedKey: '{{path}}: unexpected key "{{key}}"',
    date: '{{path}}: expected a date, got "{{value}}"',
    /** What a value of the file is. */
    kinds: {
      list: 'a list',
      null: 'null',
      string: 'string',
      number: 'number',
      bigint: 'bigint',
      boolean: 'boolean',
      object: 'object',
      undefined: 'undefined',
      symbol: 'symbol',
      function: 'function',
    },
  },
  /** Saving in the browser. */
  storage: { full: "this browser's storage for the lab is full ({{name}})" },
  /** The lecture's table of narrow and broad optima, and the two methods in a sentence each. */
  intro: {
    narrow: 'narrow (sharp) optimum',
    broad: 'broad (flat) optimum',
    rows: {
      eigenvalues: { narrow: 'Hessian eigenvalues very large', broad: 'Hessian eigenvalues close to zero' },
      loss: { narrow: 'loss rises quickly as the parameters move', broad: 'loss rises slowly as the parameters move' },
      generalization: { narrow: 'unstable, generalizes worse', broad: 'generalizes better' },
    },
    swa: 'average the weights of the snapshots at the end of each cycle.',
    sam: 'minimize the worst loss within radius ρ; step with the gradient at the perturbed point.',
  },
  methods: { trainAll: 'Train all three', trainSome: 'Train {{methods}}' },
  files: {
    exportJson: 'Export run (JSON)',
    epochsCsv: 'Epochs (CSV)',
    raysCsv: 'Rays (CSV)',
    import: 'Import run…',
  },
  /** The table of the student's own runs. */
  history: {
    title: "Your runs, like the lecture's tables",
    hint: 'Finished runs saved in this browser (the last 10), grouped by settings; several seeds give mean ± std. Ray width: the distance t at which the train loss has risen by {{delta}}, averaged over the rays.',
    columns: {
      settings: 'settings',
      method: 'method',
      seeds: 'seeds',
      testAccuracy: 'test accuracy %',
      fgeAccuracy: 'FGE accuracy %',
      trainLoss: 'train loss + λ‖w‖²',
      trace: 'trace',
      width: 'ray width',
    },
    /** A group's settings, in parts joined by commas. */
    settings: {
      train: '{{n}} train',
      noise: '({{percent}} noisy labels)',
      model: { small: 'small model', default: 'default model', wide: 'wide model' },
      epochs: '{{n}} epochs',
      batch: 'batch {{n}}',
    },
  },
} as const;
