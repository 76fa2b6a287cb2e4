// Explanations on demand give the same answers as the eager ones a step used to compute.
//
// Before issue 16 every step explained every excluded value (`eagerExplanations` below is that
// algorithm, kept as the reference). Now a step computes domains and ranges only and the
// studio asks `Session.explain` for the value the customer opens. Each test replays one
// session twice, on two separately compiled copies of the model: the eager copy explains every
// excluded value at every step; the on-demand copy only asks for a few values at some steps.
// Every on-demand answer must equal the eager answer for the same value at the same step —
// the same change (features and values) and the same rules — whatever the copy was asked
// before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Backend, Choices, CompiledModel, Explanation, QueryOptions } from '../src/api.ts';
import type { Value } from '../src/model/types.ts';
import { compile } from '../src/compile/compile.ts';
import { createSession } from '../src/session.ts';
import { importDimacs } from '../src/import/dimacs.ts';
import { importXcsp } from '../src/import/xcsp.ts';
import '../src/sat/register.ts';
import { randomModel, rng } from './conformance/random-models.ts';
import { benchmark } from './helpers/benchmarks.ts';

type Kind = 'bdd' | 'sat';

/**
 * The eager algorithm a step ran before explanations moved out of it (Session.values() of
 * issue 15): the domains, alternatives and ranges of the step, then the explanation of every
 * value not available, feature by feature in model order.
 */
function eagerExplanations(
  compiled: CompiledModel,
  choices: Choices,
  order: string[],
  q: QueryOptions = {},
): Map<string, Explanation> {
  const b = compiled.backend;
  const dom = b.domains(choices, q);
  const alt = b.alternatives ? b.alternatives(choices, q) : alternativesOf(b, choices, q);
  b.valueRanges(choices, q);
  b.ranges(choices, q);
  const out = new Map<string, Explanation>();
  for (const feat of compiled.ir.features) {
    const avail = new Set(choices[feat.id] !== undefined ? alt[feat.id] : dom[feat.id]);
    for (const value of feat.values) {
      if (avail.has(value)) continue;
      const e = b.explain(choices, order, feat.id, value, q);
      if (e) out.set(key(feat.id, value), e);
    }
  }
  return out;
}

function alternativesOf(b: Backend, choices: Choices, q: QueryOptions): Record<string, Value[]> {
  const out: Record<string, Value[]> = {};
  for (const f of Object.keys(choices)) {
    const others = { ...choices };
    delete others[f];
    out[f] = b.domains(others, q)[f] ?? [];
  }
  return out;
}

const key = (feature: string, value: Value): string => `${feature}=${String(value)}`;

interface Replay {
  /** Steps replayed and on-demand answers compared. */
  steps: number;
  compared: number;
}

/**
 * Replays `steps` (feature, value) selections on an eager and an on-demand copy of the model;
 * at each step the on-demand copy shows the step as the studio needs it (`values()`), then
 * explains up to `perStep` excluded values picked at random (none at some steps).
 */
function replay(
  eager: CompiledModel,
  onDemand: CompiledModel,
  steps: Array<[string, Value]>,
  seed: number,
  perStep: number,
  label: string,
): Replay {
  const e = createSession(eager);
  const d = createSession(onDemand);
  const r = rng(seed);
  let compared = 0;
  let replayed = 0;
  // The chosen features oldest first (Session keeps it; choices() objects sort numeric ids).
  let order: string[] = [];
  for (const [f, v] of steps) {
    const picked = e.select(f, v);
    assert.deepEqual(d.select(f, v), picked, `${label}: both copies take ${key(f, v)} alike`);
    if (!picked.ok) continue;
    order = [...order.filter((g) => g !== f), f];
    replayed++;
    const reference = eagerExplanations(eager, e.choices(), order);
    const shown = d.values();
    const excluded: Array<[string, Value]> = [];
    for (const [g, infos] of Object.entries(shown))
      for (const info of infos) {
        assert.equal(info.explanation, undefined, `${label}: a step carries no explanation`);
        if (!info.available) excluded.push([g, info.value]);
      }
    assert.equal(
      excluded.length,
      reference.size,
      `${label} step ${replayed}: the same values are excluded`,
    );
    if (r() < 0.25) continue; // a step where the customer opens nothing
    for (let i = 0; i < perStep && excluded.length; i++) {
      const [g, value] = excluded.splice(Math.floor(r() * excluded.length), 1)[0]!;
      const want = reference.get(key(g, value));
      assert.ok(want, `${label}: ${key(g, value)} was explained eagerly`);
      assert.deepEqual(
        d.explain(g, value),
        want,
        `${label} step ${replayed}: ${key(g, value)} on demand equals the eager explanation`,
      );
      compared++;
    }
  }
  return { steps: replayed, compared };
}

/** A seeded random walk: a random still-valid value of a random open feature per step. */
function randomWalk(compiled: CompiledModel, seed: number, max: number): Array<[string, Value]> {
  const s = createSession(compiled);
  const r = rng(seed);
  const out: Array<[string, Value]> = [];
  for (let i = 0; i < max; i++) {
    const dom = s.domains();
    const chosen = s.choices();
    const open = Object.keys(dom).filter((f) => chosen[f] === undefined && dom[f]!.length > 1);
    if (open.length === 0) break;
    const f = open[Math.floor(r() * open.length)]!;
    const v = dom[f]![Math.floor(r() * dom[f]!.length)]!;
    s.select(f, v);
    out.push([f, v]);
  }
  return out;
}

/** Random selections of any value (excluded ones are refused), chosen features re-picked too. */
function conformanceWalk(domains: Record<string, Value[]>, seed: number): Array<[string, Value]> {
  const r = rng(seed * 17 + 3);
  const ids = Object.keys(domains);
  return Array.from({ length: 2 * ids.length }, (): [string, Value] => {
    const f = ids[Math.floor(r() * ids.length)]!;
    return [f, domains[f]![Math.floor(r() * domains[f]!.length)]!];
  });
}

for (const kind of ['bdd', 'sat'] as Kind[]) {
  test(`${kind}: on the conformance models, explanations on demand equal the eager ones`, () => {
    let compared = 0;
    for (let seed = 1; seed <= (kind === 'bdd' ? 80 : 40); seed++) {
      const { model, domains } = randomModel(seed);
      const a = compile(model, { backend: kind });
      if (a.stats.conflict) continue;
      const b = compile(model, { backend: kind });
      compared += replay(
        a,
        b,
        conformanceWalk(domains, seed),
        seed,
        3,
        `${kind} model ${seed}`,
      ).compared;
    }
    assert.ok(compared > 150, `${compared} explanations compared`);
  });
}

test('Renault: the recorded BuDDy sessions explain on demand as they did eagerly', () => {
  const xml = readFileSync(benchmark('clib', 'megane.xml'), 'utf8');
  const { model } = importXcsp(xml);
  const trace = readFileSync(
    benchmark('..', 'reference', 'buddy-megane', 'results', 'run1.trace.tsv'),
    'utf8',
  )
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t').map(Number));
  const eager = compile(model, { backend: 'bdd' });
  const onDemand = compile(model, { backend: 'bdd' });
  let compared = 0;
  let steps = 0;
  // The first four recorded sessions (about a hundred steps).
  for (let session = 0; session < 4; session++) {
    const selections = trace
      .filter((row) => row[0] === session)
      .map((row): [string, Value] => [String(row[2]), row[3]!]);
    const r = replay(eager, onDemand, selections, 100 + session, 4, `renault session ${session}`);
    compared += r.compared;
    steps += r.steps;
  }
  assert.ok(steps > 80, `${steps} steps replayed`);
  assert.ok(compared > 150, `${compared} explanations compared`);
});

for (const [name, kind, walks, length] of [
  ['berkeleydb_Hierons2020', 'bdd', 3, 20],
  ['berkeleydb_Hierons2020', 'sat', 3, 20],
  ['axTLS_Berger2013', 'sat', 2, 15],
] as Array<[string, Kind, number, number]>) {
  test(`DIMACS ${name} (${kind}): seeded sessions explain on demand as they did eagerly`, () => {
    const model = importDimacs(readFileSync(benchmark('dimacs', `${name}.dimacs`), 'utf8'), {
      id: name,
    });
    const eager = compile(model, { backend: kind });
    const onDemand = compile(model, { backend: kind });
    let compared = 0;
    for (let w = 0; w < walks; w++) {
      const steps = randomWalk(compile(model, { backend: kind }), 7 + w, length);
      compared += replay(eager, onDemand, steps, 31 + w, 3, `${name} walk ${w}`).compared;
    }
    assert.ok(compared > 20, `${compared} explanations compared`);
  });
}
