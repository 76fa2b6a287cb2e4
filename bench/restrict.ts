// Restricted step vs unrestricted step: the same random walk of interactive steps (select a
// still-valid value of a random open feature + valid domains + every value with ranges or
// explanation + overall ranges) in a session without and with restrictions (a provider offer:
// about a third of the features with several values limited to half of them, always keeping one
// valid configuration). Renault Megane and every example model. Each session has its own offer,
// so its first step also derives what the offer excludes whatever the choices (kept per offer
// for later steps and sessions): that first step is also shown alone. Writes the section
// "Restrictions" of docs/benchmarks.md — only when the load average is below 2 (numbers measured
// under load are not written).
//
//   node --import tsx bench/restrict.ts [--sessions 10] [--steps 30] [--no-write]
import { existsSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { compile, createSession, type CompiledModel, type Restriction } from '@customerize/engine';
import { loadModel } from '../packages/server/src/cli/model-commands.ts';
import { writeBenchSection } from './doc-section.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const CLIB = `${ROOT}../shared/benchmarks/configuration/clib`;
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const sessions = arg('--sessions', 10);
const steps = arg('--steps', 30);
const write = !process.argv.includes('--no-write');

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** About a third of the multi-valued features limited to half their values, keeping `keep`. */
function offer(compiled: CompiledModel, seed: number): Restriction {
  const r = rng(seed);
  const keep = createSession(compiled).sample(1, seed)[0] ?? {};
  const dom = createSession(compiled).domains();
  const allowed: Restriction['allowed'] = {};
  for (const [f, vs] of Object.entries(dom)) {
    if (vs.length < 2 || r() > 0.33 || keep[f] === undefined) continue;
    allowed[f] = [keep[f], ...vs.filter((v) => v !== keep[f] && r() < 0.5)];
  }
  return { id: 'offer', allowed };
}

function walk(compiled: CompiledModel, restrictions: Restriction[], seed: number): number[] {
  const r = rng(seed);
  const s = createSession(compiled, {}, { restrictions });
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    const dom = s.domains();
    const chosen = s.choices();
    const open = Object.keys(dom).filter((f) => chosen[f] === undefined && dom[f]!.length > 1);
    if (open.length === 0) break;
    const f = open[Math.floor(r() * open.length)]!;
    const v = dom[f]![Math.floor(r() * dom[f]!.length)]!;
    const t0 = performance.now();
    s.select(f, v);
    s.domains();
    s.values();
    s.ranges();
    times.push(performance.now() - t0);
  }
  return times;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : 0;
};

const models: Array<{ name: string; compiled: CompiledModel }> = [];
if (existsSync(`${CLIB}/megane.xml`)) {
  const { model } = loadModel(`${CLIB}/megane.xml`, { names: `${CLIB}/renault_domains.txt` });
  models.push({ name: 'Renault Megane', compiled: compile(model) });
}
const exDir = `${ROOT}examples`;
for (const name of readdirSync(exDir).sort()) {
  const file = `${exDir}/${name}/model.yaml`;
  if (existsSync(file)) models.push({ name, compiled: compile(loadModel(file).model) });
}

const rows: string[] = [];
for (const { name, compiled } of models) {
  const free: number[] = [];
  const restricted: number[] = [];
  const first: number[] = [];
  let limited = 0;
  for (let i = 0; i < sessions; i++) {
    const o = offer(compiled, i + 1);
    limited = Math.max(limited, Object.keys(o.allowed).length);
    free.push(...walk(compiled, [], i + 1));
    const times = walk(compiled, [o], i + 1);
    if (times.length) first.push(times[0]!);
    restricted.push(...times);
  }
  const f = (x: number) => x.toFixed(2);
  const row = `| ${name} | ${compiled.stats.backend} | ${limited} | ${free.length} | ${f(pct(free, 50))} | ${f(pct(free, 95))} | ${restricted.length} | ${f(pct(restricted, 50))} | ${f(pct(restricted, 95))} | ${f(pct(first, 50))} |`;
  rows.push(row);
  console.log(row);
}

const load = loadavg()[0]!;
const text = [
  '## Restrictions: restricted step vs unrestricted step',
  '',
  `\`node --import tsx bench/restrict.ts --sessions ${sessions} --steps ${steps}\` on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node.js ${process.version}; load average when measured: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(', ')}.`,
  'A step = select + valid domains + every value with ranges or explanation + overall ranges.',
  "Restricted steps include each session's first step under its new offer, which also derives what the offer excludes whatever the choices (then kept per offer); the last column shows those first steps alone.",
  '',
  '| Model | Backend | Features limited | Steps | p50 (ms) | p95 (ms) | Restricted steps | p50 (ms) | p95 (ms) | First step under a new offer, p50 (ms) |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows,
].join('\n');
if (!write) console.log('(--no-write: docs/benchmarks.md left alone)');
else if (load >= 2) console.log(`load average ${load.toFixed(2)} ≥ 2: numbers not written`);
else writeBenchSection('restrict', text);
