// The conformance suite every backend must pass: seeded random small models, every query
// checked against brute-force enumeration of all configurations.
//   runConformance('bdd', (model, ir) => compile(model, { backend: 'bdd' }).backend);
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Backend, Choices } from '../../src/api.ts';
import type { ProductModel, Value } from '../../src/model/types.ts';
import { buildIR, type IR } from '../../src/compile/ir.ts';
import { allConfigs, propsOf, randomModel, rng, type Config } from './random-models.ts';

export type MakeBackend = (model: ProductModel, ir: IR) => Backend;

export interface ConformanceOptions {
  /** Number of random models (default 60). */
  models?: number;
  seed?: number;
  /** Backends that cannot always count may return null from count(). */
  allowNullCount?: boolean;
}

type Prop = 'price' | 'leadTimeDays' | 'weight' | 'cost';

function sameSet(a: Value[], b: Value[], msg: string) {
  assert.deepEqual([...a].map(String).sort(), [...b].map(String).sort(), msg);
}

interface Case {
  model: ProductModel;
  ir: IR;
  backend: Backend;
  solutions: Config[];
  holds: Array<(c: Config) => boolean>;
  all: Config[];
  domains: Record<string, Value[]>;
}

function setup(seed: number, make: MakeBackend): Case {
  const { model, holds, domains } = randomModel(seed);
  const { ir, issues } = buildIR(model);
  assert.deepEqual(issues, [], `model ${seed} builds`);
  const all = allConfigs(domains);
  const solutions = all.filter((c) => holds.every((h) => h(c)));
  return { model, ir, backend: make(model, ir), solutions, holds, all, domains };
}

const agrees = (c: Config, choices: Choices) =>
  Object.entries(choices).every(([f, v]) => c[f] === v);

/** Choice sets to query under: none, one from a solution, and a few random partial ones. */
function choiceSets(k: Case, seed: number): Array<{ choices: Choices; order: string[] }> {
  const r = rng(seed * 7919 + 1);
  const ids = Object.keys(k.domains);
  const out: Array<{ choices: Choices; order: string[] }> = [{ choices: {}, order: [] }];
  for (let i = 0; i < 4; i++) {
    const src =
      k.solutions.length && i < 3
        ? k.solutions[Math.floor(r() * k.solutions.length)]!
        : k.all[Math.floor(r() * k.all.length)]!;
    const order = ids.filter(() => r() < 0.5).sort(() => r() - 0.5);
    const choices: Choices = {};
    for (const f of order) choices[f] = src[f]!;
    out.push({ choices, order });
  }
  return out;
}

export function runConformance(
  label: string,
  make: MakeBackend,
  opts: ConformanceOptions = {},
): void {
  const n = opts.models ?? 60;
  const base = opts.seed ?? 1;
  const seeds = Array.from({ length: n }, (_, i) => base + i);

  test(`${label}: count equals brute-force enumeration`, () => {
    for (const seed of seeds) {
      const k = setup(seed, make);
      for (const { choices } of choiceSets(k, seed)) {
        const expected = BigInt(k.solutions.filter((c) => agrees(c, choices)).length);
        const got = k.backend.count(choices);
        if (got === null && opts.allowNullCount) continue;
        assert.equal(got, expected, `model ${seed} choices ${JSON.stringify(choices)}`);
      }
    }
  });

  test(`${label}: valid domains are exactly the values of some valid completion`, () => {
    for (const seed of seeds) {
      const k = setup(seed, make);
      for (const { choices } of choiceSets(k, seed)) {
        const sols = k.solutions.filter((c) => agrees(c, choices));
        const got = k.backend.domains(choices);
        for (const f of Object.keys(k.domains)) {
          const expected = [...new Set(sols.map((c) => c[f]!))];
          sameSet(
            got[f] ?? [],
            expected,
            `model ${seed} feature ${f} choices ${JSON.stringify(choices)}`,
          );
        }
      }
    }
  });

  test(`${label}: alternatives of a chosen feature keep every other choice`, () => {
    for (const seed of seeds) {
      const k = setup(seed, make);
      if (!k.backend.alternatives) return;
      for (const { choices } of choiceSets(k, seed)) {
        const alt = k.backend.alternatives(choices);
        for (const f of Object.keys(choices)) {
          const rest = { ...choices };
          delete rest[f];
          const expected = [
            ...new Set(k.solutions.filter((c) => agrees(c, rest)).map((c) => c[f]!)),
          ];
          sameSet(alt[f] ?? [], expected, `model ${seed} feature ${f}`);
        }
      }
    }
  });

  test(`${label}: price, lead time and property ranges match enumeration overall and per value`, () => {
    for (const seed of seeds) {
      const k = setup(seed, make);
      for (const { choices } of choiceSets(k, seed)) {
        const sols = k.solutions.filter((c) => agrees(c, choices));
        if (sols.length === 0) continue;
        const range = (cs: Config[], p: Prop) => {
          const xs = cs.map((c) => propsOf(k.model, c)[p]);
          return { min: Math.min(...xs), max: Math.max(...xs) };
        };
        const got = k.backend.ranges(choices);
        assert.deepEqual(got.price, range(sols, 'price'), `model ${seed} price`);
        assert.deepEqual(got.leadTimeDays, range(sols, 'leadTimeDays'), `model ${seed} lead time`);
        assert.deepEqual(got.props.weight, range(sols, 'weight'), `model ${seed} weight`);
        const per = k.backend.valueRanges(choices);
        for (const f of Object.keys(k.domains)) {
          if (choices[f] !== undefined) continue;
          const expectedValues = [...new Set(sols.map((c) => c[f]!))];
          sameSet(
            (per[f] ?? []).map((x) => x.value),
            expectedValues,
            `model ${seed} value ranges list the valid values of ${f}`,
          );
          for (const { value, ranges } of per[f] ?? []) {
            const sub = sols.filter((c) => c[f] === value);
            assert.deepEqual(
              ranges.price,
              range(sub, 'price'),
              `model ${seed} ${f}=${value} price`,
            );
            assert.deepEqual(
              ranges.leadTimeDays,
              range(sub, 'leadTimeDays'),
              `model ${seed} ${f}=${value} lead`,
            );
            assert.deepEqual(
              ranges.props.weight,
              range(sub, 'weight'),
              `model ${seed} ${f}=${value} weight`,
            );
          }
        }
      }
    }
  });

  test(`${label}: explanations name the fewest choices to change, keeping the most recent`, () => {
    for (const seed of seeds) {
      const k = setup(seed, make);
      if (k.solutions.length === 0) continue;
      for (const { choices, order } of choiceSets(k, seed).slice(0, 4)) {
        if (!k.solutions.some((c) => agrees(c, choices))) continue;
        const K = order.length;
        const denom = (K * (K + 1)) / 2 + 1;
        const weightOf = (f: string) => 1 + (order.indexOf(f) + 1) / denom;
        for (const f of Object.keys(k.domains)) {
          const others = order.filter((x) => x !== f);
          for (const v of k.domains[f]!) {
            const withV = k.solutions.filter((c) => c[f] === v);
            const rest = { ...choices };
            delete rest[f];
            const possible = withV.some((c) => agrees(c, rest));
            const ex = k.backend.explain(choices, order, f, v);
            if (possible) {
              assert.equal(ex, null, `model ${seed} ${f}=${v} is possible`);
              continue;
            }
            assert.ok(ex, `model ${seed} ${f}=${v} gets an explanation`);
            if (withV.length === 0) {
              assert.deepEqual(
                ex.conflicting,
                [],
                `model ${seed} ${f}=${v} is impossible in any configuration`,
              );
              assert.ok(ex.rules.length > 0, `model ${seed} ${f}=${v} names a rule`);
              continue;
            }
            // Best weighted change by brute force.
            let best = Infinity;
            for (const c of withV) {
              let cost = 0;
              for (const g of others) if (c[g] !== choices[g]) cost += weightOf(g);
              best = Math.min(best, cost);
            }
            const dropped = ex.conflicting.map((x) => x.feature);
            for (const x of ex.conflicting)
              assert.equal(
                x.value,
                choices[x.feature],
                `model ${seed} conflicting value is the current choice`,
              );
            const gotCost = dropped.reduce((s, g) => s + weightOf(g), 0);
            assert.ok(
              Math.abs(gotCost - best) < 1e-9,
              `model ${seed} ${f}=${v}: change ${dropped} costs ${gotCost}, best ${best}`,
            );
            const kept = Object.fromEntries(
              others.filter((g) => !dropped.includes(g)).map((g) => [g, choices[g]!]),
            );
            assert.ok(
              withV.some((c) => agrees(c, kept)),
              `model ${seed} ${f}=${v} is possible after the change`,
            );
            assert.ok(ex.rules.length > 0, `model ${seed} ${f}=${v} names the responsible rules`);
            // Every named rule is one of the model's rules, and together they exclude the value
            // under the current choices (f replaced by v).
            const ruleIdx = ex.rules.map((r) => k.model.rules!.findIndex((x) => x.id === r.id));
            assert.ok(ruleIdx.every((i) => i >= 0));
            const asg = { ...rest, [f]: v };
            const jointlyPossible = k.all.some(
              (c) => agrees(c, asg) && ruleIdx.every((i) => k.holds[i]!(c)),
            );
            assert.ok(
              !jointlyPossible,
              `model ${seed} ${f}=${v}: rules ${ex.rules.map((r) => r.id)} exclude it`,
            );
          }
        }
      }
    }
  });

  test(`${label}: optimal completion reaches the brute-force optimum for sum, max-aggregated and mixed objectives in both senses`, () => {
    for (const seed of seeds) {
      const k = setup(seed, make);
      const r = rng(seed + 99);
      for (const { choices } of choiceSets(k, seed)) {
        const sols = k.solutions.filter((c) => agrees(c, choices));
        const f0 = Object.keys(k.domains)[0]!;
        const v0 = k.domains[f0]![0]!;
        const pref = `${f0}=${String(v0)}`;
        // Lead time is max-aggregated: alone, against price, against a preference, either sign.
        const objectives: Array<Record<string, number>> = [
          {
            price: Math.floor(r() * 5) - 2,
            weight: Math.floor(r() * 3),
            leadTimeDays: Math.floor(r() * 5) - 2,
            [pref]: 50,
          },
          { price: Math.floor(r() * 3) - 1, weight: Math.floor(r() * 3), [pref]: 50 },
          { leadTimeDays: 1 },
          { leadTimeDays: 100, price: 1 },
          { leadTimeDays: 30, price: -1 },
          { leadTimeDays: -50, weight: 1 },
          { leadTimeDays: 7, [pref]: -20 },
        ];
        for (const weights of objectives) {
          const score = (c: Config) => {
            const p = propsOf(k.model, c);
            return (
              (weights.price ?? 0) * p.price +
              (weights.weight ?? 0) * p.weight +
              (weights.leadTimeDays ?? 0) * p.leadTimeDays +
              (c[f0] === v0 ? (weights[pref] ?? 0) : 0)
            );
          };
          for (const sense of ['min', 'max'] as const) {
            const what = `model ${seed} ${sense} ${JSON.stringify(weights)} under ${JSON.stringify(choices)}`;
            const got = k.backend.optimize(choices, { sense, weights });
            if (sols.length === 0) {
              assert.equal(got, null, `${what}: no completion`);
              continue;
            }
            assert.ok(got, `${what}: finds a completion`);
            assert.ok(
              k.holds.every((h) => h(got)),
              `${what}: completion is valid`,
            );
            assert.ok(agrees(got, choices), `${what}: completion keeps the choices`);
            const scores = sols.map(score);
            const best = sense === 'min' ? Math.min(...scores) : Math.max(...scores);
            assert.equal(score(got), best, `${what}: brute-force optimum`);
          }
        }
      }
    }
  });

  test(`${label}: seeded samples are valid, repeatable and cover small spaces`, () => {
    for (const seed of seeds) {
      const k = setup(seed, make);
      for (const { choices } of choiceSets(k, seed).slice(0, 3)) {
        const sols = k.solutions.filter((c) => agrees(c, choices));
        const a = k.backend.sample(choices, 120, seed);
        const b = k.backend.sample(choices, 120, seed);
        assert.deepEqual(a, b, `model ${seed} samples repeat with the seed`);
        if (sols.length === 0) {
          assert.equal(a.length, 0);
          continue;
        }
        assert.equal(a.length, 120);
        for (const c of a) {
          assert.ok(
            k.holds.every((h) => h(c)) && agrees(c, choices),
            `model ${seed} sample is a valid completion`,
          );
        }
        if (sols.length <= 6) {
          const seen = new Set(a.map((c) => JSON.stringify(c, Object.keys(k.domains))));
          assert.equal(seen.size, sols.length, `model ${seed} samples reach every completion`);
        }
      }
    }
  });

  test(`${label}: validate lists exactly the violated rules`, () => {
    for (const seed of seeds) {
      const k = setup(seed, make);
      const r = rng(seed + 5);
      for (let i = 0; i < 10; i++) {
        const c = k.all[Math.floor(r() * k.all.length)]!;
        const res = k.backend.validate(c);
        const expected = k.model.rules!.filter((_, j) => !k.holds[j]!(c)).map((x) => x.id);
        assert.deepEqual(
          res.violations.map((v) => v.rule),
          expected,
          `model ${seed} config ${JSON.stringify(c)}`,
        );
        assert.equal(res.valid, expected.length === 0);
      }
      const missing = k.backend.validate({});
      assert.equal(missing.valid, false, 'an empty configuration is incomplete');
    }
  });
}
