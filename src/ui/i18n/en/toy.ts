/**
 * The toy area's words in English: the 2D toy tab (its form, status line,
 * plots, tables), its landscapes, the URL fragment's problems and the
 * settings' validation (worded as the core's English errors, which the
 * browser tests read).
 */
export const toy = {
  landscapes: {
    'two-basins': {
      name: 'Narrow deep basin, wide shallow basin',
      description: 'The narrow basin is deeper (L = −0.5 against 0) and 127 times sharper (curvature 38 against 0.3).',
    },
    ravine: {
      name: 'Sharp ravine, wide shallow basin',
      description: 'A ravine, fairly flat along x (curvature 1.5) and sharp across it (38), beside the wide basin (0.3).',
    },
    rugged: {
      name: 'Rugged bowl',
      description:
        'A wide bowl covered in ripples: many narrow local minima (curvature up to 4.7), one wide basin at large scale (0.2). SGD stays in the first ripple it meets. SWA’s large cyclic steps (α₁ = 0.6) hop across ripples toward the centre, and w_SWA follows (its average includes the way there). SAM with ρ about half the ripple spacing can end near a crest: ε̂ reaches into the next trough, so the step sees that trough’s gradient, a case where the first-order ε̂ misleads.',
    },
  },
  minima: {
    narrowBasin: 'the narrow basin',
    wideBasin: 'the wide basin',
    sharpRavine: 'the sharp ravine',
    bowlCentre: 'the centre of the bowl',
  },
  form: {
    landscape: 'Landscape',
    pickStart: 'Click the contour to start elsewhere.',
    live: 'Live settings',
    atReset: 'Applied at the next reset',
    speed: 'speed',
    perFrame: 'iterations per frame',
    run: 'Run',
    resume: 'Resume',
    pause: 'Pause',
    reset: 'Reset',
    fix: 'Fix the fields marked in red.',
    fields: {
      lr: 'η (SGD, SAM; SWA before its start)',
      noise: 'σ (gradient noise)',
      rho: 'ρ (SAM radius)',
      p: 'p (SAM norm)',
      alpha1: 'α₁ (SWA cycle start)',
      alpha2: 'α₂ (SWA cycle end)',
      c: 'c (SWA cycle length)',
      swaStart: 'SWA start (iteration)',
      steps: 'iterations',
      seed: 'seed (noise, random ray)',
    },
  },
  /** A refused setting: `name` is the field's name below. */
  errors: {
    names: {
      lr: 'lr',
      noise: 'noise',
      rho: 'rho',
      p: 'p',
      alpha1: 'alpha1',
      alpha2: 'alpha2',
      c: 'c',
      swaStart: 'swaStart',
      steps: 'steps',
      seed: 'seed',
    },
    finite: '{{name}} must be a finite number, got {{value}}',
    integer: '{{name}} must be an integer, got {{value}}',
    range: '{{name}} must be {{op}} {{bound}}, got {{value}}',
    p: 'p must be 2 or ∞, got {{value}}',
    alpha2: 'alpha2 must be ≤ alpha1 ({{bound}}), got {{value}}',
    swaStart: 'swaStart must be before the last iteration ({{bound}}), got {{value}}',
  },
  status: {
    iteration: 'iteration {{iteration}} / {{steps}}',
    rates: 'η = {{lr}}, SWA’s α(i) = {{alpha}}',
    averages: 'w_SWA averages {{models}} models (ŵ included)',
    swaStarts: 'SWA starts at iteration {{start}}',
    fps: '{{fps}} frames/s',
    done: 'done',
    computing: 'computing the landscape…',
  },
  stopped: '{{method}} diverged at iteration {{iteration}}: the step overshoots the curvature (η·λ > 2); lower {{knob}}',
  legend: {
    swa: '(blue): the iterates w follow α(i) = (1 − t(i))α₁ + t(i)α₂; at every mod(i, c) = 0 the average moves:',
    sam: '(green): the orange arrow is ε̂ at the current w; the step uses the gradient at its tip, and moves w itself. Near a minimum ‖ε̂‖ stays ρ, so SAM oscillates; where that swing exceeds the basin (table below), SAM is thrown out of it.',
    noise:
      "Every iteration draws one noise vector z ~ N(0, I) shared by the three methods (and by SAM's two gradients, like one minibatch): the gradient is ∇L(w) + σz.",
  },
  plots: {
    swaIterates: 'SWA iterates w',
    average: 'w_SWA (running average)',
    eps: 'SAM: ε̂ at w',
    samStep: 'SAM: the step from w + ε̂ (−η·g there)',
    now: 'now',
    start: 'start',
    minima: 'minima',
    hover: 'x %{x:.2f}, y %{y:.2f}<br>L %{z:.3f}<extra>click: start here</extra>',
    loading3d: 'Loading the 3D view…',
    slow3d:
      'The 3D view follows at pauses and at the end: this browser redraws it in {{ms}} ms (WebGL without a GPU), too slow to animate beside the contour.',
  },
  stability: {
    minimum: 'minimum',
    sgdSam: 'η·λ₁ (SGD, SAM: stable if < 2)',
    swa: 'α₁·λ₁ (SWA at each cycle start)',
    samSwing: 'SAM’s oscillation ηλ₁ρ/(2 − ηλ₁)',
    unstable: 'unstable',
  },
  analysis: {
    title: "At each method's solution: sharpness and the loss along rays",
    hint: "The exact 2×2 Hessian by double backprop, its eigenvalues in closed form; the rays are the convnet panels' rays in two dimensions. Width: the distance t at which L has risen by 0.1, averaged over ±d.",
    method: 'method',
    solution: 'solution w*',
    endedIn: 'ended in',
    widthRandom: 'width, random ray',
    widthEigen: 'width, top eigenvector',
    localMinimum: 'a local minimum at {{point}}',
    minima: "The landscape's minima: {{list}}.",
    minimum: '{{label}} at {{point}}, L = {{loss}}, λ = {{l1}}, {{l2}}',
    randomRay: 'L(w* + t·d), one random unit direction d',
    eigenRay: 'L(w* + t·v₁), v₁ the top eigenvector at w*',
  },
  /** What the URL fragment `#toy?…` had that could not be read; `value` is the URL's text as typed. */
  url: {
    landscape: 'toy: landscape "{{value}}" is not one of {{options}}; using {{used}}',
    notNumber: 'toy: {{key}}={{value}} is not a number; using {{used}}',
    p: 'toy: p={{value}} is not 2 or inf; using 2',
    notFinite: "toy: {{key}}={{value}} is not a finite number; using the landscape's start",
    unknown: 'toy: unknown setting "{{key}}" ignored',
  },
} as const;
