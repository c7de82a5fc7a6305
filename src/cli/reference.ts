/**
 * `npm run reference -- --preset lecture --out public/reference/lecture.json`:
 * records a bundled reference run with the app itself (the test build in
 * headless Chromium, on the cpu backend unless --lab names another), and
 * writes it in the app's saved-run format plus its provenance. The file is
 * read back through the import's schema before it is written. Progress goes
 * to stderr; at the end, where the time went.
 *
 *   --preset NAME   the lab's preset (lecture, noisy, tiny, …)
 *   --out FILE      where to write the JSON
 *   --lab "k=v&…"   settings on top of the preset, as the URL takes them
 *   --timeout S     give up after S seconds (default 3600)
 *   --full-precision  write every number as the page held it (no float32 shortening)
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { METHODS } from '../core/methods';
import { openBrowser, serveTestBuild } from '../node/browser';
import {
  FLOAT32_NOTE,
  type RecordedRun,
  type ReferenceProgress,
  float32Differences,
  recordReferenceRun,
  referenceJson,
  referenceRun,
} from '../node/reference';
import { parseReference } from '../ui/reference';
import { UsageError, parseFlags } from './flags';
import { runCommand } from './run';

const USAGE =
  'usage: npm run reference -- --preset NAME --out FILE [--lab "k=v&…"] [--timeout SECONDS] [--full-precision]\n' +
  '(npm run reference builds the test build into dist-test/ first; tsx src/cli/reference.ts uses the one there)';

/** An argument as a shell would need it quoted. */
const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);

/** The command line as it was typed: `npm run reference -- …` under npm, else the tsx invocation. */
function commandLine(argv: readonly string[]): string {
  const args = argv.map(quote).join(' ');
  if (process.env.npm_lifecycle_event === 'reference') return `npm run reference${args ? ` -- ${args}` : ''}`;
  return `tsx src/cli/reference.ts${args ? ` ${args}` : ''}`;
}

const clock = (s: number) => `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;

/** A progress line every 5 seconds, and at each change of phase. */
function progressPrinter(): (p: ReferenceProgress) => void {
  let last = -Infinity;
  let phase = '';
  return (p) => {
    if (p.elapsed - last < 5 && p.phase === phase) return;
    last = p.elapsed;
    phase = p.phase;
    const eta = p.etaSeconds !== null ? `, ETA ${clock(p.etaSeconds)}` : '';
    const jobs = p.analysis.length ? `, ${p.analysis.join('; ')}` : '';
    process.stderr.write(`[${clock(p.elapsed)}] ${p.phase}: step ${p.steps}/${p.total}${eta}${jobs}\n`);
  };
}

/** Where the time went, from the page's own clocks and the recorder's. */
function timeReport(run: RecordedRun, writeSeconds: number): string {
  const x = run.experiment;
  const s = run.seconds;
  const lines = [
    `time: ${s.total.toFixed(1)} s in all — page open to backend ready ${s.backendReady.toFixed(1)} s, Start to the end of training ${s.training.toFixed(1)} s, then the analysis ${s.analysis.toFixed(1)} s; checking and writing the file ${writeSeconds.toFixed(1)} s`,
  ];
  for (const m of METHODS) {
    const r = x.runs[m];
    const own = r.result ? r.result.steps - (r.branch?.step ?? 0) : 0;
    if (r.result) lines.push(`  ${m} training: ${r.result.elapsedSeconds.toFixed(1)} s for its ${own} own steps`);
  }
  for (const m of METHODS) {
    const a = x.analyses[m];
    const st = a?.stageSeconds;
    if (a)
      lines.push(
        `  ${m} analysis: ${a.seconds.toFixed(1)} s${st ? ` (eigenvalues ${st.eigenvalues.toFixed(1)}, trace ${st.trace.toFixed(1)}, density ${st.density.toFixed(1)}, rays ${st.rays.toFixed(1)})` : ''}, ${a.hvps} Hessian-vector products`,
      );
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const f = parseFlags(argv, ['preset', 'out', 'lab', 'timeout'], ['full-precision', 'help']);
  if (f.flags.has('help')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const preset = f.values.get('preset');
  const out = f.values.get('out');
  if (!preset || !out) throw new UsageError(`--preset and --out are required\n${USAGE}`);
  if (!existsSync('dist-test/index.html'))
    throw new UsageError('no test build in dist-test/: run `npx vite build --mode test --outDir dist-test` first (npm run reference does)');
  const command = commandLine(argv);
  const shorten = !f.flags.has('full-precision');

  const served = await serveTestBuild();
  const session = await openBrowser(served.origin, false);
  let run: RecordedRun;
  try {
    process.stderr.write(`recording ${preset}${f.values.get('lab') ? ` with ${f.values.get('lab')}` : ''} at ${served.origin}\n`);
    run = await recordReferenceRun(session.page, {
      origin: served.origin,
      preset,
      lab: f.values.get('lab') ?? '',
      timeoutSeconds: f.number('timeout', 3600),
      onProgress: progressPrinter(),
    });
    if (session.consoleErrors.length) process.stderr.write(`the page's console errors:\n  ${session.consoleErrors.join('\n  ')}\n`);
  } finally {
    await session.context.close();
    await served.server.close();
  }

  const t0 = performance.now();
  const x = referenceRun(run, command, shorten ? FLOAT32_NOTE : undefined);
  const { text, count } = referenceJson(x, shorten);
  // The file as the app will read it: through the import's schema, and the same numbers the page held.
  const back = parseReference(JSON.parse(text), out);
  const fullText = referenceJson(x, false).text;
  const differing = float32Differences(JSON.parse(fullText), JSON.parse(text));
  if (differing) throw new Error(`${differing} numbers changed in the shortening; nothing written`);
  if (back.phase !== 'done') throw new Error(`the recorded experiment reads back as ${back.phase}`);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, text);
  const bytes = Buffer.byteLength(text);
  process.stderr.write(`${timeReport(run, (performance.now() - t0) / 1000)}\n`);
  process.stderr.write(
    shorten
      ? `size: ${bytes} bytes (${Buffer.byteLength(fullText)} with every number as the page held it; ${count.shortened} of ${count.numbers} numbers were float32 values written with fewer digits)\n`
      : `size: ${bytes} bytes (every number as the page held it)\n`,
  );
  process.stdout.write(`${out}: ${bytes} bytes, ${x.provenance.backend}, ${run.seconds.total.toFixed(0)} s\n`);
  return 0;
}

runCommand(main);
