/** Messages between the page and the toy-landscape worker. */
import type { Eigen2, ToyAnalysis } from '../core/toy/analysis';
import type { LandscapeId, NamedMinimum, Point } from '../core/toy/landscapes';
import type { ToySettings } from '../core/toy/options';
import type { ToyFrame } from '../core/toy/simulation';
import type { Method } from '../core/methods';

export type ToyCommand =
  /**
   * (Re)starts the three runs from `start`; answers `toy-ready` (with the grid when the landscape is new to
   * the page). Every answer carries `run`, so the page can drop answers meant for a run it has replaced.
   */
  | { type: 'toy-start'; run: number; landscape: LandscapeId; start: Point; settings: ToySettings; grid: number | null }
  | { type: 'toy-advance'; iterations: number }
  | { type: 'toy-update'; settings: Partial<ToySettings> }
  | { type: 'toy-analyze' };

export interface MinimumInfo extends NamedMinimum {
  at: Point;
  loss: number;
  eigen: Eigen2;
}

export type ToyEvent =
  | {
      type: 'toy-ready';
      run: number;
      landscape: LandscapeId;
      grid: { xs: number[]; ys: number[]; z: number[][] } | null;
      minima: MinimumInfo[];
    }
  /** `heights`: L at each new point of `frame` (for the 3D view), per path. */
  | { type: 'toy-frame'; run: number; frame: ToyFrame; heights: Record<Method | 'average', number[]> }
  | { type: 'toy-analysis'; run: number; results: Record<Method, ToyAnalysis> }
  | { type: 'toy-error'; message: string };
