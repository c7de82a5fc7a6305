/** Messages between the page and the toy-landscape worker. */
import type { Eigen2, ToyAnalysis } from '../core/toy/analysis';
import type { LandscapeId, NamedMinimum, Point } from '../core/toy/landscapes';
import type { ToySettings } from '../core/toy/options';
import type { ToyFrame, ToyMethod } from '../core/toy/simulation';

export type ToyCommand =
  /** (Re)starts the three runs from `start`; answers `toy-ready` (with the grid when the landscape is new to the page). */
  | { type: 'toy-start'; landscape: LandscapeId; start: Point; settings: ToySettings; grid: number | null }
  | { type: 'toy-advance'; iterations: number }
  | { type: 'toy-update'; settings: Partial<ToySettings> }
  | { type: 'toy-analyze' };

export interface MinimumInfo extends NamedMinimum {
  at: Point;
  loss: number;
  eigen: Eigen2;
}

export type ToyEvent =
  | { type: 'toy-ready'; landscape: LandscapeId; grid: { xs: number[]; ys: number[]; z: number[][] } | null; minima: MinimumInfo[] }
  /** `heights`: L at each new point of `frame` (for the 3D view), per path. */
  | { type: 'toy-frame'; frame: ToyFrame; heights: Record<ToyMethod | 'average', number[]> }
  | { type: 'toy-analysis'; results: Record<ToyMethod, ToyAnalysis> }
  | { type: 'toy-error'; message: string };
