/**
 * The bundled reference runs as shipped (public/reference): each reads as a
 * saved run through the import's schema, carries its provenance, holds three
 * completed runs with their solutions and analyses, and all of them together
 * stay within the 2 MB budget. And the loader: a missing or malformed file is
 * an Error naming the file and the reason.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/ui/lab';
import { parseExperiment } from '../../src/ui/persistence';
import { REFERENCE_NAMES, REFERENCE_RUNS, loadReference, provenanceProblem, referenceUrl } from '../../src/ui/reference';

const DIR = join(__dirname, '..', '..', 'public', 'reference');
const BUDGET = 2 * 1024 * 1024;
const METHODS = ['SGD', 'SWA', 'SAM'] as const;

const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
const read = (f: string): unknown => JSON.parse(readFileSync(join(DIR, f), 'utf8'));

describe('the bundled reference runs', () => {
  it('are the files the app lists, and together within 2 MB', () => {
    expect(files.sort()).toEqual(REFERENCE_NAMES.map((n) => REFERENCE_RUNS[n].file.replace('reference/', '')).sort());
    const total = files.reduce((n, f) => n + statSync(join(DIR, f)).size, 0);
    expect(total).toBeLessThanOrEqual(BUDGET);
  });

  it.each(files)('%s reads as a saved run with three completed runs, their analyses and provenance', (f) => {
    const json = read(f) as { provenance?: unknown };
    const x = parseExperiment(json, f);
    expect(x.phase).toBe('done');
    for (const m of METHODS) {
      const r = x.runs[m];
      expect(r.status).toBe('completed');
      expect(r.result?.steps).toBe(r.progress.total);
      expect(r.solution?.params.length).toBeGreaterThan(0);
      expect(r.epochs.length).toBe(x.lab.epochs);
      const a = x.analyses[m];
      expect(a?.values.length).toBe(x.lab.k);
      expect(a?.rays.curves.length).toBe(x.lab.rays);
    }

    expect(provenanceProblem(json.provenance)).toBeNull();
    const p = json.provenance as { preset: string; lab: string; seed: number; command: string; commit: string; backend: string };
    expect(Object.keys(PRESETS)).toContain(p.preset);
    expect(p.seed).toBe(x.lab.seed);
    expect(p.command).toContain(`--preset ${p.preset}`);
    expect(p.command).toContain(`--out public/reference/${f}`);
    expect(p.commit).toMatch(/^[0-9a-f]{40}$/);
    if (x.lab.backend !== 'auto') expect(p.backend.startsWith(x.lab.backend)).toBe(true);
    // The run is the preset with the recorded settings on top (what a shared link with them opens).
    for (const [k, v] of Object.entries(PRESETS[p.preset]!.lab)) {
      if (!new URLSearchParams(p.lab).has(k)) expect(x.lab[k as keyof typeof x.lab]).toEqual(v);
    }
  });

  it('lecture is the lecture preset and noisy the noisy-labels one', () => {
    const preset = (f: string) => (read(f) as { provenance: { preset: string } }).provenance.preset;
    expect(preset('lecture.json')).toBe('lecture');
    expect(preset('noisy.json')).toBe('noisy');
    expect(parseExperiment(read('noisy.json'), 'noisy.json').lab.labelNoise).toBeGreaterThan(0);
  });
});

describe('loadReference', () => {
  const serve =
    (body: string, status = 200): typeof fetch =>
    () =>
      Promise.resolve(new Response(body, { status, statusText: status === 200 ? 'OK' : 'Not Found' }));

  it('fetches the file under the site base and validates it as an imported file is', async () => {
    const urls: string[] = [];
    const text = readFileSync(join(DIR, 'lecture.json'), 'utf8');
    const x = await loadReference('lecture', (u) => (urls.push(u as string), Promise.resolve(new Response(text))));
    expect(urls).toEqual([referenceUrl('lecture')]);
    expect(referenceUrl('lecture')).toBe(`${import.meta.env.BASE_URL}reference/lecture.json`);
    expect(x.phase).toBe('done');
    expect(x.provenance.preset).toBe('lecture');
  });

  it('names the file and the reason when it is missing, not JSON, not a saved run, or without provenance', async () => {
    await expect(loadReference('noisy', serve('', 404))).rejects.toThrow(
      /^reference\/noisy\.json could not be read: the server answered 404/,
    );
    await expect(loadReference('noisy', () => Promise.reject(new TypeError('Failed to fetch')))).rejects.toThrow(
      /^reference\/noisy\.json could not be read: Failed to fetch/,
    );
    await expect(loadReference('noisy', serve('{"format":'))).rejects.toThrow(/^reference\/noisy\.json is not JSON/);
    await expect(loadReference('noisy', serve('{"format":"x"}'))).rejects.toThrow(
      /^reference\/noisy\.json is not a saved Wide Optima Lab run: format/,
    );
    const json = read('noisy.json') as Record<string, unknown>;
    await expect(loadReference('noisy', serve(JSON.stringify({ ...json, provenance: undefined })))).rejects.toThrow(
      /^reference\/noisy\.json is not a reference run: provenance: expected an object/,
    );
    const badCores = {
      ...(json.provenance as object),
      machine: { cpu: 'x', cores: 'two', platform: 'linux', arch: 'x64', memoryBytes: 1 },
    };
    await expect(loadReference('noisy', serve(JSON.stringify({ ...json, provenance: badCores })))).rejects.toThrow(
      /provenance\.machine\.cores: expected a finite number/,
    );
    // @ts-expect-error: a name the app does not bundle
    await expect(loadReference('nonesuch', serve(''))).rejects.toThrow(/no bundled reference run "nonesuch"/);
  });
});
