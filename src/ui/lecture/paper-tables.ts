/**
 * The papers' tables as the lecture shows them (../shared/MISSION.md §2 and
 * §3), transcribed: test accuracy % of SGD, FGE and SWA at 1, 1.25 and 1.5
 * budgets (Izmailov et al. 2018), and test error % of SAM against SGD
 * (Foret et al. 2021). Model names are names: the same in both languages.
 */

/** One row of the SWA paper's table: [mean, std] or a lone mean (FGE has no ± in the table). */
export interface SwaPaperRow {
  model: string;
  budget: number;
  sgd: [number, number];
  fge: number;
  swa: [[number, number], [number, number], [number, number]];
}

export const SWA_PAPER: readonly SwaPaperRow[] = [
  {
    model: 'CIFAR-100 VGG-16',
    budget: 200,
    sgd: [72.55, 0.1],
    fge: 74.26,
    swa: [
      [73.91, 0.12],
      [74.17, 0.15],
      [74.27, 0.25],
    ],
  },
  {
    model: 'CIFAR-100 ResNet-164',
    budget: 150,
    sgd: [78.49, 0.36],
    fge: 79.84,
    swa: [
      [79.77, 0.17],
      [80.18, 0.23],
      [80.35, 0.16],
    ],
  },
  {
    model: 'CIFAR-100 WRN-28-10',
    budget: 200,
    sgd: [80.82, 0.23],
    fge: 82.27,
    swa: [
      [81.46, 0.23],
      [81.91, 0.27],
      [82.15, 0.27],
    ],
  },
  {
    model: 'CIFAR-10 VGG-16',
    budget: 200,
    sgd: [93.25, 0.16],
    fge: 93.52,
    swa: [
      [93.59, 0.16],
      [93.7, 0.22],
      [93.64, 0.18],
    ],
  },
  {
    model: 'CIFAR-10 ResNet-164',
    budget: 150,
    sgd: [95.28, 0.1],
    fge: 95.45,
    swa: [
      [95.56, 0.11],
      [95.77, 0.04],
      [95.83, 0.03],
    ],
  },
  {
    model: 'CIFAR-10 WRN-28-10',
    budget: 200,
    sgd: [96.18, 0.11],
    fge: 96.36,
    swa: [
      [96.45, 0.11],
      [96.64, 0.08],
      [96.79, 0.05],
    ],
  },
];

/** One row of the SAM paper's CIFAR table: test error %, [mean, std]; a std "< 0.1" is kept as text. */
export interface SamPaperRow {
  model: string;
  augmentation: 'basic' | 'cutout';
  cifar10: { sam: [number, string]; sgd: [number, string] };
  cifar100: { sam: [number, string]; sgd: [number, string] };
}

const row = (
  model: string,
  augmentation: 'basic' | 'cutout',
  c10: [number, string, number, string],
  c100: [number, string, number, string],
) =>
  ({
    model,
    augmentation,
    cifar10: { sam: [c10[0], c10[1]], sgd: [c10[2], c10[3]] },
    cifar100: { sam: [c100[0], c100[1]], sgd: [c100[2], c100[3]] },
  }) satisfies SamPaperRow;

export const SAM_PAPER: readonly SamPaperRow[] = [
  row('WRN-28-10 (200 ep)', 'basic', [2.7, '0.1', 3.5, '0.1'], [16.5, '0.2', 18.8, '0.2']),
  row('WRN-28-10 (200 ep)', 'cutout', [2.3, '0.1', 2.6, '0.1'], [14.9, '0.2', 16.9, '0.1']),
  row('WRN-28-10 (1800 ep)', 'basic', [2.4, '0.1', 3.5, '0.1'], [16.3, '0.2', 19.1, '0.1']),
  row('Shake-Shake 26 2x96d', 'basic', [2.3, '<0.1', 2.7, '0.1'], [15.1, '0.1', 17.0, '0.1']),
  row('PyramidNet', 'basic', [2.7, '0.1', 4.0, '0.1'], [14.6, '0.4', 19.7, '0.3']),
  row('PyramidNet+ShakeDrop', 'basic', [2.1, '0.1', 2.5, '0.1'], [13.3, '0.2', 14.5, '0.1']),
];

/** ImageNet top-1 error %, SAM against standard training. */
export const SAM_IMAGENET: readonly { model: string; sam: number; sgd: number }[] = [
  { model: 'ResNet-50 (100 ep)', sam: 22.5, sgd: 22.9 },
  { model: 'ResNet-50 (400 ep)', sam: 20.9, sgd: 22.3 },
  { model: 'ResNet-152 (400 ep)', sam: 18.4, sgd: 20.9 },
];
