/**
 * The lecture mode's steps: the lecture's slides (../shared/LECTURE.md) in
 * order, each with its formula and the one view of the lab that makes its
 * point. Texts are in the `lecture` catalogs under the step's id; this module
 * is pure data, so the order, the URL ids and what each step shows are tested
 * without a page.
 *
 * The 14 slides give 14 steps, with one merge and one split:
 *  - slides 10 and 11 (SAM's idea and SAM's objective) are one step: the idea
 *    *is* the objective said in words, and one toy view shows both;
 *  - slide 9 (SWA's results) is two steps: Figure 4's rays and the table each
 *    need the whole screen to be read from the back of a room.
 */
import {
  FGE_VS_SWA_TEX,
  HESSIAN_EIGEN_TEX,
  RAYS_TEX,
  SAM_OBJECTIVE_TEX,
  SAM_STEP_TEX,
  SAM_UPDATE_TEX,
  SHARPNESS_TEX,
  SWA_AVERAGE_TEX,
  SWA_CYCLIC_LR_TEX,
  SWA_IDEA_TEX,
} from '../formulas';
import type { ReferenceName } from '../reference';

/** A toy scene: a landscape and settings chosen so the step's point shows within seconds (./toy-scenes.ts). */
export type ToyScene = 'basins' | 'constant-lr' | 'cyclic-lr' | 'swa-average' | 'sam-epsilon' | 'sam-p-inf' | 'sam-step';

/** A view of a trained convnet (a bundled reference run, or the student's live rerun of it). */
export type RunPanel = 'overview' | 'spectrum' | 'live' | 'schedule' | 'swa-fge' | 'rays' | 'results';

/** One part of a step's view. */
export type Part =
  | { kind: 'toy'; scene: ToyScene }
  | { kind: 'run'; reference: ReferenceName; panel: RunPanel }
  | { kind: 'table'; table: 'narrow-wide' | 'swa-paper' | 'sam-paper' };

export interface LectureStep {
  /** The step's name in the URL (`?lecture=swa-rays`) and in the catalogs. */
  id: string;
  /** The lecture's slides this step covers (1-based, LECTURE.md's order). */
  slides: number[];
  /** The slide's formulas (none on the plan). */
  tex: string[];
  parts: Part[];
}

export const LECTURE_STEPS = [
  { id: 'plan', slides: [1], tex: [], parts: [{ kind: 'run', reference: 'lecture', panel: 'overview' }] },
  {
    id: 'wide-narrow',
    slides: [2],
    tex: [SHARPNESS_TEX],
    parts: [
      { kind: 'table', table: 'narrow-wide' },
      { kind: 'toy', scene: 'basins' },
    ],
  },
  { id: 'why-wide', slides: [3], tex: [HESSIAN_EIGEN_TEX], parts: [{ kind: 'run', reference: 'lecture', panel: 'spectrum' }] },
  { id: 'swa-idea', slides: [4], tex: [SWA_IDEA_TEX], parts: [{ kind: 'run', reference: 'lecture', panel: 'live' }] },
  {
    id: 'swa-lr',
    slides: [5],
    tex: [SWA_CYCLIC_LR_TEX],
    parts: [
      { kind: 'toy', scene: 'constant-lr' },
      { kind: 'toy', scene: 'cyclic-lr' },
    ],
  },
  { id: 'swa-schedule', slides: [6], tex: [SWA_CYCLIC_LR_TEX], parts: [{ kind: 'run', reference: 'lecture', panel: 'schedule' }] },
  { id: 'swa-algorithm', slides: [7], tex: [SWA_AVERAGE_TEX], parts: [{ kind: 'toy', scene: 'swa-average' }] },
  { id: 'swa-fge', slides: [8], tex: [FGE_VS_SWA_TEX], parts: [{ kind: 'run', reference: 'lecture', panel: 'swa-fge' }] },
  { id: 'swa-rays', slides: [9], tex: [RAYS_TEX], parts: [{ kind: 'run', reference: 'lecture', panel: 'rays' }] },
  {
    id: 'swa-table',
    slides: [9],
    tex: [],
    parts: [
      { kind: 'table', table: 'swa-paper' },
      { kind: 'run', reference: 'lecture', panel: 'results' },
    ],
  },
  { id: 'sam-objective', slides: [10, 11], tex: [SAM_OBJECTIVE_TEX], parts: [{ kind: 'toy', scene: 'sam-epsilon' }] },
  { id: 'sam-formulas', slides: [12], tex: [SAM_STEP_TEX], parts: [{ kind: 'toy', scene: 'sam-p-inf' }] },
  { id: 'sam-algorithm', slides: [13], tex: [SAM_UPDATE_TEX], parts: [{ kind: 'toy', scene: 'sam-step' }] },
  {
    id: 'sam-results',
    slides: [14],
    tex: [],
    parts: [
      { kind: 'table', table: 'sam-paper' },
      { kind: 'run', reference: 'noisy', panel: 'results' },
    ],
  },
] as const satisfies readonly LectureStep[];

export type StepId = (typeof LECTURE_STEPS)[number]['id'];

export const STEP_IDS: readonly StepId[] = LECTURE_STEPS.map((s) => s.id);

/** Whether `x` names a step. */
export const isStepId = (x: string): x is StepId => (STEP_IDS as readonly string[]).includes(x);
