/**
 * The toy-landscape worker: the 2D runs and their analysis on tfjs's cpu
 * backend (two-element tensors gain nothing from a GPU, and this keeps the
 * convnet worker free). The page asks for iterations frame by frame and
 * draws what comes back.
 */
import * as tf from '@tensorflow/tfjs';
import { analyzePoint, hessian, loss, losses, namedMinima, symmetricEigen2 } from '../core/toy/analysis';
import { LANDSCAPES, lossGrid } from '../core/toy/landscapes';
import { createRng } from '../core/rng';
import { ToySimulation } from '../core/toy/simulation';
import type { MinimumInfo, ToyCommand, ToyEvent } from './toy-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (e: ToyEvent) => scope.postMessage(e);
const ready = tf.setBackend('cpu');
let sim: ToySimulation | null = null;
let run = 0;

async function handle(cmd: ToyCommand): Promise<void> {
  await ready;
  switch (cmd.type) {
    case 'toy-start': {
      sim?.dispose();
      sim = null;
      const l = LANDSCAPES[cmd.landscape];
      if (!l) throw new Error(`unknown landscape "${cmd.landscape}"`);
      sim = new ToySimulation(l, cmd.start, cmd.settings);
      run = cmd.run;
      const minima: MinimumInfo[] = namedMinima(l).map((at, i) => {
        const h = hessian(l, at);
        return { ...l.minima[i]!, at, loss: loss(l, at), eigen: symmetricEigen2(h[0][0], h[0][1], h[1][1]) };
      });
      post({ type: 'toy-ready', run, landscape: l.id, grid: cmd.grid === null ? null : lossGrid(l, cmd.grid), minima });
      return;
    }
    case 'toy-advance': {
      if (!sim) return;
      const frame = sim.advance(cmd.iterations);
      const l = sim.landscape;
      post({
        type: 'toy-frame',
        run,
        frame,
        heights: {
          SGD: losses(l, frame.paths.SGD),
          SWA: losses(l, frame.paths.SWA),
          SAM: losses(l, frame.paths.SAM),
          average: losses(l, frame.swaAverage),
        },
      });
      return;
    }
    case 'toy-update':
      sim?.update(cmd.settings);
      return;
    case 'toy-analyze': {
      if (!sim) return;
      const s = sim;
      const ends = s.endPoints();
      // The same random ray for the three solutions, as in the convnet panels.
      const at = (m: keyof typeof ends) => analyzePoint(s.landscape, ends[m], createRng(s.options.seed));
      post({ type: 'toy-analysis', run, results: { SGD: at('SGD'), SWA: at('SWA'), SAM: at('SAM') } });
      return;
    }
  }
}

scope.onmessage = (e: MessageEvent<ToyCommand>) => {
  handle(e.data).catch((err: unknown) => post({ type: 'toy-error', message: (err as Error).message ?? String(err) }));
};
