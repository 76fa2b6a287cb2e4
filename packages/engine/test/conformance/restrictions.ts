// Restrictions and bounded optimization in the conformance suite: every backend against brute
// force on the seeded random models, with random restrictions and random linear bounds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Bound, Choices, Restriction } from '../../src/api.ts';
import type { Value } from '../../src/model/types.ts';
import { buildIR } from '../../src/compile/ir.ts';
import { SamplingUnavailableError } from '../../src/errors.ts';
import { allConfigs, propsOf, randomModel, rng, type Config } from './random-models.ts';
import type { MakeBackend } from './suite.ts';

const agrees = (c: Config, choices: Choices) =>
  Object.entries(choices).every(([f, v]) => c[f] === v);

const allows = (rs: Restriction[], c: Config) =>
  rs.every((r) => Object.entries(r.allowed).every(([f, vs]) => vs.includes(c[f]!)));

/** One or two restrictions, each allowing a random non-empty subset of one or two features. */
function randomRestrictions(domains: Record<string, Value[]>, r: () => number): Restriction[] {
  const ids = Object.keys(domains);
  const out: Restriction[] = [];
  const n = 1 + Math.floor(r() * 2);
  for (let i = 0; i < n; i++) {
    const allowed: Record<string, Value[]> = {};
    for (let j = 0; j < 1 + Math.floor(r() * 2); j++) {
      const f = ids[Math.floor(r() * ids.length)]!;
      const vs = domains[f]!.filter(() => r() < 0.5);
      allowed[f] = vs.length ? vs : [domains[f]![0]!];
    }
    out.push({ id: `r${i}`, message: `offer ${i}`, allowed });
  }
  return out;
}

function setupCase(seed: number, make: MakeBackend) {
  const { model, holds, domains } = randomModel(seed);
  const { ir, issues } = buildIR(model);
  assert.deepEqual(issues, [], `model ${seed} builds`);
  const solutions = allConfigs(domains).filter((c) => holds.every((h) => h(c)));
  return { model, ir, holds, domains, solutions, backend: make(model, ir) };
}

export function runRestrictions(
  label: string,
  make: MakeBackend,
  models = 60,
  allowNullCount = false,
) {
  test(`${label}: restricted domains, counts, optimum, samples and validation equal brute force`, () => {
    let checked = 0;
    for (let seed = 1; seed <= models; seed++) {
      const { model, domains, solutions, backend } = setupCase(seed, make);
      const r = rng(seed * 31337 + 5);
      const restrictions = randomRestrictions(domains, r);
      const opts = { restrictions };
      const inside = solutions.filter((c) => allows(restrictions, c));
      const src = inside[Math.floor(r() * inside.length)];
      const sets: Choices[] = [{}];
      if (src)
        sets.push(
          Object.fromEntries(
            Object.keys(domains)
              .filter(() => r() < 0.4)
              .map((f) => [f, src[f]!]),
          ),
        );
      for (const choices of sets) {
        const what = `model ${seed} ${JSON.stringify(restrictions)} under ${JSON.stringify(choices)}`;
        const sols = inside.filter((c) => agrees(c, choices));
        const dom = backend.domains(choices, opts);
        for (const f of Object.keys(domains))
          assert.deepEqual(
            [...dom[f]!].map(String).sort(),
            [...new Set(sols.map((c) => c[f]!))].map(String).sort(),
            `${what}: domain of ${f}`,
          );
        const n = backend.count(choices, opts);
        if (!(allowNullCount && n === null)) assert.equal(n, BigInt(sols.length), `${what}: count`);
        const best = backend.optimize(choices, { sense: 'min', weights: { price: 1 } }, opts);
        if (sols.length === 0) assert.equal(best, null, `${what}: no optimum`);
        else {
          assert.ok(best && sols.some((s) => agrees(s, best)), `${what}: optimum is inside`);
          const min = Math.min(...sols.map((c) => propsOf(model, c).price));
          assert.equal(propsOf(model, best).price, min, `${what}: optimum price`);
        }
        try {
          for (const c of backend.sample(choices, 10, seed, opts))
            assert.ok(
              sols.some((s) => agrees(s, c)),
              `${what}: sample inside`,
            );
        } catch (err) {
          assert.ok(err instanceof SamplingUnavailableError, `${what}: refuses clearly`);
        }
        checked++;
      }
      const outside = solutions.find((c) => !allows(restrictions, c));
      if (outside) {
        const v = backend.validate(outside, opts);
        assert.equal(v.valid, false, `model ${seed}: a configuration outside is invalid`);
        assert.ok(
          v.violations.some((x) => x.rule.startsWith('restriction:')),
          `model ${seed}: names it`,
        );
      }
    }
    assert.ok(checked >= models);
  });

  test(`${label}: an excluded value names a restriction exactly when no change of choices frees it`, () => {
    let named = 0;
    let normal = 0;
    for (let seed = 1; seed <= models; seed++) {
      const { domains, solutions, backend } = setupCase(seed, make);
      const r = rng(seed * 7727 + 9);
      const restrictions = randomRestrictions(domains, r);
      const opts = { restrictions };
      const inside = solutions.filter((c) => allows(restrictions, c));
      const src = inside[Math.floor(r() * inside.length)];
      if (!src) continue;
      const order = Object.keys(domains).filter(() => r() < 0.5);
      const choices: Choices = Object.fromEntries(order.map((f) => [f, src[f]!]));
      const dom = backend.domains(choices, opts);
      for (const f of Object.keys(domains)) {
        if (choices[f] !== undefined) continue;
        for (const v of domains[f]!) {
          if (dom[f]!.includes(v)) continue;
          const what = `model ${seed} ${JSON.stringify(restrictions)} under ${JSON.stringify(choices)}: ${f}=${String(v)}`;
          const e = backend.explain(choices, order, f, v, opts);
          assert.ok(e, `${what}: explained`);
          const direct = restrictions.filter((x) => x.allowed[f] && !x.allowed[f].includes(v));
          const freeable = inside.some((c) => c[f] === v);
          const inModel = solutions.some((c) => c[f] === v);
          const ids = (e.restrictions ?? []).map((x) => x.id);
          if (direct.length) {
            assert.deepEqual(
              ids,
              direct.map((x) => x.id),
              `${what}: names the restriction`,
            );
            assert.deepEqual(e.conflicting, [], `${what}: proposes no change`);
            named++;
          } else if (!freeable && inModel) {
            assert.ok(ids.length > 0, `${what}: names a restriction`);
            named++;
          } else {
            assert.deepEqual(ids, [], `${what}: names no restriction`);
            if (freeable) {
              const drop = new Set(e.conflicting.map((c) => c.feature));
              const kept = Object.fromEntries(
                Object.entries(choices).filter(([g]) => !drop.has(g)),
              );
              assert.ok(
                inside.some((c) => c[f] === v && agrees(c, kept)),
                `${what}: the change frees it`,
              );
              const fewest = Math.min(
                ...inside
                  .filter((c) => c[f] === v)
                  .map((c) => order.filter((g) => c[g] !== choices[g]).length),
              );
              assert.equal(e.conflicting.length, fewest, `${what}: fewest changes`);
            }
            normal++;
          }
        }
      }
    }
    assert.ok(named > 0 && normal > 0, `${named} named, ${normal} normal`);
  });

  test(`${label}: a value only the restrictions exclude names a minimal set of them, the same at every step`, () => {
    let named = 0;
    let withRules = 0;
    for (let seed = 1; seed <= models; seed++) {
      const { model, ir, holds, domains, solutions, backend } = setupCase(seed, make);
      const r = rng(seed * 6151 + 3);
      const restrictions = randomRestrictions(domains, r);
      const inside = solutions.filter((c) => allows(restrictions, c));
      const src = inside[Math.floor(r() * inside.length)];
      if (!src) continue;
      const order = Object.keys(domains).filter(() => r() < 0.5);
      const steps = order.map((_, i) =>
        Object.fromEntries(order.slice(0, i + 1).map((f) => [f, src[f]!])),
      );
      // Same allowed values under other names: the names must follow the restrictions asked.
      const renamed = restrictions.map((x) => ({ ...x, id: `${x.id}'`, message: 'renamed' }));
      const fresh = make(model, ir);
      for (const [f, vs] of Object.entries(domains))
        for (const v of vs) {
          const direct = restrictions.some((x) => x.allowed[f] && !x.allowed[f].includes(v));
          const freeable = inside.some((c) => c[f] === v);
          if (direct || freeable || !solutions.some((c) => c[f] === v)) continue;
          const what = `model ${seed} ${JSON.stringify(restrictions)}: ${f}=${String(v)}`;
          const first = backend.explain({}, [], f, v, { restrictions });
          assert.ok(first?.restrictions?.length, `${what}: names restrictions`);
          const ids = new Set(first.restrictions.map((x) => x.id));
          const kept = restrictions.filter((x) => ids.has(x.id));
          assert.ok(
            !solutions.some((c) => c[f] === v && allows(kept, c)),
            `${what}: the named restrictions exclude it`,
          );
          for (const x of kept)
            assert.ok(
              solutions.some(
                (c) =>
                  c[f] === v &&
                  allows(
                    kept.filter((y) => y !== x),
                    c,
                  ),
              ),
              `${what}: ${x.id} is needed`,
            );
          assert.deepEqual(first.conflicting, [], `${what}: proposes no change`);
          if (first.rules.length) {
            // The rules named exclude it within the named restrictions.
            const ruleIds = new Set(first.rules.map((x) => x.id));
            const idx = (model.rules ?? []).flatMap((rule, i) => (ruleIds.has(rule.id) ? [i] : []));
            assert.ok(
              !allConfigs(domains).some(
                (c) => c[f] === v && allows(kept, c) && idx.every((i) => holds[i]!(c)),
              ),
              `${what}: the named rules exclude it`,
            );
            withRules++;
          }
          for (const choices of steps)
            assert.deepEqual(
              backend.explain(choices, Object.keys(choices), f, v, { restrictions }),
              first,
              `${what}: the same under ${JSON.stringify(choices)}`,
            );
          assert.deepEqual(
            fresh.explain(steps.at(-1) ?? {}, order, f, v, { restrictions }),
            first,
            `${what}: the same from a fresh backend`,
          );
          const other = backend.explain({}, [], f, v, { restrictions: renamed });
          assert.deepEqual(
            other?.restrictions?.map((x) => x.id),
            first.restrictions.map((x) => `${x.id}'`),
            `${what}: names the restrictions asked`,
          );
          named++;
        }
    }
    assert.ok(named > 0 && withRules > 0, `${named} named, ${withRules} with rules`);
  });

  test(`${label}: bounded optimize equals the brute-force optimum within the bounds (or null)`, () => {
    let found = 0;
    let none = 0;
    for (let seed = 1; seed <= models; seed++) {
      const { model, domains, solutions, backend } = setupCase(seed, make);
      if (solutions.length === 0) continue;
      const r = rng(seed * 4093 + 11);
      const ids = Object.keys(domains);
      const f = ids[Math.floor(r() * ids.length)]!;
      const v = domains[f]![Math.floor(r() * domains[f]!.length)]!;
      const key = `${f}=${String(v)}`;
      const costs = solutions.map((c) => propsOf(model, c).cost);
      const limit =
        Math.min(...costs) + Math.floor(r() * (Math.max(...costs) - Math.min(...costs) + 2)) - 1;
      const w2 = solutions.map((c) => propsOf(model, c).weight + (c[f] === v ? 5 : 0));
      const lo = Math.min(...w2);
      const bounds: Bound[] = [
        { weights: { cost: 1 }, max: limit },
        {
          weights: { weight: 1, [key]: 5 },
          max: lo + Math.floor(r() * (Math.max(...w2) - lo + 2)) - 1,
        },
      ];
      const restrictions = r() < 0.5 ? randomRestrictions(domains, r) : [];
      const val = (c: Config, w: Record<string, number>) => {
        const p = propsOf(model, c);
        return (
          (w.cost ?? 0) * p.cost +
          (w.weight ?? 0) * p.weight +
          (w.price ?? 0) * p.price +
          (w[key] ?? 0) * (c[f] === v ? 1 : 0)
        );
      };
      const ok = solutions.filter(
        (c) => allows(restrictions, c) && bounds.every((b) => val(c, b.weights) <= b.max),
      );
      for (const sense of ['max', 'min'] as const) {
        const got = backend.optimize(
          {},
          { sense, weights: { price: 1 } },
          { restrictions, bounds },
        );
        const what = `model ${seed} bounds ${JSON.stringify(bounds)} ${sense}`;
        if (ok.length === 0) {
          assert.equal(got, null, `${what}: none`);
          none++;
          continue;
        }
        assert.ok(got, `${what}: found`);
        assert.ok(
          ok.some((c) => agrees(c, got)),
          `${what}: within bounds and restrictions`,
        );
        const prices = ok.map((c) => propsOf(model, c).price);
        assert.equal(
          propsOf(model, got).price,
          sense === 'max' ? Math.max(...prices) : Math.min(...prices),
          `${what}: optimal`,
        );
        found++;
      }
    }
    assert.ok(found > 0 && none > 0, `${found} optima, ${none} empty`);
  });

  test(`${label}: property — a value outside a restriction is never available nor chosen`, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: models }),
        fc.integer({ min: 0, max: 1e6 }),
        (seed, s) => {
          const { domains, backend } = setupCase(seed, make);
          const restrictions = randomRestrictions(domains, rng(s));
          const dom = backend.domains({}, { restrictions });
          for (const x of restrictions)
            for (const [f, vs] of Object.entries(x.allowed))
              for (const v of dom[f]!) assert.ok(vs.includes(v), `${f}=${String(v)} allowed`);
        },
      ),
      { seed: 42, numRuns: 40 },
    );
  });
}
