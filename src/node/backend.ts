/**
 * The tfjs backend for Node (CLI, tests): the cpu backend with the lab's fast
 * cpu kernels. `@tensorflow/tfjs-node` cannot be installed here (it downloads
 * a native library at install time), so tfjs's banner recommending it is
 * switched off instead of printed on every run.
 */
import * as tf from '@tensorflow/tfjs';
import { installCpuKernels } from '../core/kernels/cpu-kernels';

export async function useNodeCpuBackend(): Promise<void> {
  await tf.setBackend('cpu');
  (tf.backend() as unknown as { firstUse: boolean }).firstUse = false;
  installCpuKernels();
}
