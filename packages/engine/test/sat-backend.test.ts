import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProductModel, FeatureDef, RuleDef } from '../src/model/types.ts';
import { buildIR, evalExpr, type IR } from '../src/compile/ir.ts';
import { SatBackend } from '../src/sat/backend.ts';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random small model: bool, enum and int features, implications, sums and tables. */
function randomModel(seed: number): ProductModel {
  const r = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  const features: FeatureDef[] = [];
  const nf = 3 + Math.floor(r() * 4);
  for (let i = 0; i < nf; i++) {
    const kind = pick(['bool', 'enum', 'int'] as const);
    if (kind === 'bool')
      features.push({
        id: `b${i}`,
        type: 'bool',
        whenTrue: { price: Math.floor(r() * 50), leadTimeDays: Math.floor(r() * 9) },
      });
    else if (kind === 'enum') {
      const n = 2 + Math.floor(r() * 3);
      features.push({
        id: `e${i}`,
        type: 'enum',
        options: Array.from({ length: n }, (_, k) => ({
          id: `o${k}`,
          price: Math.floor(r() * 80) - 10,
          leadTimeDays: Math.floor(r() * 12),
        })),
      });
    } else
      features.push({
        id: `n${i}`,
        type: 'int',
        min: 1,
        max: 1 + Math.floor(r() * 4),
        linear: { price: { perUnit: 7 } },
      });
  }
  const atom = (): string => {
    const f = pick(features);
    if (f.type === 'bool') return r() < 0.5 ? f.id : `not ${f.id}`;
    if (f.type === 'enum')
      return `${f.id} in {${
        f.options
          .filter(() => r() < 0.5)
          .map((o) => o.id)
          .join(', ') || f.options[0]!.id
      }}`;
    return `${f.id} ${pick(['<=', '>=', '!='])} ${f.min + Math.floor(r() * (f.max - f.min + 1))}`;
  };
  const rules: RuleDef[] = [];
  const nr = 1 + Math.floor(r() * 4);
  for (let i = 0; i < nr; i++) {
    const kind = r();
    if (kind < 0.5)
      rules.push({ id: `r${i}`, expr: `${atom()} -> ${atom()} ${pick(['and', 'or'])} ${atom()}` });
    else if (kind < 0.65) rules.push({ id: `r${i}`, expr: `not (${atom()} and ${atom()})` });
    else if (kind < 0.8)
      rules.push({
        id: `r${i}`,
        expr: `sum(price) ${pick(['<=', '>=', '!='])} ${Math.floor(r() * 150)}`,
      });
    else {
      const fs = [pick(features), pick(features)].filter(
        (f, k, a) => a.findIndex((g) => g.id === f.id) === k,
      );
      const vals = (f: FeatureDef): Array<string | number | boolean> =>
        f.type === 'bool'
          ? [true, false]
          : f.type === 'enum'
            ? f.options.map((o) => o.id)
            : Array.from({ length: f.max - f.min + 1 }, (_, k) => f.min + k);
      const rows = Array.from({ length: 1 + Math.floor(r() * 4) }, () =>
        fs.map((f) => (r() < 0.15 ? '*' : pick(vals(f)))),
      );
      rules.push({
        id: `r${i}`,
        table: { features: fs.map((f) => f.id), mode: r() < 0.5 ? 'allow' : 'forbid', rows },
      });
    }
  }
  return { id: `m${seed}`, name: 'random', currency: 'EUR', base: { price: 100 }, features, rules };
}

function allConfigs(ir: IR): Int32Array[] {
  const out: Int32Array[] = [];
  const asg = new Int32Array(ir.features.length);
  const rec = (f: number): void => {
    if (f === ir.features.length) {
      if (ir.rules.every((r) => evalExpr(r.expr, asg))) out.push(Int32Array.from(asg));
      return;
    }
    for (let v = 0; v < ir.features[f]!.values.length; v++) {
      asg[f] = v;
      rec(f + 1);
    }
  };
  rec(0);
  return out;
}

function total(ir: IR, name: string, asg: Int32Array): number {
  const p = ir.properties.find((x) => x.name === name)!;
  const parts = ir.features.map((_, f) => p.w[f]![asg[f]!]!);
  return p.aggregate === 'max'
    ? Math.max(p.base, ...parts)
    : p.base + parts.reduce((a, b) => a + b, 0);
}

test('SAT backend answers domains, counts, ranges and optimal completions like brute force', () => {
  for (let seed = 1; seed <= 60; seed++) {
    const { ir, issues } = buildIR(randomModel(seed));
    assert.deepEqual(issues, [], `seed ${seed}`);
    const sat = new SatBackend(ir);
    const configs = allConfigs(ir);
    const r = rng(seed * 7);
    const choiceSets: Array<Record<string, string | number | boolean>> = [{}];
    for (let k = 0; k < 4; k++) {
      const c: Record<string, string | number | boolean> = {};
      for (const f of ir.features)
        if (r() < 0.35) c[f.id] = f.values[Math.floor(r() * f.values.length)]!;
      choiceSets.push(c);
    }
    for (const choices of choiceSets) {
      const idx = ir.features.map((f) =>
        choices[f.id] === undefined ? -1 : f.values.indexOf(choices[f.id]!),
      );
      const matching = configs.filter((a) => idx.every((v, f) => v < 0 || a[f] === v));
      const doms = sat.domains(choices);
      ir.features.forEach((f, fi) => {
        const expected = f.values.filter((_, v) => matching.some((a) => a[fi] === v));
        assert.deepEqual(
          doms[f.id],
          expected,
          `seed ${seed} domains of ${f.id} under ${JSON.stringify(choices)}`,
        );
      });
      assert.equal(sat.count(choices), BigInt(matching.length), `seed ${seed} count`);
      const ranges = sat.ranges(choices);
      if (matching.length > 0) {
        const prices = matching.map((a) => total(ir, 'price', a));
        const leads = matching.map((a) => total(ir, 'leadTimeDays', a));
        assert.deepEqual(
          ranges.price,
          { min: Math.min(...prices), max: Math.max(...prices) },
          `seed ${seed} price range`,
        );
        assert.deepEqual(
          ranges.leadTimeDays,
          { min: Math.min(...leads), max: Math.max(...leads) },
          `seed ${seed} lead range`,
        );
        const best = sat.optimize(choices, { sense: 'min', weights: { price: 1 } });
        assert.ok(best && sat.validate(best).valid);
        const bestIdx = ir.features.map((f) => f.values.indexOf(best[f.id]!));
        assert.equal(
          total(ir, 'price', Int32Array.from(bestIdx)),
          Math.min(...prices),
          `seed ${seed} cheapest`,
        );
        const fastest = sat.optimize(choices, { sense: 'min', weights: { leadTimeDays: 1 } })!;
        const fIdx = ir.features.map((f) => f.values.indexOf(fastest[f.id]!));
        assert.equal(
          total(ir, 'leadTimeDays', Int32Array.from(fIdx)),
          Math.min(...leads),
          `seed ${seed} fastest`,
        );
        const samples = sat.sample(choices, 5, seed);
        assert.equal(samples.length, 5);
        for (const s of samples) assert.ok(sat.validate(s).valid);
      } else {
        assert.equal(sat.optimize(choices, { sense: 'min', weights: { price: 1 } }), null);
      }
    }
  }
});

test('excluded option explains the fewest choices to drop, older choices first', () => {
  for (let seed = 100; seed < 160; seed++) {
    const { ir } = buildIR(randomModel(seed));
    const sat = new SatBackend(ir);
    const configs = allConfigs(ir);
    const r = rng(seed);
    const choices: Record<string, string | number | boolean> = {};
    const order: string[] = [];
    for (const f of ir.features) {
      if (r() < 0.6) {
        choices[f.id] = f.values[Math.floor(r() * f.values.length)]!;
        order.push(f.id);
      }
    }
    for (const f of ir.features) {
      for (const value of f.values) {
        const ex = sat.explain(choices, order, f.id, value);
        const fi = ir.features.indexOf(f);
        const vi = f.values.indexOf(value);
        const others = order.filter((g) => g !== f.id);
        const okWithout = (drop: Set<string>): boolean =>
          configs.some(
            (a) =>
              a[fi] === vi &&
              others.every(
                (g) =>
                  drop.has(g) ||
                  a[ir.featureIndex.get(g)!] ===
                    ir.features[ir.featureIndex.get(g)!]!.values.indexOf(choices[g]!),
              ),
          );
        if (okWithout(new Set())) {
          assert.equal(ex, null, `seed ${seed}: ${f.id}=${String(value)} is possible`);
          continue;
        }
        assert.ok(ex, `seed ${seed}: ${f.id}=${String(value)} needs an explanation`);
        if (!okWithout(new Set(others))) {
          assert.deepEqual(ex.conflicting, []);
          assert.ok(ex.rules.length > 0);
          continue;
        }
        const drop = new Set(ex.conflicting.map((c) => c.feature));
        assert.ok(
          okWithout(drop),
          `seed ${seed}: dropping the explanation makes ${f.id}=${String(value)} possible`,
        );
        // No smaller set works, and no equally small set drops only older choices.
        const rank = (s: Set<string>): number => [...s].reduce((t, g) => t + others.indexOf(g), 0);
        const n = others.length;
        for (let mask = 0; mask < 1 << n; mask++) {
          const s = new Set(others.filter((_, i) => mask & (1 << i)));
          if (!okWithout(s)) continue;
          assert.ok(s.size >= drop.size, `seed ${seed}: a smaller correction exists`);
          if (s.size === drop.size)
            assert.ok(rank(s) >= rank(drop), `seed ${seed}: an older correction exists`);
        }
        assert.ok(ex.rules.length > 0, 'names the responsible rules');
      }
    }
  }
});
