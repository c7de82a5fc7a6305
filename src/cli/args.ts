/**
 * Parses `npm run train` flags into a RunConfig. Pure (no I/O) so it can be
 * unit-tested; errors are `UsageError`s with a one-line reason.
 */
import { DATASET_IDS, type DatasetId } from '../core/data/format';
import type { InitScheme } from '../core/models/spec';
import { DEFAULT_RUN, type RunConfig, validateRunConfig } from '../core/train/config';
import { UsageError, parseFlags } from './flags';

export { UsageError };

/** Iterates (and SWA snapshots) a recorded path keeps by default. */
const PATH_MAX_DEFAULT = 64;

export const USAGE = `usage: npm run train -- [options]

  --dataset fashion-mnist|mnist   dataset (default fashion-mnist)
  --optimizer sgd|sam|swa|swa-sam method (default sgd)
  --epochs N         budget in epochs (default ${DEFAULT_RUN.epochs})
  --batch-size N     mini-batch size (default ${DEFAULT_RUN.batchSize})
  --train-size N     training subset (default ${DEFAULT_RUN.trainSize})
  --test-size N      test subset (default ${DEFAULT_RUN.testSize})
  --seed N           initial weights and data order (default ${DEFAULT_RUN.seed})
  --lr X             SGD learning rate η₀ (default ${DEFAULT_RUN.sgd.lr})
  --momentum X       (default ${DEFAULT_RUN.sgd.momentum})
  --weight-decay X   λ in L(w) + λ‖w‖² (default ${DEFAULT_RUN.sgd.weightDecay})
  --schedule constant|linear|cosine   base schedule (default ${DEFAULT_RUN.sgd.schedule})
  --rho X            SAM radius ρ (default 0.05)
  --p 2|inf|X        SAM norm p > 1 (default 2)
  --adaptive         ASAM (ε scaled by |w|)
  --swa-start X      SWA start epoch (default 75% of the budget)
  --alpha1 X --alpha2 X --c N   SWA cyclic schedule (defaults 0.05, 0.01, 1)
  --no-fge           do not accumulate the FGE ensemble
  --batch-norm       BatchNorm after each conv layer
  --init he-glorot|fan-in-uniform   initial weights: He/Glorot-uniform kernels and zero biases (default),
                     or U(±1/√fan_in) for kernels and biases (a smaller initial scale)
  --backend cpu      tfjs backend in Node (only cpu works here)
  --save FILE        write the trained weights (and w_SWA) as a checkpoint for npm run probe
  --path-every N     also record the weights every N steps, and the SWA snapshots, into the --save checkpoint
                     (for npm run trajectory)
  --path-max M       most iterates (and snapshots) kept (default ${PATH_MAX_DEFAULT}); when full, every second one
                     is dropped and N doubles
  --quiet            no progress line
  --help`;

export interface CliOptions {
  config: RunConfig;
  /** Checkpoint path, or null. */
  save: string | null;
  quiet: boolean;
  help: boolean;
}

const VALUE_FLAGS = [
  'dataset',
  'optimizer',
  'epochs',
  'batch-size',
  'train-size',
  'test-size',
  'seed',
  'lr',
  'momentum',
  'weight-decay',
  'schedule',
  'rho',
  'p',
  'swa-start',
  'alpha1',
  'alpha2',
  'c',
  'backend',
  'save',
  'init',
  'path-every',
  'path-max',
];
const BOOLEAN_FLAGS = ['adaptive', 'no-fge', 'batch-norm', 'quiet', 'help'];

/** Parses argv (without node and script) into options; throws UsageError on bad flags or values. */
export function parseArgs(argv: readonly string[]): CliOptions {
  const parsed = parseFlags(argv, VALUE_FLAGS, BOOLEAN_FLAGS);
  const { values, flags } = parsed;
  const get = (k: string) => values.get(k);
  const num = (k: string, fallback: number) => parsed.number(k, fallback);
  const dataset = (get('dataset') ?? DEFAULT_RUN.dataset) as DatasetId;
  if (!DATASET_IDS.includes(dataset)) throw new UsageError(`--dataset must be one of ${DATASET_IDS.join(', ')}, got "${dataset}"`);
  const optimizer = get('optimizer') ?? 'sgd';
  if (!['sgd', 'sam', 'swa', 'swa-sam'].includes(optimizer))
    throw new UsageError(`--optimizer must be sgd, sam, swa or swa-sam, got "${optimizer}"`);
  if ((get('backend') ?? 'cpu') !== 'cpu') throw new UsageError(`--backend: only cpu runs in Node, got "${get('backend')}"`);
  const pRaw = get('p') ?? '2';
  const p = pRaw === 'inf' || pRaw === 'Infinity' ? Infinity : parsed.number('p', 2);
  const epochs = num('epochs', DEFAULT_RUN.epochs);
  const useSam = optimizer === 'sam' || optimizer === 'swa-sam';
  const useSwa = optimizer === 'swa' || optimizer === 'swa-sam';
  const schedule = get('schedule') ?? DEFAULT_RUN.sgd.schedule;
  const config: RunConfig = {
    ...DEFAULT_RUN,
    dataset,
    trainSize: num('train-size', DEFAULT_RUN.trainSize),
    testSize: num('test-size', DEFAULT_RUN.testSize),
    epochs,
    batchSize: num('batch-size', DEFAULT_RUN.batchSize),
    seed: num('seed', DEFAULT_RUN.seed),
    model: { ...DEFAULT_RUN.model, batchNorm: flags.has('batch-norm'), init: (get('init') ?? 'he-glorot') as InitScheme },
    sgd: {
      ...DEFAULT_RUN.sgd,
      lr: num('lr', DEFAULT_RUN.sgd.lr),
      momentum: num('momentum', DEFAULT_RUN.sgd.momentum),
      weightDecay: num('weight-decay', DEFAULT_RUN.sgd.weightDecay),
      schedule: schedule as RunConfig['sgd']['schedule'],
    },
    sam: useSam ? { rho: num('rho', 0.05), p, adaptive: flags.has('adaptive') } : null,
    swa: useSwa
      ? {
          start: num('swa-start', 0.75 * epochs),
          startUnit: 'epoch',
          alpha1: num('alpha1', 0.05),
          alpha2: num('alpha2', 0.01),
          c: num('c', 1),
          fge: !flags.has('no-fge'),
        }
      : null,
  };
  if (!useSam && ['rho', 'p'].some((k) => values.has(k))) throw new UsageError('--rho and --p apply only to --optimizer sam or swa-sam');
  if (!useSam && flags.has('adaptive')) throw new UsageError('--adaptive applies only to --optimizer sam or swa-sam');
  if (!useSwa && ['swa-start', 'alpha1', 'alpha2', 'c'].some((k) => values.has(k))) {
    throw new UsageError('--swa-start, --alpha1, --alpha2 and --c apply only to --optimizer swa or swa-sam');
  }
  const save = get('save') ?? null;
  if (values.has('path-every')) {
    if (!save) throw new UsageError('--path-every needs --save FILE (the path is stored in the checkpoint)');
    const max = num('path-max', PATH_MAX_DEFAULT);
    config.path = { every: num('path-every', 1), max, snapshots: max };
  } else if (values.has('path-max')) throw new UsageError('--path-max applies only with --path-every');
  try {
    validateRunConfig(config);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return { config, save, quiet: flags.has('quiet'), help: flags.has('help') };
}
