// The conformance suite every backend must pass: seeded random small models, every query
// checked against brute-force enumeration of all configurations.
//   runConformance('bdd', (model, ir) => compile(model, { backend: 'bdd' }).backend);
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Backend, Choices } from '../../src/api.ts';
import type { ProductModel, Value } from '../../src/model/types.ts';
import { buildIR, type IR } from '../../src/compile/ir.ts';
import { SamplingUnavailableError } from '../../src/errors.ts';
import { allConfigs, propsOf, randomModel, rng, type Config } from './random-models.ts';

export type MakeBackend = (model: ProductModel, ir: IR) => Backend;

/**
 * Upper quantile of the χ² distribution with `df` degrees of freedom at an upper-tail
 * probability of about 1e-6 (z = 4.753), by the Wilson–Hilferty approximation (accurate to a
 * few percent for df ≥ 1): a uniform sampler fails a seeded test with probability ~1e-6.
 */
export function chiSquareThreshold(df: number, z = 4.753): number {
  const a = 2 / (9 * df);
  return df * (1 - a + z * Math.sqrt(a)) ** 3;
}

/** χ² statistic of observed counts against expected counts. */
export function chiSquare(observed: number[], expected: number[]): number {
  return observed.reduce((s, o, i) => s + (o - expected[i]!) ** 2 / expected[i]!, 0);
}

export interface UniformityOptions {
  models?: number;
  seed?: number;
  /** The backend may refuse to sample (SamplingUnavailableError) instead of sampling uniformly. */
  mayRefuse?: boolean;
}

/**
 * Samples of every model with 2–200 valid configurations (30 per configuration on average)
 * must pass a χ² goodness-of-fit test against the uniform distribution at a false-positive rate
 * of about 1e-6 (seeded, so deterministic). A refusal must be the documented error.
 */
export function runUniformity(
  label: string,
  make: MakeBackend,
  opts: UniformityOptions = {},
): void {
  const n = opts.models ?? 60;
  const base = opts.seed ?? 1;
  test(`${label}: seeded samples are uniform over the valid configurations (χ², false positives ~1e-6)`, () => {
    let tested = 0;
    let refused = 0;
    for (let i = 0; i < n; i++) {
      const seed = base + i;
      const k = setup(seed, make);
      const K = k.solutions.length;
      if (K < 2 || K > 200) continue;
      const keys = Object.keys(k.domains);
      const index = new Map(k.solutions.map((c, j) => [JSON.stringify(c, keys), j]));
      let samples: Config[];
      try {
        samples = k.backend.sample({}, 30 * K, seed);
      } catch (err) {
        assert.ok(opts.mayRefuse, `model ${seed}: ${String(err)}`);
        assert.ok(err instanceof SamplingUnavailableError, `model ${seed} refuses clearly`);
        refused++;
        continue;
      }
      const observed = new Array<number>(K).fill(0);
      for (const c of samples) {
        const j = index.get(JSON.stringify(c, keys));
        assert.ok(j !== undefined, `model ${seed}: a sample is a valid configuration`);
        observed[j]!++;
      }
      const x2 = chiSquare(observed, new Array<number>(K).fill(30));
      const limit = chiSquareThreshold(K - 1);
      assert.ok(
        x2 <= limit,
        `model ${seed}: χ² = ${x2.toFixed(1)} > ${limit.toFixed(1)} (df ${K - 1})`,
      );
      tested++;
    }
    assert.ok(tested >= 5, `${label}: ${tested} models tested for uniformity (${refused} refused)`);
  });
}

export interface ConformanceOptions {
  /** Number of random models (default 60). */
  models?: number;
  seed?: number;
  /** Backends that cannot always count may return null from count(). */
  allowNullCount?: boolean;
}

/** Assertions made by the running test: every test must make some, per model. */
let made = 0;
const check: typeof assert = new Proxy(assert, {
  get(target, prop, receiver) {
    const value: unknown = Reflect.get(target, prop, receiver);
    if (typeof value !== 'function') return value;
    return (...args: unknown[]) => {
      made++;
      return (value as (...a: unknown[]) => unknown).apply(target, args);
    };
  },
});

type Prop = 'price' | 'leadTimeDays' | 'weight' | 'cost';

function sameSet(a: Value[], b: Value[], msg: string) {
  check.deepEqual([...a].map(String).sort(), [...b].map(String).sort(), msg);
}

interface Case {
  model: ProductModel;
  ir: IR;
  backend: Backend;
  solutions: Config[];
  holds: Array<(c: Config) => boolean>;
  all: Config[];
  domains: Record<string, Value[]>;
  make: MakeBackend;
}

const cases = new Map<string, Case>();

/** One backend per model and suite run (backends may cache across queries, as in a session). */
function setup(seed: number, make: MakeBackend): Case {
  const key = `${seed}`;
  const hit = cases.get(key);
  if (hit && hit.make === make) return hit;
  const k = build(seed, make);
  cases.set(key, k);
  return k;
}

function build(seed: number, make: MakeBackend): Case {
  const { model, holds, domains } = randomModel(seed);
  const { ir, issues } = buildIR(model);
  check.deepEqual(issues, [], `model ${seed} builds`);
  const all = allConfigs(domains);
  const solutions = all.filter((c) => holds.every((h) => h(c)));
  return { model, ir, backend: make(model, ir), solutions, holds, all, domains, make };
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
  /** A test that fails unless it made at least one assertion per model (no silent skips). */
  const counted = (name: string, body: () => void): void => {
    test(name, () => {
      made = 0;
      body();
      assert.ok(made >= seeds.length, `${name}: ${made} assertions for ${seeds.length} models`);
    });
  };

  counted(`${label}: the random models have 6–10 features and are mostly satisfiable`, () => {
    const sizes: number[] = [];
    for (const seed of seeds) {
      const k = setup(seed, make);
      const nf = Object.keys(k.domains).length;
      check.ok(nf >= 6 && nf <= 10, `model ${seed} has ${nf} features`);
      sizes.push(k.solutions.length);
    }
    const unsat = sizes.filter((x) => x === 0).length;
    const median = [...sizes].sort((a, b) => a - b)[Math.floor(sizes.length / 2)]!;
    check.ok(unsat <= Math.ceil(seeds.length * 0.15), `${unsat} unsatisfiable models`);
    check.ok(unsat >= 1, 'some models have no product (the empty case is covered too)');
    check.ok(median >= 20, `median ${median} valid configurations`);
  });

  counted(`${label}: count equals brute-force enumeration`, () => {
    for (const seed of seeds) {
      const k = setup(seed, make);
      for (const { choices } of choiceSets(k, seed)) {
        const expected = BigInt(k.solutions.filter((c) => agrees(c, choices)).length);
        const got = k.backend.count(choices);
        if (got === null && opts.allowNullCount) continue;
        check.equal(got, expected, `model ${seed} choices ${JSON.stringify(choices)}`);
      }
    }
  });

  counted(`${label}: valid domains are exactly the values of some valid completion`, () => {
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

  counted(`${label}: alternatives of a chosen feature keep every other choice`, () => {
    for (const seed of seeds) {
      const k = setup(seed, make);
      // Backends without the fast path are asked what a session asks instead.
      const alternatives =
        k.backend.alternatives?.bind(k.backend) ??
        ((choices: Choices) => {
          const out: Record<string, Value[]> = {};
          for (const f of Object.keys(choices)) {
            const rest = { ...choices };
            delete rest[f];
            out[f] = k.backend.domains(rest)[f] ?? [];
          }
          return out;
        });
      for (const { choices } of choiceSets(k, seed)) {
        const alt = alternatives(choices);
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

  counted(
    `${label}: price, lead time and property ranges match enumeration overall and per value`,
    () => {
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
          check.deepEqual(got.price, range(sols, 'price'), `model ${seed} price`);
          check.deepEqual(got.leadTimeDays, range(sols, 'leadTimeDays'), `model ${seed} lead time`);
          check.deepEqual(got.props.weight, range(sols, 'weight'), `model ${seed} weight`);
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
              check.deepEqual(
                ranges.price,
                range(sub, 'price'),
                `model ${seed} ${f}=${value} price`,
              );
              check.deepEqual(
                ranges.leadTimeDays,
                range(sub, 'leadTimeDays'),
                `model ${seed} ${f}=${value} lead`,
              );
              check.deepEqual(
                ranges.props.weight,
                range(sub, 'weight'),
                `model ${seed} ${f}=${value} weight`,
              );
            }
          }
        }
      }
    },
  );

  counted(
    `${label}: explanations name the fewest choices to change, keeping the most recent`,
    () => {
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
                check.equal(ex, null, `model ${seed} ${f}=${v} is possible`);
                continue;
              }
              check.ok(ex, `model ${seed} ${f}=${v} gets an explanation`);
              if (withV.length === 0) {
                check.deepEqual(
                  ex.conflicting,
                  [],
                  `model ${seed} ${f}=${v} is impossible in any configuration`,
                );
                check.ok(ex.rules.length > 0, `model ${seed} ${f}=${v} names a rule`);
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
                check.equal(
                  x.value,
                  choices[x.feature],
                  `model ${seed} conflicting value is the current choice`,
                );
              const gotCost = dropped.reduce((s, g) => s + weightOf(g), 0);
              check.ok(
                Math.abs(gotCost - best) < 1e-9,
                `model ${seed} ${f}=${v}: change ${dropped} costs ${gotCost}, best ${best}`,
              );
              const kept = Object.fromEntries(
                others.filter((g) => !dropped.includes(g)).map((g) => [g, choices[g]!]),
              );
              check.ok(
                withV.some((c) => agrees(c, kept)),
                `model ${seed} ${f}=${v} is possible after the change`,
              );
              check.ok(ex.rules.length > 0, `model ${seed} ${f}=${v} names the responsible rules`);
              // Every named rule is one of the model's rules, and together they exclude the value
              // under the current choices (f replaced by v).
              const ruleIdx = ex.rules.map((r) => k.model.rules!.findIndex((x) => x.id === r.id));
              check.ok(ruleIdx.every((i) => i >= 0));
              const asg = { ...rest, [f]: v };
              const jointlyPossible = k.all.some(
                (c) => agrees(c, asg) && ruleIdx.every((i) => k.holds[i]!(c)),
              );
              check.ok(
                !jointlyPossible,
                `model ${seed} ${f}=${v}: rules ${ex.rules.map((r) => r.id)} exclude it`,
              );
            }
          }
        }
      }
    },
  );

  counted(
    `${label}: optimal completion reaches the brute-force optimum for sum, max-aggregated and mixed objectives in both senses`,
    () => {
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
                check.equal(got, null, `${what}: no completion`);
                continue;
              }
              check.ok(got, `${what}: finds a completion`);
              check.ok(
                k.holds.every((h) => h(got)),
                `${what}: completion is valid`,
              );
              check.ok(agrees(got, choices), `${what}: completion keeps the choices`);
              const scores = sols.map(score);
              const best = sense === 'min' ? Math.min(...scores) : Math.max(...scores);
              check.equal(score(got), best, `${what}: brute-force optimum`);
            }
          }
        }
      }
    },
  );

  counted(`${label}: seeded samples are valid, repeatable and cover small spaces`, () => {
    for (const seed of seeds) {
      const k = setup(seed, make);
      for (const { choices } of choiceSets(k, seed).slice(0, 3)) {
        const sols = k.solutions.filter((c) => agrees(c, choices));
        const a = k.backend.sample(choices, 120, seed);
        const b = k.backend.sample(choices, 120, seed);
        check.deepEqual(a, b, `model ${seed} samples repeat with the seed`);
        if (sols.length === 0) {
          check.equal(a.length, 0);
          continue;
        }
        check.equal(a.length, 120);
        for (const c of a) {
          check.ok(
            k.holds.every((h) => h(c)) && agrees(c, choices),
            `model ${seed} sample is a valid completion`,
          );
        }
        if (sols.length <= 6) {
          const seen = new Set(a.map((c) => JSON.stringify(c, Object.keys(k.domains))));
          check.equal(seen.size, sols.length, `model ${seed} samples reach every completion`);
        }
      }
    }
  });

  counted(`${label}: validate lists exactly the violated rules`, () => {
    for (const seed of seeds) {
      const k = setup(seed, make);
      const r = rng(seed + 5);
      for (let i = 0; i < 10; i++) {
        const c = k.all[Math.floor(r() * k.all.length)]!;
        const res = k.backend.validate(c);
        const expected = k.model.rules!.filter((_, j) => !k.holds[j]!(c)).map((x) => x.id);
        check.deepEqual(
          res.violations.map((v) => v.rule),
          expected,
          `model ${seed} config ${JSON.stringify(c)}`,
        );
        check.equal(res.valid, expected.length === 0);
      }
      const missing = k.backend.validate({});
      check.equal(missing.valid, false, 'an empty configuration is incomplete');
    }
  });
  runUniformity(label, make, { models: n, seed: base });
}

/**
 * Personal input: with some features of each random model marked `customerInput`, optimize and
 * sample never assign one the customer has not given (they are absent from the answer), keep
 * every choice, assign every other feature, and what they return still extends to a valid
 * configuration — for the optimum, to one with the brute-force best score.
 */
export function runCustomerInput(label: string, make: MakeBackend, opts: ConformanceOptions = {}) {
  const n = opts.models ?? 60;
  const base = opts.seed ?? 1;
  test(`${label}: optimize and sample never assign a customer-input feature the customer has not given`, () => {
    let checked = 0;
    for (let i = 0; i < n; i++) {
      const seed = base + i;
      const r = rng(seed * 104729 + 3);
      const { model, holds, domains } = randomModel(seed);
      const ids = Object.keys(domains);
      const inputs = new Set(ids.filter(() => r() < 0.3));
      if (inputs.size === 0) inputs.add(ids[Math.floor(r() * ids.length)]!);
      const marked: ProductModel = {
        ...model,
        features: model.features.map((f) => (inputs.has(f.id) ? { ...f, customerInput: true } : f)),
      };
      const { ir, issues } = buildIR(marked);
      assert.deepEqual(issues, [], `model ${seed} builds`);
      const backend = make(marked, ir);
      const solutions = allConfigs(domains).filter((c) => holds.every((h) => h(c)));
      const src = solutions[Math.floor(r() * solutions.length)];
      const choiceSets: Choices[] = [{}];
      if (src) {
        // One set of choices without any input, one that gives an input (the customer entered it).
        const some = ids.filter((f) => !inputs.has(f) && r() < 0.4);
        choiceSets.push(Object.fromEntries(some.map((f) => [f, src[f]!])));
        const given = [...inputs][0]!;
        choiceSets.push(Object.fromEntries([...some, given].map((f) => [f, src[f]!])));
      }
      for (const choices of choiceSets) {
        const what = `model ${seed} (input ${[...inputs].join(', ')}) under ${JSON.stringify(choices)}`;
        const sols = solutions.filter((c) => agrees(c, choices));
        const leftOpen = (c: Config) => {
          for (const f of ids) {
            const open = inputs.has(f) && choices[f] === undefined;
            assert.equal(c[f] === undefined, open, `${what}: '${f}' is ${open ? 'open' : 'set'}`);
          }
          assert.ok(agrees(c, choices), `${what}: keeps the choices`);
          assert.ok(
            sols.some((s) => agrees(s, c)),
            `${what}: extends to a valid configuration`,
          );
        };
        for (const [sense, weights] of [
          ['min', { price: 1 }],
          ['max', { price: 1, weight: 1 }],
        ] as const) {
          const got = backend.optimize(choices, { sense, weights });
          if (sols.length === 0) {
            assert.equal(got, null, `${what}: no completion`);
            continue;
          }
          assert.ok(got, `${what}: finds a completion`);
          leftOpen(got);
          const score = (c: Config) => {
            const p = propsOf(model, c);
            return weights.price * p.price + ('weight' in weights ? weights.weight * p.weight : 0);
          };
          const scores = sols.map(score);
          const best = sense === 'min' ? Math.min(...scores) : Math.max(...scores);
          assert.ok(
            sols.some((s) => agrees(s, got) && score(s) === best),
            `${what}: ${sense} extends to a brute-force optimum`,
          );
        }
        let samples: Config[] = [];
        try {
          samples = backend.sample(choices, 20, seed);
        } catch (err) {
          assert.ok(err instanceof SamplingUnavailableError, `${what}: refuses clearly`);
        }
        assert.equal(samples.length, sols.length === 0 ? 0 : 20, `${what}: sample count`);
        samples.forEach(leftOpen);
        checked++;
      }
    }
    assert.ok(checked >= n, `${checked} choice sets checked for ${n} models`);
  });
}
