import { type Dataset, takeSubset } from '../core/data/dataset';
import type { ProbeData } from '../core/probes/landscape';
import { type RunConfig, trainingSet } from '../core/train/config';

/**
 * The data a probe of a run's solution evaluates on: the first `samples` examples of the run's own
 * training set (its `trainSize` subset with its label noise, so at most `trainSize` of them) and the
 * first `testSamples` test images (default: the run's test subset). The caller caps `testSamples`
 * where it must stay within the run's test subset.
 */
export function probeSubsets(data: Dataset, config: RunConfig, samples: number, testSamples = config.testSize): ProbeData {
  return {
    train: takeSubset(trainingSet(data.train, config), Math.min(samples, config.trainSize)),
    test: takeSubset(data.test, testSamples),
  };
}
