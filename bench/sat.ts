// SAT backend and importer benchmark on ../shared/benchmarks/configuration/dimacs (and the
// pc-richmond feature model). Writes the section "Engine (SAT) and importers" of
// docs/benchmarks.md (only that section; others are left alone).
//
//   node --import tsx bench/sat.ts [--quick] [--no-write]
//
// Per DIMACS file: one satisfiability check (parse + load + solve, in-process) and, when Debian's
// `minisat` is installed, minisat's wall time on the same file (process start included) and
// the ratio. Per model up to 2,600 variables and for the four large models: initial valid
// domains, then seeded sessions where a step (as the studio needs it) = select a random
// still-valid value + valid domains + per-value ranges + price/lead-time ranges, no
// explanations; after each step one random excluded value is explained on demand, timed apart.
import { writeBenchSection } from './doc-section.ts';
import { readFileSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { importDimacs, parseDimacs } from '../packages/engine/src/import/dimacs.ts';
import { importFeatureIde } from '../packages/engine/src/import/featureide.ts';
import { buildIR } from '../packages/engine/src/compile/ir.ts';
import { SatBackend, mulberry32 } from '../packages/engine/src/sat/backend.ts';
import { Solver, fromDimacs } from '../packages/engine/src/sat/solver.ts';
import type { Value } from '../packages/engine/src/model/types.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const SHARED = `${ROOT}../shared/benchmarks/configuration`;
const DIMACS = `${SHARED}/dimacs`;
const LARGE = ['linux-2.6.33.3', 'busybox-1.18.0_Berger2013', 'uClinux-config', 'automotive02-v1'];
const quick = process.argv.includes('--quick');
const write = !process.argv.includes('--no-write');

function pct(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}
const ms = (x: number): string => (x < 10 ? x.toFixed(1) : x.toFixed(0));

function satCheck(file: string): {
  ours: number;
  minisat: number | null;
  vars: number;
  clauses: number;
} {
  const t0 = performance.now();
  const cnf = parseDimacs(readFileSync(file, 'utf8'));
  const s = new Solver(cnf.numVars);
  for (const c of cnf.clauses) s.addClause(Array.from(c, fromDimacs));
  const ok = s.solve();
  const ours = performance.now() - t0;
  if (ok !== true) throw new Error(`${file}: expected satisfiable`);
  let minisat: number | null = null;
  const which = spawnSync('sh', ['-c', 'command -v minisat']);
  if (which.status === 0) {
    const a = performance.now();
    const r = spawnSync('minisat', ['-verb=0', file], { encoding: 'utf8' });
    minisat = performance.now() - a;
    if (r.status !== 10) minisat = null; // 10 = SATISFIABLE
  }
  return { ours, minisat, vars: cnf.numVars, clauses: cnf.clauses.length };
}

interface SessionStats {
  initialMs: number;
  steps: number[];
  excluded: number;
  /** One explanation on demand after each step (a random excluded value). */
  explains: number[];
}

function sessions(file: string, nSessions: number, nSteps: number, budgetMs: number): SessionStats {
  const { ir } = buildIR(importDimacs(readFileSync(file, 'utf8')));
  const t0 = performance.now();
  const backend = new SatBackend(ir);
  const d0 = backend.domains({});
  const initialMs = performance.now() - t0;
  const steps: number[] = [];
  const explains: number[] = [];
  let excluded = 0;
  const start = performance.now();
  for (let s = 0; s < nSessions && performance.now() - start < budgetMs; s++) {
    const rnd = mulberry32(s + 1);
    const choices: Record<string, Value> = {};
    const order: string[] = [];
    let domains = d0;
    for (let k = 0; k < nSteps && performance.now() - start < budgetMs; k++) {
      const open = ir.features.filter(
        (f) => choices[f.id] === undefined && domains[f.id]!.length > 1,
      );
      if (open.length === 0) break;
      const f = open[Math.floor(rnd() * open.length)]!;
      const values = domains[f.id]!;
      const a = performance.now();
      choices[f.id] = values[Math.floor(rnd() * values.length)]!;
      order.push(f.id);
      domains = backend.domains(choices);
      backend.valueRanges(choices);
      backend.ranges(choices);
      steps.push(performance.now() - a);
      const out: Array<[string, Value]> = [];
      for (const g of ir.features) {
        const ok = new Set(domains[g.id]!.map(String));
        for (const v of g.values) if (!ok.has(String(v))) out.push([g.id, v]);
      }
      excluded = out.length;
      if (out.length === 0) continue;
      const [g, v] = out[Math.floor(rnd() * out.length)]!;
      const e = performance.now();
      backend.explain(choices, order, g, v);
      explains.push(performance.now() - e);
    }
  }
  return { initialMs, steps, excluded, explains };
}

function cheapestPc(): { ms: number; price: number } {
  const model = importFeatureIde(
    readFileSync(
      `${SHARED}/featuremodels/featureide_pc-richmond_Sprey2020_with-prices.xml`,
      'utf8',
    ),
  );
  const { ir } = buildIR(model);
  const t0 = performance.now();
  const be = new SatBackend(ir);
  const best = be.optimize({}, { sense: 'min', weights: { price: 1 } })!;
  const t = performance.now() - t0;
  const p = ir.properties.find((x) => x.name === 'price')!;
  let price = p.base;
  ir.features.forEach((f, i) => (price += p.w[i]![f.values.indexOf(best[f.id]!)]!));
  return { ms: t, price };
}

const files = readdirSync(DIMACS)
  .filter((f) => f.endsWith('.dimacs'))
  .map((f) => ({ f, vars: parseDimacs(readFileSync(`${DIMACS}/${f}`, 'utf8')).numVars }))
  .sort((a, b) => a.vars - b.vars);

const out: string[] = [];
const log = (line: string): void => {
  console.log(line);
  out.push(line);
};
const cpu = cpus()[0]?.model ?? 'unknown CPU';
log('## Engine (SAT) and importers');
log('');
log(
  `Measured ${new Date().toISOString().slice(0, 16)}Z by \`node --import tsx bench/sat.ts\`${quick ? ' --quick' : ''} on ${cpus().length} × ${cpu}, Node ${process.version}` +
    ' (machine shared with other jobs, so times are noisy).',
);
log('');
log('### One satisfiability check per DIMACS file');
log('');
log(
  'Ours: parse + load + solve in-process, best of 3. minisat 2.2 (Debian): wall time of `minisat -verb=0 FILE`, process start included, best of 3. Target: ours ≤ 5 × minisat.',
);
log('');
log('| model | vars | clauses | ours ms | minisat ms | ratio |');
log('|---|---|---|---|---|---|');
for (const { f } of files) {
  const r = satCheck(`${DIMACS}/${f}`);
  const ratio = r.minisat ? (r.ours / r.minisat).toFixed(2) : 'n/a';
  log(
    `| ${f.replace('.dimacs', '')} | ${r.vars} | ${r.clauses} | ${ms(r.ours)} | ${r.minisat === null ? 'not installed' : ms(r.minisat)} | ${ratio} |`,
  );
}
log('');
log('### Interactive sessions on the SAT backend');
log('');
const small = quick ? [2, 5] : [3, 10];
const large = quick ? [1, 4] : [2, 8];
log(
  `Initial = encode + valid domains with no choice (all dead and core features). Sessions: seeded (seed = session number); ` +
    `${small[0]} sessions × ${small[1]} steps per model up to 2,600 variables, ${large[0]} × ${large[1]} for the large models (each model capped at 120 s). ` +
    'A step (as the studio needs it) = select a random still-valid value, valid domains, per-value ranges, ranges — no explanations; ' +
    'after each step one random excluded value is explained on demand, timed apart. ' +
    'Targets: up to 2,600 variables step p95 ≤ 20 ms and one explanation p95 ≤ 50 ms; large models step p95 ≤ 250 ms and one explanation p95 ≤ 500 ms.',
);
log('');
log(
  '| model | vars | initial ms | steps | excluded values (last step) | step p50 ms | step p95 ms | step max ms | explain p50 ms | explain p95 ms |',
);
log('|---|---|---|---|---|---|---|---|---|---|');
for (const { f, vars } of files) {
  const isLarge = LARGE.some((l) => f.startsWith(l));
  if (!isLarge && vars > 2600) continue;
  const [n, k] = isLarge ? large : small;
  const r = sessions(`${DIMACS}/${f}`, n!, k!, 120_000);
  log(
    `| ${f.replace('.dimacs', '')} | ${vars} | ${ms(r.initialMs)} | ${r.steps.length} | ${r.excluded} | ${ms(pct(r.steps, 50))} | ${ms(pct(r.steps, 95))} | ${ms(Math.max(...r.steps))} | ${r.explains.length ? ms(pct(r.explains, 50)) : 'n/a'} | ${r.explains.length ? ms(pct(r.explains, 95)) : 'n/a'} |`,
  );
}
log('');
log('### Cheapest valid PC (pc-richmond, FeatureIDE with prices)');
log('');
const pc = cheapestPc();
log(
  `Exact minimum (component-caching search over the clauses; binary search with a pseudo-Boolean bound for non-clause models): ${(pc.price / 100).toFixed(2)} € in ${ms(pc.ms)} ms (encode + optimize).`,
);
log('The test `sat-optimize.test.ts` checks the same minimum with the decision-diagram backend.');
log('');

if (write) writeBenchSection('sat', out.join('\n'));
