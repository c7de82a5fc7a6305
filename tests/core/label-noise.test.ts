import { describe, expect, it } from 'vitest';
import { type ImageSet, withLabelNoise } from '../../src/core/data/dataset';
import { DEFAULT_RUN, trainingSet, validateRunConfig } from '../../src/core/train/config';

function toySet(count: number, numClasses = 10): ImageSet {
  const labels = new Uint8Array(count).map((_, i) => i % numClasses);
  return { labels, pixels: new Uint8Array(count * 4), count, shape: [2, 2, 1], numClasses };
}

describe('label noise', () => {
  it('changes exactly round(fraction · n) labels, each to a different class, and shares the pixels', () => {
    const set = toySet(1000);
    const noisy = withLabelNoise(set, 0.23, 7);
    let changed = 0;
    noisy.labels.forEach((l, i) => {
      expect(l).toBeLessThan(10);
      if (l !== set.labels[i]) changed++;
    });
    expect(changed).toBe(230);
    expect(noisy.pixels).toBe(set.pixels);
    expect(set.labels[3]).toBe(3);
  });

  it('draws the wrong class uniformly from the other classes', () => {
    const set = toySet(20000, 4);
    const noisy = withLabelNoise(set, 0.5, 1);
    const shifts = [0, 0, 0, 0];
    noisy.labels.forEach((l, i) => shifts[(l - set.labels[i]! + 4) % 4]!++);
    expect(shifts[0]).toBe(10000);
    for (const k of [1, 2, 3]) expect(Math.abs(shifts[k]! - 10000 / 3)).toBeLessThan(200);
  });

  it('is seeded: the same seed corrupts the same examples, another seed others; 0 is the set itself', () => {
    const set = toySet(500);
    expect(withLabelNoise(set, 0.2, 3).labels).toEqual(withLabelNoise(set, 0.2, 3).labels);
    expect(withLabelNoise(set, 0.2, 4).labels).not.toEqual(withLabelNoise(set, 0.2, 3).labels);
    expect(withLabelNoise(set, 0, 3)).toBe(set);
  });

  it('a run takes its subset first, then the noise of its seed; bad fractions are refused with the reason', () => {
    const set = toySet(3000);
    const config = { ...DEFAULT_RUN, trainSize: 1000, labelNoise: 0.1, seed: 5 };
    const train = trainingSet(set, config);
    expect(train.count).toBe(1000);
    // The subset first: exactly round(0.1 · 1000) = 100 of its labels changed, each to another class, and the same
    // labels whatever lies beyond the subset (noise drawn over the whole set would differ with its size).
    const clean = toySet(1000).labels;
    expect(train.labels.filter((l, i) => l !== clean[i]).length).toBe(100);
    expect(train.labels.every((l) => l < 10)).toBe(true);
    expect(trainingSet(toySet(5000), config).labels).toEqual(train.labels);
    // The noise of the run's seed: another seed corrupts other examples.
    expect(trainingSet(set, { ...config, seed: 6 }).labels).not.toEqual(train.labels);
    expect(trainingSet(set, { ...DEFAULT_RUN, trainSize: 1000 }).labels).toEqual(toySet(1000).labels);
    expect(() => withLabelNoise(set, 1, 1)).toThrow('labelNoise must be a number in [0, 1), got 1');
    expect(() => validateRunConfig({ ...config, labelNoise: 0.9 })).toThrow(/labelNoise/);
    expect(() => validateRunConfig({ ...config, labelNoise: -0.1 })).toThrow(/labelNoise/);
  });
});
