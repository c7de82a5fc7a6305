import { describe, expect, it } from 'vitest';
import {
  type Measurement,
  RESULTS_FORMAT,
  mergeReports,
  pairedAccuracyGain,
  renderReport,
  reportFromJson,
} from '../../src/cli/experiment-report';

const m = (variant: string, seed: number, acc: number, extra: Partial<Measurement> = {}): Measurement => ({
  variant,
  seed,
  status: 'completed',
  testAccuracy: acc,
  fgeAccuracy: null,
  spread: null,
  trainLoss: 0.3,
  lambdaMax: 10,
  ratio: 2,
  trace: 50,
  traceSe: 1,
  width: 4,
  censored: 0,
  seconds: 60,
  ...extra,
});

describe('the experiment report', () => {
  const results = [m('SGD', 1, 0.8), m('SAM ρ=0.05', 1, 0.83), m('SGD', 2, 0.7), m('SAM ρ=0.05', 2, 0.71), m('SAM ρ=0.05', 3, 0.9)];

  it('pairs each method with SGD by seed (seeds without an SGD run are left out)', () => {
    const gains = pairedAccuracyGain(results, 'SAM ρ=0.05');
    expect(gains.length).toBe(2);
    expect(gains[0]).toBeCloseTo(0.03, 12);
    expect(gains[1]).toBeCloseTo(0.01, 12);
  });

  it('renders mean ± std, the paired gain, and what is still missing', () => {
    const input = {
      preset: 'lecture',
      description: 'd',
      overrides: 'labelNoise=0.2',
      init: 'fan-in-uniform' as const,
      seeds: 3,
      samples: 512,
      delta: 0.1,
      analysis: { k: 5, rays: 5, points: 11, tMax: 40 },
      variants: ['SGD', 'SAM ρ=0.05'],
      results,
      backend: 'cpu',
      tfjs: '4.22.0',
    };
    const md = renderReport(input);
    expect(md).toContain(
      'Preset "lecture" (d) with labelNoise=0.2, 3 seeds, mean ± std over seeds; initial weights U(±1/√fan_in) for kernels and biases.',
    );
    expect(md).toContain('| SGD | 75.00 ± 7.07 |  |');
    // SAM: mean of 83, 71, 90; paired gains +3 and +1 points.
    expect(md).toContain('| SAM ρ=0.05 | 81.33 ± 9.61 | +2.00 ± 1.41 |');
    expect(md).toContain('Partial: 5 of 6 runs so far.');
    expect(reportFromJson(JSON.parse(JSON.stringify({ format: RESULTS_FORMAT, lab: {}, ...input })), () => 'x')).toEqual(input);
  });

  it('reads the first results format with its defaults, and names what a malformed file lacks', () => {
    const old = {
      preset: 'lecture',
      lab: { tMax: 30 },
      seeds: 1,
      samples: 256,
      delta: 0.1,
      results: [m('SGD', 1, 0.8), m('SWA 1', 1, 0.81)],
    };
    const input = reportFromJson(old, (p) => `the ${p} preset`);
    expect(input.variants).toEqual(['SGD', 'SWA 1']);
    expect(input.analysis).toEqual({ k: 5, rays: 5, points: 11, tMax: 30 });
    expect(input.description).toBe('the lecture preset');
    expect(input.init).toBe('he-glorot');
    expect(() => reportFromJson({ preset: 'x' }, () => '')).toThrow('not an experiment results file: "results" is missing or malformed');
    expect(() => reportFromJson([], () => '')).toThrow('"results" is missing or malformed');
  });

  it('joins the results files of one experiment split by variant, and refuses files of another', () => {
    const base = {
      preset: 'lecture',
      description: 'd',
      overrides: null,
      init: 'he-glorot' as const,
      seeds: 2,
      samples: 512,
      delta: 0.1,
      analysis: { k: 5, rays: 5, points: 11, tMax: 40 },
      backend: 'cpu',
      tfjs: '4.22.0',
    };
    const sgd = { ...base, variants: ['SGD'], results: results.filter((r) => r.variant === 'SGD') };
    const sam = { ...base, variants: ['SAM ρ=0.05'], results: results.filter((r) => r.variant === 'SAM ρ=0.05') };
    const merged = mergeReports([sgd, sam]);
    expect(merged.variants).toEqual(['SGD', 'SAM ρ=0.05']);
    expect(merged.results).toHaveLength(sgd.results.length + sam.results.length);
    expect(renderReport(merged)).toContain('| SAM ρ=0.05 | 81.33 ± 9.61 | +2.00 ± 1.41 |');
    expect(() => mergeReports([sgd, { ...sam, init: 'fan-in-uniform' }])).toThrow(
      /results file 2 was run with other settings than the first/,
    );
    expect(() => mergeReports([sgd, sgd])).toThrow('results file 2 repeats the variants SGD');
  });
});
