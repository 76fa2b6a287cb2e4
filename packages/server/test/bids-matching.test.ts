// Matching a bid is exact: on random small models with random provider restrictions, costs,
// floor policies, loads and dates, the design matching accepts has the objective value brute
// force finds over every (provider, design) pair — or there is none when brute force finds none
// — on both engine backends. Brute force shares nothing with matching but floorFor and priceOf.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  compile,
  priceOf,
  type FeatureDef,
  type ProductModel,
  type RuleDef,
  type Value,
} from '@customerize/engine';
import { matchBid, type BidObjective, type MatchProvider } from '../src/bids/matching.ts';
import { floorFor } from '../src/providers/providers.ts';

type Config = Record<string, Value>;

type Case = {
  model: ProductModel;
  holds: ((c: Config) => boolean)[];
  domains: Record<string, Value[]>;
  providers: MatchProvider[];
  mustHave: Config;
  flexible: Record<string, Value[]>;
  price: number;
  objective: BidObjective;
};

/** A seeded generator of one random case (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomCase(seed: number): Case {
  const r = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const some = <T>(xs: readonly T[]): T[] => {
    const out = xs.filter(() => r() < 0.6);
    return out.length ? out : [pick(xs)];
  };
  const features: FeatureDef[] = [];
  const domains: Record<string, Value[]> = {};
  const nf = int(3, 6);
  for (let i = 0; i < nf; i++) {
    const id = `f${i}`;
    if (r() < 0.6) {
      const options = Array.from({ length: int(2, 4) }, (_, j) => ({
        id: `o${j}`,
        price: int(0, 9) * 100,
        cost: int(0, 6) * 50,
        leadTimeDays: int(0, 9),
      }));
      features.push({ id, type: 'enum', options });
      domains[id] = options.map((o) => o.id);
    } else {
      features.push({
        id,
        type: 'bool',
        whenTrue: { price: int(0, 6) * 100, cost: int(0, 4) * 50, leadTimeDays: int(0, 9) },
      });
      domains[id] = [false, true];
    }
  }
  const ids = Object.keys(domains);
  const rules: RuleDef[] = [];
  const holds: ((c: Config) => boolean)[] = [];
  const lit = (v: Value) => String(v);
  const atom = () => {
    const f = pick(ids);
    const v = pick(domains[f]!);
    const text = typeof v === 'boolean' ? (v ? f : `not ${f}`) : `${f} = ${lit(v)}`;
    return { text, holds: (c: Config) => c[f] === v };
  };
  for (let i = 0; i < int(1, 4); i++) {
    const a = atom();
    const b = atom();
    if (r() < 0.5) {
      rules.push({ id: `r${i}`, expr: `(${a.text}) -> (${b.text})` });
      holds.push((c) => !a.holds(c) || b.holds(c));
    } else {
      rules.push({ id: `r${i}`, expr: `not ((${a.text}) and (${b.text}))` });
      holds.push((c) => !(a.holds(c) && b.holds(c)));
    }
  }
  const model: ProductModel = {
    id: 'm',
    name: 'random',
    currency: 'EUR',
    base: { price: int(0, 5) * 100, cost: int(0, 4) * 50, leadTimeDays: int(0, 3) },
    features,
    rules,
  };
  const providers: MatchProvider[] = Array.from({ length: int(1, 3) }, (_, i) => {
    const allowed: Record<string, Value[]> = {};
    for (const f of ids) if (r() < 0.3) allowed[f] = some(domains[f]!);
    const optionCosts: Record<string, number> = {};
    for (const f of ids)
      for (const v of domains[f]!) if (r() < 0.7) optionCosts[`${f}=${String(v)}`] = int(0, 8) * 25;
    return {
      id: i === 0 ? null : `p${i}`,
      kind: i === 0 ? 'own' : 'partner',
      allowed: i === 0 && r() < 0.5 ? null : allowed,
      costs: { baseCost: int(0, 10) * 20, optionCosts, currency: 'EUR' },
      floorPolicy: {
        marginAbs: int(0, 4) * 50,
        marginPercent: int(0, 60),
        yield: {
          enabled: r() < 0.5,
          slackBelow: 0.3,
          fullAbove: 0.8,
          slackDiscountPercent: int(0, 100),
          fullPremiumPercent: int(0, 100),
        },
      },
      load: pick([0.1, 0.5, 0.9]),
      daysAvailable: int(-1, 10),
    };
  });
  const mustHave: Config = {};
  const flexible: Record<string, Value[]> = {};
  for (const f of ids) {
    const x = r();
    if (x < 0.25) mustHave[f] = pick(domains[f]!);
    else if (x < 0.45) flexible[f] = some(domains[f]!);
  }
  return {
    model,
    holds,
    domains,
    providers,
    mustHave,
    flexible,
    price: int(0, 60) * 50,
    objective: r() < 0.5 ? 'most-product' : 'highest-margin',
  };
}

function* allConfigs(domains: Record<string, Value[]>): Generator<Config> {
  const ids = Object.keys(domains);
  const idx = ids.map(() => 0);
  for (;;) {
    yield Object.fromEntries(ids.map((f, i) => [f, domains[f]![idx[i]!]!]));
    let i = 0;
    while (i < ids.length && ++idx[i]! === domains[ids[i]!]!.length) idx[i++] = 0;
    if (i === ids.length) return;
  }
}

/** Some provider builds the must-haves, but none of those designs by its date (price aside). */
function bruteDateBlocked(c: Case, compiledForPrice: ReturnType<typeof compile>): boolean {
  return c.providers.some((p) => {
    let any = false;
    for (const config of allConfigs(c.domains)) {
      if (!c.holds.every((h) => h(config))) continue;
      if (Object.entries(c.mustHave).some(([f, v]) => config[f] !== v)) continue;
      if (Object.entries(c.flexible).some(([f, vs]) => !vs.includes(config[f]!))) continue;
      if (p.allowed && Object.entries(p.allowed).some(([f, vs]) => !vs.includes(config[f]!)))
        continue;
      if (priceOf(compiledForPrice, config).leadTimeDays <= p.daysAvailable) return false;
      any = true;
    }
    return any;
  });
}

/** The best objective value over every (provider, design) pair the bid allows, or null. */
function bruteForce(c: Case, compiledForPrice: ReturnType<typeof compile>): number | null {
  let best: number | null = null;
  for (const config of allConfigs(c.domains)) {
    if (!c.holds.every((h) => h(config))) continue;
    if (Object.entries(c.mustHave).some(([f, v]) => config[f] !== v)) continue;
    if (Object.entries(c.flexible).some(([f, vs]) => !vs.includes(config[f]!))) continue;
    const quote = priceOf(compiledForPrice, config);
    for (const p of c.providers) {
      if (p.allowed && Object.entries(p.allowed).some(([f, vs]) => !vs.includes(config[f]!)))
        continue;
      if (quote.leadTimeDays > p.daysAvailable) continue;
      const f = floorFor(p, config, p.load);
      if (f.floor > c.price) continue;
      const score = c.objective === 'most-product' ? quote.total : -f.cost;
      if (best === null || score > best) best = score;
    }
  }
  return best;
}

for (const backend of ['bdd', 'sat'] as const) {
  test(`matching accepts exactly what brute force finds best (${backend})`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const c = randomCase(seed);
        const compiled = compile(c.model, { backend });
        const result = matchBid(compiled, {
          mustHave: c.mustHave,
          flexible: c.flexible,
          price: c.price,
          objective: c.objective,
          providers: c.providers,
        });
        const expected = bruteForce(c, compiled);
        if (result.kind === 'contradiction') {
          assert.equal(expected, null, 'contradictory must-haves: brute force finds nothing');
          return;
        }
        assert.equal(
          result.dateBlocked,
          bruteDateBlocked(c, compiled),
          'a later date is suggested exactly when some provider could not make the date',
        );
        const top = result.matches[0] ?? null;
        assert.equal(top?.score ?? null, expected, `seed ${seed}`);
        if (!top) return;
        // The accepted design itself is one brute force accepts.
        const p = c.providers.find((x) => x.id === top.providerId)!;
        assert.ok(
          c.holds.every((h) => h(top.choices)),
          'it satisfies the model',
        );
        for (const [f, v] of Object.entries(c.mustHave)) assert.equal(top.choices[f], v);
        for (const [f, vs] of Object.entries(c.flexible)) assert.ok(vs.includes(top.choices[f]!));
        assert.ok(floorFor(p, top.choices, p.load).floor <= c.price, 'floor ≤ bid');
        assert.ok(priceOf(compiled, top.choices).leadTimeDays <= p.daysAvailable, 'by the date');
      }),
      { numRuns: 150 },
    );
  });
}
