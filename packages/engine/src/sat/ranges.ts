// Price, lead-time and property ranges of the SAT backend: the minimum and maximum of each
// property's total under the choices (optimize.ts's `minimize`), cached per choice set;
// per-value ranges are the ranges with the value added to the choices.
import type { Choices, Interval, QueryOptions, Ranges } from '../api.ts';
import type { Value } from '../model/types.ts';
import { CACHE_SIZE, type SatCore } from './core.ts';
import { domainsOf } from './domains.ts';
import { minimize, propertyTerms } from './optimize.ts';

export function rangesOf(core: SatCore, chosen: Int32Array): Ranges {
  const key = core.keyOf(chosen);
  const hit = core.rangeCache.get(key);
  if (hit) return hit;
  const out: Ranges = { price: { min: 0, max: 0 }, leadTimeDays: { min: 0, max: 0 }, props: {} };
  const assumptions = core.assumptionsOf(chosen);
  const feasible = domainsOf(core, chosen).feasible;
  for (const p of core.ir.properties) {
    let iv: Interval = { min: p.base, max: p.base };
    const zero = p.w.every((ws) => ws.every((w) => w === 0));
    if (feasible && !zero) {
      const t = propertyTerms(core, p.name)!;
      const lo = minimize(core, assumptions, t.lits, t.coefs);
      const hi = minimize(
        core,
        assumptions,
        t.lits,
        t.coefs.map((c) => -c),
      );
      if (lo && hi) iv = { min: t.base + lo.value, max: t.base - hi.value };
    }
    if (p.name === 'price') out.price = iv;
    else if (p.name === 'leadTimeDays') out.leadTimeDays = iv;
    else out.props[p.name] = iv;
  }
  core.rangeCache.set(key, out);
  if (core.rangeCache.size > 4 * CACHE_SIZE)
    core.rangeCache.delete(core.rangeCache.keys().next().value!);
  return out;
}

export function ranges(core: SatCore, choices: Choices, opts?: QueryOptions): Ranges {
  core.useRestrictions(opts);
  return rangesOf(core, core.chosenOf(choices));
}

export function valueRanges(
  core: SatCore,
  choices: Choices,
  opts?: QueryOptions,
): Record<string, Array<{ value: Value; ranges: Ranges }>> {
  core.useRestrictions(opts);
  const chosen = core.chosenOf(choices);
  const d = domainsOf(core, chosen);
  const out: Record<string, Array<{ value: Value; ranges: Ranges }>> = {};
  const zero = core.ir.properties.every((p) => p.w.every((ws) => ws.every((w) => w === 0)));
  const base = zero ? rangesOf(core, chosen) : null;
  core.ir.features.forEach((f, i) => {
    if (chosen[i]! >= 0) return;
    const list: Array<{ value: Value; ranges: Ranges }> = [];
    const o = core.enc.offset[i]!;
    f.values.forEach((value, v) => {
      if (!d.possible[o + v]) return;
      if (base) {
        list.push({ value, ranges: base });
        return;
      }
      const next = Int32Array.from(chosen);
      next[i] = v;
      list.push({ value, ranges: rangesOf(core, next) });
    });
    out[f.id] = list;
  });
  return out;
}
