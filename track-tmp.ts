import { useNodeCpuBackend } from './src/node/backend';
import { loadDatasetFromDisk } from './src/node/files';
import { trackingStudy, trackingTable } from './src/cli/bench-tracking';
await useNodeCpuBackend();
const data = await loadDatasetFromDisk('fashion-mnist');
const r = await trackingStudy(data, [{ samples: 64, maxIter: 1, firstMaxIter: 5 }, { samples: 64, maxIter: 2, firstMaxIter: 5 }, { samples: 64, maxIter: 1, firstMaxIter: 10 }], 512);
console.log(trackingTable(r, 512).join('\n'));
