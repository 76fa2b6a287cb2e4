// Seeded, exactly uniform samples of the SAT backend (see `sample` for how: enumeration, exact
// counts per value, or a clear refusal — never a silently biased sample).
import type { Choices, Configuration, QueryOptions } from '../api.ts';
import { leaveInputOpen } from '../compile/evaluate.ts';
import { SamplingUnavailableError } from '../errors.ts';
import { ENUMERATION_LIMIT, type SatCore } from './core.ts';
import { count, countCnf, enumerateModels } from './count.ts';
import { domainsOf } from './domains.ts';

/**
 * Seeded, exactly uniform samples over the valid completions (up to the seeded generator:
 * every draw is an exact uniform integer below a BigInt count, by rejection on 32-bit words).
 *   - At most `enumerationLimit` (default 5,000) completions: they are enumerated and drawn.
 *   - More, on a pure clause encoding: feature by feature, each value is taken with
 *     probability count(choices so far + value) / count(choices so far), every count exact
 *     from the component-caching counter — the product of these is 1 / total for every
 *     completion, i.e. exactly uniform.
 *   - Otherwise (the counter runs out of budget, or the encoding has auxiliary variables and
 *     there are too many completions to enumerate): no sample is taken and
 *     `SamplingUnavailableError` says so — never a silently biased sample.
 */
export function sample(
  core: SatCore,
  choices: Choices,
  n: number,
  seed: number,
  opts?: QueryOptions,
): Configuration[] {
  core.useRestrictions(opts);
  return sampleCompletions(core, choices, n, seed).map((c) => leaveInputOpen(core.ir, choices, c));
}

export function sampleCompletions(
  core: SatCore,
  choices: Choices,
  n: number,
  seed: number,
): Configuration[] {
  const chosen = core.chosenOf(choices);
  const assumptions = core.assumptionsOf(chosen);
  const rnd = mulberry32(seed);
  const word = (): number => Math.floor(rnd() * 4294967296);
  const limit = core.options.enumerationLimit ?? ENUMERATION_LIMIT;
  if (!domainsOf(core, chosen).feasible) return [];
  // Pure clause models are counted first: enumeration only pays when it will succeed.
  const known = core.pure
    ? count(core, choices, core.rmask ? { restrictions: core.rmask.restrictions } : undefined)
    : null;
  const enumerable = !core.pure || (known !== null && known <= BigInt(limit));
  const all = enumerable ? enumerateModels(core.ir, assumptions, limit) : null;
  if (all) {
    if (all.length === 0) return [];
    return Array.from({ length: n }, () =>
      core.configurationOf(all[Number(randomBelow(BigInt(all.length), word))]!),
    );
  }
  if (!core.pure || known === null)
    throw new SamplingUnavailableError(
      !core.pure
        ? `more than ${limit} valid completions and no exact counter for this encoding: a uniform sample cannot be guaranteed`
        : 'too many valid completions to count exactly within the budget: a uniform sample cannot be guaranteed',
    );
  const pure = core.pure;
  const primary = core.enc.primaryVars;
  const budget = core.options.countNodeBudget ?? 200000;
  const counts = new Map<string, bigint | null>();
  const countUnder = (lits: number[]): bigint => {
    const key = lits.join(',');
    let c = counts.get(key);
    if (c === undefined) {
      c = countCnf(primary, pure, lits, budget);
      counts.set(key, c);
    }
    if (c === null)
      throw new SamplingUnavailableError(
        'too many valid completions to count exactly within the budget: a uniform sample cannot be guaranteed',
      );
    return c;
  };
  const out: Configuration[] = [];
  for (let i = 0; i < n; i++) {
    const lits = [...assumptions];
    const config: Configuration = {};
    core.ir.features.forEach((f, fi) => {
      const o = core.enc.offset[fi]!;
      if (chosen[fi]! >= 0) {
        config[f.id] = f.values[chosen[fi]!]!;
        return;
      }
      const weights = f.values.map((_, v) => countUnder([...lits, core.enc.slotLit[o + v]!]));
      const total = weights.reduce((a, b) => a + b, 0n);
      let r = randomBelow(total, word);
      let v = 0;
      while (r >= weights[v]!) r -= weights[v++]!;
      lits.push(core.enc.slotLit[o + v]!);
      config[f.id] = f.values[v]!;
    });
    out.push(config);
  }
  return out;
}

/** A uniform BigInt in [0, n) from 32-bit words, by rejection (exact). */
function randomBelow(n: bigint, next: () => number): bigint {
  if (n <= 1n) return 0n;
  const bits = n.toString(2).length;
  const chunks = Math.ceil(bits / 32);
  const excess = BigInt(chunks * 32 - bits);
  for (;;) {
    let r = 0n;
    for (let i = 0; i < chunks; i++) r = (r << 32n) | BigInt(next());
    r >>= excess;
    if (r < n) return r;
  }
}

/** A seeded 32-bit generator (mulberry32) returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
