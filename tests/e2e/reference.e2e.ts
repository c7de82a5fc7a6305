/**
 * The recorder behind `npm run reference`, on the tiny preset: the file it
 * makes is a saved run the import accepts, with its provenance, three completed
 * runs and their analyses; shortening the float32 values changes no number
 * the page holds as float32 nor any digit it prints.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHROMIUM } from '../../src/node/browser';
import { FLOAT32_NOTE, float32Differences, recordReferenceRun, referenceJson, referenceRun } from '../../src/node/reference';
import { parseExperiment } from '../../src/ui/persistence';
import { parseReference, provenanceProblem } from '../../src/ui/reference';
import { servedBrowser } from './helpers';

const METHODS = ['SGD', 'SWA', 'SAM'] as const;

describe.skipIf(!existsSync(CHROMIUM))('a reference run recorded with the app', () => {
  const env = servedBrowser(false);

  it('records the tiny preset in the saved-run format, with provenance', async () => {
    const phases = new Set<string>();
    const run = await recordReferenceRun(env.session.page, {
      origin: env.origin,
      preset: 'tiny',
      lab: 'seed=3',
      timeoutSeconds: 600,
      onProgress: (p) => phases.add(p.phase),
    });
    expect(phases.has('done')).toBe(true);
    expect(run.lab).toBe('seed=3&backend=cpu');
    expect(run.backend).toMatch(/^cpu/);

    const x = referenceRun(run, 'npm run reference -- --preset tiny --lab seed=3 --out /tmp/tiny.json', FLOAT32_NOTE);
    const { text, count } = referenceJson(x, true);
    const json = JSON.parse(text) as unknown;

    const parsed = parseExperiment(json, 'tiny.json');
    expect(parsed.phase).toBe('done');
    expect(parsed.lab.seed).toBe(3);
    expect(parsed.lab.trainSize).toBe(128);
    for (const m of METHODS) {
      expect(parsed.runs[m].status).toBe('completed');
      expect(parsed.runs[m].solution?.params.length).toBeGreaterThan(0);
      expect(parsed.analyses[m]?.values.length).toBeGreaterThan(0);
    }

    const ref = parseReference(json, 'tiny.json');
    expect(provenanceProblem(ref.provenance)).toBeNull();
    expect(ref.provenance).toMatchObject({ preset: 'tiny', lab: 'seed=3&backend=cpu', seed: 3, reduced: FLOAT32_NOTE });
    expect(ref.provenance.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(ref.provenance.browser).toMatch(/Chrom/);
    expect(ref.provenance.machine.cores).toBeGreaterThan(0);
    expect(ref.provenance.seconds!.total).toBeGreaterThan(0);

    // Fewer digits, the same float32 values and the same printed digits.
    expect(count.shortened).toBeGreaterThan(count.numbers / 2);
    const full = referenceJson(x, false).text;
    expect(text.length).toBeLessThan(full.length);
    expect(float32Differences(JSON.parse(full), json)).toBe(0);
    const w = parsed.runs.SGD.solution!.params[0]!;
    const w0 = run.experiment.runs.SGD.solution!.params[0]!;
    expect(Float32Array.from(w)).toEqual(Float32Array.from(w0));
  });

  it('refuses settings the page would not read', async () => {
    const record = (preset: string, lab: string) => recordReferenceRun(env.session.page, { origin: env.origin, preset, lab });
    await expect(record('nonesuch', '')).rejects.toThrow(/unknown preset "nonesuch"/);
    await expect(record('tiny', 'epochz=3')).rejects.toThrow(/unknown setting "epochz"/);
    await expect(record('tiny', 'epochs=-1')).rejects.toThrow(/not valid: epochs/);
  });
});
