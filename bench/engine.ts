// Decision-diagram engine benchmark: Renault Megane (XCSP 2.1 with value names) and every
// example product in examples/*/model.yaml. Writes the section "Engine (BDD)" of
// docs/benchmarks.md (between its markers; other sections are left alone).
//
//   node --import tsx bench/engine.ts [--sessions 20] [--steps 50] [--no-write]
//
// A step as the studio needs it = select a random still-valid value of a random open feature +
// valid domains + every value with its price/lead-time ranges + overall ranges; after each step
// one random excluded value is explained on demand, timed apart (see benchModel in
// packages/server/src/cli/model-commands.ts, also behind `customerize model bench`).
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import {
  benchModel,
  loadModel,
  type BenchResult,
} from '../packages/server/src/cli/model-commands.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const CLIB = `${ROOT}../shared/benchmarks/configuration/clib`;
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const sessions = arg('--sessions', 20);
const steps = arg('--steps', 50);
const write = !process.argv.includes('--no-write');

function machine(): string {
  const model = cpus()[0]?.model ?? 'unknown CPU';
  let load: string;
  try {
    load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(', ');
  } catch {
    load = 'unknown';
  }
  return `${cpus().length} cores (${model}), Node.js ${process.version}; load average when measured: ${load}`;
}

const rows: Array<{
  name: string;
  r: BenchResult;
  compileTarget: number;
  p95Target: number;
  p99Target?: number;
  explainTarget?: number;
}> = [];

if (existsSync(`${CLIB}/megane.xml`)) {
  const { model } = loadModel(`${CLIB}/megane.xml`, { names: `${CLIB}/renault_domains.txt` });
  const r = benchModel(model, { sessions, steps, seed: 1 });
  rows.push({
    name: 'Renault Megane (99 features, 113 tables)',
    r,
    compileTarget: 10_000,
    p95Target: 1.5,
    explainTarget: 2,
  });
  console.log('renault', JSON.stringify(r));
}
const exDir = `${ROOT}examples`;
if (existsSync(exDir))
  for (const name of readdirSync(exDir).sort()) {
    const file = `${exDir}/${name}/model.yaml`;
    if (!existsSync(file)) continue;
    const { model } = loadModel(file);
    const r = benchModel(model, { sessions, steps, seed: 1 });
    rows.push({ name, r, compileTarget: 1000, p95Target: 1 });
    console.log(name, JSON.stringify(r));
  }

const met = (ok: boolean) => (ok ? 'met' : '**missed**');
const table = [
  '| Model | Compile (ms) | Nodes | Valid products | Steps | Step p50 (ms) | Step p95 (ms) | Step p99 (ms) | Step max (ms) | Explanations | Explain p50 (ms) | Explain p95 (ms) | Heap (MB) | Targets |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ...rows.map(({ name, r, compileTarget, p95Target, p99Target, explainTarget }) => {
    const verdicts = [
      `compile ≤ ${compileTarget / 1000} s ${met(r.compileMs <= compileTarget)}`,
      `step p95 ≤ ${p95Target} ms ${met(r.stepMs.p95 <= p95Target)}`,
      ...(explainTarget
        ? [`explain p95 ≤ ${explainTarget} ms ${met(r.explainMs.p95 <= explainTarget)}`]
        : []),
      ...(p99Target
        ? [
            `p99 ≤ ${p99Target} ms ${met(r.stepMs.p99 <= p99Target)}`,
            `heap ≤ 500 MB ${met(r.heapMB <= 500)}`,
          ]
        : []),
    ];
    return `| ${name} | ${r.compileMs} | ${r.nodes} | ${r.count} | ${r.steps} | ${r.stepMs.p50} | ${r.stepMs.p95} | ${r.stepMs.p99} | ${r.stepMs.max} | ${r.explained} | ${r.explainMs.p50} | ${r.explainMs.p95} | ${r.heapMB} | ${verdicts.join('; ')} |`;
  }),
].join('\n');

const section = `<!-- engine-bench:begin -->
## Engine (BDD)

\`node --import tsx bench/engine.ts\` (same numbers as \`customerize model bench FILE --json\`), ${sessions} seeded sessions × up to ${steps} steps per model, on ${new Date().toISOString().slice(0, 10)}.
Machine: ${machine()}.
One unmeasured warm-up session precedes the measured ones. A step (as the studio needs it) = select a random still-valid value + valid domains + every value with its availability and price/lead-time ranges + overall ranges, no explanations. After each step one random excluded value is explained on demand (minimal change + responsible rules), timed apart ("Explain"). Compile time includes building the IR, ordering, conjoining, freezing and precomputing why globally impossible values are impossible. Heap is the process heap after the run.

${table}

Reading the numbers: a Renault step is domains and ranges, which share one top-down and one
bottom-up pass cached per set of choices; an explanation is the cheapest-change passes over the
diagram (shared by the step's explanations), then a budgeted search for the responsible rules. Read
the load average above first: at load average 10–15 (other builds and tests on the 2 cores)
the same code measured Renault p95 9.4 ms and example p95 of 4–5 ms — CPU waits, not work. The
example products' p99 of a few ms on sub-millisecond medians are single outliers (garbage
collection or JIT), not yet profiled.
<!-- engine-bench:end -->`;

console.log(section);
if (write) {
  const path = `${ROOT}docs/benchmarks.md`;
  const doc = readFileSync(path, 'utf8');
  const re = /<!-- engine-bench:begin -->[\s\S]*?<!-- engine-bench:end -->/;
  writeFileSync(path, re.test(doc) ? doc.replace(re, section) : `${doc.trimEnd()}\n\n${section}\n`);
}
