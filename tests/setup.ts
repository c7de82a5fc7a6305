// Node tests run on tfjs's cpu backend with the lab's fast cpu kernels.
import { useNodeCpuBackend } from '../src/node/backend';

await useNodeCpuBackend();
