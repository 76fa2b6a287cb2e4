// Renault Megane side by side with the native BuDDy reference, in one run: builds the reference
// (../shared/benchmarks/reference/buddy-megane, see its README; Debian: `apt-get install
// libbdd-dev`), runs it (it writes the trace of its 541 seeded steps), then replays the same
// trace on our engine right after, so both timings come from the same minute of this machine.
//
//   node --import tsx bench/buddy-side-by-side.ts [--no-write] [--quick]
//
// Per step, both sides time "select a value + valid domains of all 99 variables" (BuDDy's
// `stepMs.fast`; the engine's `session.select` + `session.domains()`), and the domains alone.
// Every engine step's total of valid values must equal BuDDy's (`mismatches` must be 0).
// `--quick` checks the script works (2 sessions, BuDDy with one sifting pass instead of sifting
// to a fixpoint): its numbers are not the benchmark. Writes the `buddy-side-by-side` section of
// docs/benchmarks.md unless `--no-write` or `--quick`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, createSession, importXcsp } from '../packages/engine/src/index.ts';
import { writeBenchSection } from './doc-section.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SHARED = process.env.CUSTOMERIZE_BENCHMARKS
  ? join(process.env.CUSTOMERIZE_BENCHMARKS, '..')
  : join(ROOT, '../shared/benchmarks');
const REFERENCE = join(SHARED, 'reference/buddy-megane');
const MEGANE = join(SHARED, 'configuration/clib/megane.xml');

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const write = !args.includes('--no-write') && !quick;

type Summary = { p50: number; p95: number; p99: number; max: number };

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
const r3 = (x: number) => Math.round(x * 1000) / 1000;
const summary = (v: number[]): Summary => ({
  p50: r3(pct(v, 50)),
  p95: r3(pct(v, 95)),
  p99: r3(pct(v, 99)),
  max: r3(Math.max(...v)),
});
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(', ');

for (const file of [join(REFERENCE, 'buddy_megane.c'), MEGANE])
  if (!existsSync(file)) {
    process.stderr.write(`missing ${file}: put shared/ beside the repository\n`);
    process.exit(2);
  }

// 1. Build the reference in a scratch folder (the shared folder is read-only).
const work = mkdtempSync(join(tmpdir(), 'buddy-megane-'));
const table = join(work, 'megane.txt');
const binary = join(work, 'buddy_megane');
const trace = join(work, 'trace.tsv');
writeFileSync(
  table,
  execFileSync('python3', [join(REFERENCE, 'xcsp_to_table.py'), MEGANE], {
    maxBuffer: 64 << 20,
  }),
);
const cc = spawnSync(
  'cc',
  ['-O2', '-std=c11', '-Wall', '-o', binary, join(REFERENCE, 'buddy_megane.c'), '-lbdd'],
  { encoding: 'utf8' },
);
if (cc.status !== 0) {
  process.stderr.write(
    `${cc.stderr}\nCould not build the BuDDy reference; on Debian: apt-get install -y libbdd-dev\n`,
  );
  process.exit(2);
}

// 2. BuDDy: the winning candidate of its README (FORCE order, sifting to a fixpoint).
const loadBefore = load();
const buddyArgs = [
  '--order',
  'force',
  '--reorder',
  quick ? 'sift' : 'siftite',
  ...(quick ? ['--sessions', '2'] : []),
  '--trace',
  trace,
  table,
];
const buddyRun = spawnSync(binary, buddyArgs, { encoding: 'utf8', maxBuffer: 64 << 20 });
if (buddyRun.status !== 0) {
  process.stderr.write(buddyRun.stderr);
  process.exit(1);
}
const buddy = JSON.parse(buddyRun.stdout) as {
  nodes: number;
  count: number;
  buildMs: number;
  stepMs: { fast: Summary };
  domainsOnlyMs: { fast: Summary };
  selectMs: Summary;
};

// 3. The engine, on the same trace, right after.
type Row = { session: number; variable: number; value: number; validAfter: number };
const rows: Row[] = readFileSync(trace, 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const c = line.split('\t').map(Number);
    return { session: c[0]!, variable: c[2]!, value: c[3]!, validAfter: c[4]! };
  });
const { model } = importXcsp(readFileSync(MEGANE, 'utf8'));
const t0 = performance.now();
const compiled = compile(model, { backend: 'bdd' });
const compileMs = performance.now() - t0;

function replay(): { step: number[]; domains: number[]; mismatches: number } {
  const step: number[] = [];
  const domains: number[] = [];
  let mismatches = 0;
  let session = createSession(compiled);
  let current = -1;
  for (const r of rows) {
    if (r.session !== current) {
      session = createSession(compiled);
      current = r.session;
    }
    const a = performance.now();
    const res = session.select(String(r.variable), r.value);
    const b = performance.now();
    const d = session.domains();
    const c = performance.now();
    step.push(c - a);
    domains.push(c - b);
    let valid = 0;
    for (const values of Object.values(d)) valid += values.length;
    if (!res.ok || valid !== r.validAfter) mismatches++;
  }
  return { step, domains, mismatches };
}
replay(); // warm-up (JIT), unmeasured
const engine = replay();
const loadAfter = load();
rmSync(work, { recursive: true, force: true });

const engineStep = summary(engine.step);
const engineDomains = summary(engine.domains);
const ratio = (a: number, b: number) => (b > 0 ? a / b : Infinity);
const r2 = r3;
const result = {
  steps: rows.length,
  mismatches: engine.mismatches,
  buddy: {
    nodes: buddy.nodes,
    count: buddy.count,
    buildMs: buddy.buildMs,
    stepMs: buddy.stepMs.fast,
    domainsMs: buddy.domainsOnlyMs.fast,
  },
  engine: {
    nodes: compiled.stats.nodes,
    compileMs: Math.round(compileMs),
    stepMs: engineStep,
    domainsMs: engineDomains,
  },
  ratio: {
    stepP50: r2(ratio(engineStep.p50, buddy.stepMs.fast.p50)),
    stepP95: r2(ratio(engineStep.p95, buddy.stepMs.fast.p95)),
  },
  load: { before: loadBefore, after: loadAfter },
};
console.log(JSON.stringify(result, null, 2));
if (engine.mismatches > 0) {
  process.stderr.write(`${engine.mismatches} steps disagree with BuDDy's valid domains\n`);
  process.exit(1);
}

if (write) {
  const ms = (x: number) => String(r2(x));
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  writeBenchSection(
    'buddy-side-by-side',
    [
      '## Renault Megane side by side with BuDDy',
      '',
      `\`node --import tsx bench/buddy-side-by-side.ts\` on ${new Date().toISOString().slice(0, 10)}: the native`,
      'reference (`../shared/benchmarks/reference/buddy-megane`, BuDDy 2.4, FORCE order + sifting to a',
      'fixpoint) runs its 20 seeded sessions and writes their trace; the engine replays the same',
      `${rows.length} steps right after, in the same run (one unmeasured warm-up replay first). A step is`,
      'select a value + valid domains of all 99 variables; every step’s valid values agree',
      `(mismatches: ${engine.mismatches}).`,
      `Machine: ${cpus().length} cores (${cpu}), Node.js ${process.version}; load average before: ${loadBefore}; after: ${loadAfter}.`,
      '',
      '| per step | BuDDy | Customerize | ratio |',
      '| --- | ---: | ---: | ---: |',
      `| select + valid domains, p50 (ms) | ${ms(buddy.stepMs.fast.p50)} | ${ms(engineStep.p50)} | ${result.ratio.stepP50} × |`,
      `| select + valid domains, p95 (ms) | ${ms(buddy.stepMs.fast.p95)} | ${ms(engineStep.p95)} | ${result.ratio.stepP95} × |`,
      `| select + valid domains, p99 (ms) | ${ms(buddy.stepMs.fast.p99)} | ${ms(engineStep.p99)} | ${r2(ratio(engineStep.p99, buddy.stepMs.fast.p99))} × |`,
      `| valid domains only, p50 / p95 (ms) | ${ms(buddy.domainsOnlyMs.fast.p50)} / ${ms(buddy.domainsOnlyMs.fast.p95)} | ${ms(engineDomains.p50)} / ${ms(engineDomains.p95)} | |`,
      `| diagram nodes | ${buddy.nodes} | ${compiled.stats.nodes} | |`,
      `| build (ms) | ${Math.round(buddy.buildMs)} | ${Math.round(compileMs)} | |`,
      '',
      'Targets (issue 16): p50 ≤ 3 × BuDDy’s, p95 ≤ 1.5 × BuDDy’s, in the same run: ' +
        `p50 ${result.ratio.stepP50 <= 3 ? 'met' : 'missed'}, p95 ${result.ratio.stepP95 <= 1.5 ? 'met' : 'missed'}.`,
    ].join('\n'),
  );
}
