/**
 * SGD, SWA and SAM side by side on a 2D landscape, with the convnet lab's own
 * optimizers: `Sgd` for every update, `Sam` (formula (2) for ε̂, the gradient
 * at w + ε̂, w itself updated), `CyclicClock` and `SwaAverager` (Algorithm 1:
 * w_SWA ← ŵ, then w_SWA ← (w_SWA·n + w)/(n + 1) whenever mod(i, c) = 0).
 *
 * The point w = (x, y) is a tfjs variable of shape [2]. Iteration k draws one
 * noise vector z_k ~ N(0, I) that all three methods share (and SAM uses for
 * both of its gradients, like the two passes over one batch), so until SWA's
 * start the SGD and SWA runs coincide exactly. A method whose iterate leaves
 * every bound stops there with a message; the others go on.
 */
import * as tf from '@tensorflow/tfjs';
import { newVariable } from '../params';
import { type Rng, createRng } from '../rng';
import { Sam } from '../optim/sam';
import { Sgd } from '../optim/sgd';
import { CyclicClock, SwaAverager } from '../optim/swa';
import { type Landscape, type Point, lossAt } from './landscapes';
import { LIVE_TOY_FIELDS, type ToySettings, assertToySettings } from './options';
import type { Method } from '../methods';

/** What `advance` produced: every new iterate, for drawing the trajectories. */
export interface ToyFrame {
  /** Iterations done so far (of `settings.steps`). */
  iteration: number;
  done: boolean;
  /** The new iterates of each method, in order. */
  paths: Record<Method, Point[]>;
  /** w_SWA after each new iteration of the SWA phase. */
  swaAverage: Point[];
  /** Models in w_SWA (ŵ included); 0 before SWA's start. */
  swaModels: number;
  /** w + ε̂ at SAM's latest iteration (the tip of the ε̂ arrow from its previous iterate). */
  samPerturbed: Point | null;
  /** The rate each method used at its latest iteration. */
  lr: Record<Method, number>;
  /** Why a method stopped early (diverged), if it did. */
  stopped: Partial<Record<Method, Divergence>>;
}

/**
 * A method that stopped because its iterate left every bound: the iteration,
 * the rate to lower (η; SWA's α1), and the same in English for the Node side.
 */
export interface Divergence {
  iteration: number;
  knob: 'η' | 'α1';
  text: string;
}

/** An iterate this far from the origin has left the landscape for good. */
const BOUND = 1e3;

const read = (v: tf.Tensor): Point => {
  const d = v.dataSync();
  return [d[0]!, d[1]!];
};

export class ToySimulation {
  private settings: ToySettings;
  private readonly w: Record<Method, tf.Variable>;
  private readonly sgd: Record<Method, Sgd>;
  private readonly sam: Sam;
  private clock: CyclicClock | null = null;
  private averager: SwaAverager | null = null;
  private readonly noise: Rng;
  private readonly grad: (w: tf.Tensor) => tf.Tensor;
  private readonly stopped: Partial<Record<Method, Divergence>> = {};
  private readonly last: Record<Method, Point>;
  private iteration = 0;

  constructor(
    readonly landscape: Landscape,
    readonly start: Point,
    settings: ToySettings,
  ) {
    this.settings = { ...assertToySettings(settings) };
    if (!start.every(Number.isFinite)) throw new RangeError(`start must be a finite point, got (${start.join(', ')})`);
    this.noise = createRng(settings.seed);
    this.grad = tf.grad((w: tf.Tensor) => lossAt(landscape, w));
    const make = () => newVariable(() => tf.tensor1d(start));
    this.w = { SGD: make(), SWA: make(), SAM: make() };
    const sgd = (m: Method) => new Sgd([this.w[m]], { momentum: 0, weightDecay: 0 });
    this.sgd = { SGD: sgd('SGD'), SWA: sgd('SWA'), SAM: sgd('SAM') };
    this.sam = new Sam([this.w.SAM], this.sgd.SAM, { rho: settings.rho, p: settings.p, adaptive: false });
    this.last = { SGD: [...start], SWA: [...start], SAM: [...start] };
  }

  get options(): ToySettings {
    return { ...this.settings };
  }

  get done(): boolean {
    return this.iteration >= this.settings.steps;
  }

  /** Changes η, σ, ρ, p, α1, α2 or c from the next iteration (validated; a new c restarts SWA's cycle). */
  update(next: Partial<ToySettings>): void {
    const fixed = Object.keys(next).filter((k) => !(LIVE_TOY_FIELDS as readonly string[]).includes(k));
    if (fixed.length) throw new RangeError(`${fixed.join(', ')} cannot change during a run; reset to apply`);
    const merged = assertToySettings({ ...this.settings, ...next });
    this.sam.setOptions({ rho: merged.rho, p: merged.p });
    this.clock?.setOptions({ alpha1: merged.alpha1, alpha2: merged.alpha2, c: merged.c });
    this.settings = merged;
  }

  /** Runs up to `n` more iterations of every method (fewer at the end of the budget). */
  advance(n: number): ToyFrame {
    const frame: ToyFrame = {
      iteration: this.iteration,
      done: false,
      paths: { SGD: [], SWA: [], SAM: [] },
      swaAverage: [],
      swaModels: this.averager?.count ?? 0,
      samPerturbed: null,
      lr: { SGD: this.settings.lr, SWA: this.settings.lr, SAM: this.settings.lr },
      stopped: {},
    };
    for (let k = 0; k < n && !this.done; k++) {
      const s = this.settings;
      const z = [this.noise.normal() * s.noise, this.noise.normal() * s.noise];
      const noisy = (w: tf.Tensor) => tf.tidy(() => tf.add(this.grad(w), tf.tensor1d(z)));
      this.iteration += 1;
      if (this.iteration === s.swaStart + 1) this.startSwa();

      this.step('SGD', frame, () => {
        const g = noisy(this.w.SGD);
        this.sgd.SGD.apply([g], s.lr);
        g.dispose();
      });
      this.step('SWA', frame, () => {
        const tick = this.clock?.tick();
        const lr = tick ? tick.lr : s.lr;
        frame.lr.SWA = lr;
        const g = noisy(this.w.SWA);
        this.sgd.SWA.apply([g], lr);
        g.dispose();
        if (tick?.snapshot) this.averager!.update([this.w.SWA]);
      });
      this.step('SAM', frame, () => {
        const g = noisy(this.w.SAM);
        this.sam.firstStep([g]);
        g.dispose();
        frame.samPerturbed = read(this.w.SAM);
        const gSam = noisy(this.w.SAM);
        this.sam.secondStep([gSam], s.lr);
        gSam.dispose();
      });
      if (this.averager) frame.swaAverage.push(read(this.averager.params[0]!));
    }
    frame.iteration = this.iteration;
    frame.done = this.done;
    frame.swaModels = this.averager?.count ?? 0;
    frame.stopped = { ...this.stopped };
    return frame;
  }

  /** Each method's solution: SGD's and SAM's last iterate, SWA's average w_SWA (its iterate before SWA's start). */
  endPoints(): Record<Method, Point> {
    return { SGD: [...this.last.SGD], SWA: this.averager ? read(this.averager.params[0]!) : [...this.last.SWA], SAM: [...this.last.SAM] };
  }

  dispose(): void {
    Object.values(this.w).forEach((v) => v.dispose());
    this.sam.dispose();
    this.sgd.SGD.dispose();
    this.sgd.SWA.dispose();
    this.averager?.dispose();
  }

  private startSwa(): void {
    const s = this.settings;
    this.clock = new CyclicClock({ alpha1: s.alpha1, alpha2: s.alpha2, c: s.c });
    this.averager = new SwaAverager({ params: [this.w.SWA], state: [] });
  }

  private step(m: Method, frame: ToyFrame, run: () => void): void {
    if (this.stopped[m]) return;
    run();
    const p = read(this.w[m]);
    if (p.every((v) => Number.isFinite(v) && Math.abs(v) < BOUND)) {
      this.last[m] = p;
      frame.paths[m].push(p);
      return;
    }
    tf.tidy(() => this.w[m].assign(tf.tensor1d(this.last[m])));
    const knob = m === 'SWA' ? 'α1' : 'η';
    const text = `${m} diverged at iteration ${this.iteration}: the step overshoots the curvature (η·λ > 2); lower ${knob}`;
    this.stopped[m] = { iteration: this.iteration, knob, text };
  }
}
