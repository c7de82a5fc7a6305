/**
 * Trains one run from the terminal with a progress line on stderr and prints
 * a JSON summary on stdout:
 *
 *   npm run train -- --dataset fashion-mnist --optimizer sam --rho 0.05 --epochs 2
 *
 * With `--path-every N --save FILE` the run's path in weight space (the
 * weights every N steps, and the SWA snapshots) goes into the checkpoint, for
 * `npm run trajectory`.
 *
 * Exit codes: 0 completed, 1 diverged or failed, 2 bad flags.
 */
import { writeFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { makeCheckpoint } from '../core/checkpoint';
import { Trainer } from '../core/train/trainer';
import { useNodeCpuBackend } from '../node/backend';
import { loadDatasetFromDisk } from '../node/files';
import { USAGE, parseArgs } from './args';
import { parseCommandLine, runCommand } from './run';

async function main(): Promise<number> {
  const options = parseCommandLine((argv) => {
    const o = parseArgs(argv);
    return o.help ? 'help' : o;
  }, USAGE);
  if (typeof options === 'number') return options;
  await useNodeCpuBackend();
  const data = await loadDatasetFromDisk(options.config.dataset);
  const trainer = new Trainer(options.config, data);
  let lastPrint = 0;
  const result = await trainer.run((e) => {
    if (options.quiet) return;
    if (e.type === 'step' && (performance.now() - lastPrint > 250 || e.etaSeconds === 0)) {
      lastPrint = performance.now();
      const rho = e.rho === null ? '' : `  ρ ${e.rho}`;
      process.stderr.write(
        `\r${trainer.method}  step ${e.step}  epoch ${e.epoch.toFixed(2)}  loss ${e.loss.toFixed(4)}  lr ${e.lr.toPrecision(3)}${rho}  ${e.stepsPerSecond.toFixed(1)} steps/s  ETA ${Math.ceil(e.etaSeconds)} s   `,
      );
    } else if (e.type === 'epoch') {
      const swa = e.swa ? `  SWA ${(100 * e.swa.accuracy).toFixed(2)}% (${e.swa.models} models)` : '';
      const fge = e.fge ? `  FGE ${(100 * e.fge.accuracy).toFixed(2)}%` : '';
      process.stderr.write(
        `\repoch ${e.epoch.toFixed(2)}  train loss ${e.trainLoss.toFixed(4)}  test ${(100 * e.test.accuracy).toFixed(2)}%${swa}${fge}                \n`,
      );
    } else if (e.type === 'end' && e.message) {
      process.stderr.write(`\n${e.status}: ${e.message}\n`);
    }
  });
  const msPerStep = (1000 * result.elapsedSeconds) / Math.max(result.steps, 1);
  process.stdout.write(`${JSON.stringify({ ...result, backend: tf.getBackend(), msPerStepIncludingEval: msPerStep }, null, 2)}\n`);
  if (options.save && result.status !== 'failed') {
    const swa = trainer.swa ? { ...trainer.swa.weights, models: trainer.swa.count } : null;
    await writeFile(options.save, JSON.stringify(await makeCheckpoint(trainer.config, trainer.model, swa, trainer.path)));
    process.stderr.write(`saved checkpoint ${options.save}\n`);
  }
  trainer.dispose();
  return result.status === 'completed' || result.status === 'cancelled' ? 0 : 1;
}

runCommand(main);
