// Restrictions (a provider's offer, a company-approved design space) applied at query time:
// per feature the allowed values, intersected over all restrictions. Backends read the
// combined mask in the same passes as the choices; nothing is recompiled.
import type { Configuration, QueryOptions, Restriction, Violation } from '../api.ts';
import { UnknownChoiceError } from '../errors.ts';
import { valueIndex, type IR } from './ir.ts';

export interface RestrictionMask {
  /** Per feature index: 1 per allowed value index, or null when the feature is unrestricted. */
  allow: Array<Uint8Array | null>;
  /** '' when nothing is restricted; equal keys mean equal masks. */
  key: string;
  restrictions: readonly Restriction[];
}

const EMPTY: readonly Restriction[] = [];
const memo = new WeakMap<IR, WeakMap<readonly Restriction[], RestrictionMask>>();

/** The combined mask of `opts.restrictions` (validated like choices: UnknownChoiceError). */
export function restrictionMask(ir: IR, opts?: QueryOptions): RestrictionMask {
  const list = opts?.restrictions ?? EMPTY;
  let byList = memo.get(ir);
  if (!byList) memo.set(ir, (byList = new WeakMap()));
  const hit = byList.get(list);
  if (hit) return hit;
  const allow: Array<Uint8Array | null> = ir.features.map(() => null);
  for (const r of list) {
    for (const [fid, values] of Object.entries(r.allowed)) {
      const f = ir.featureIndex.get(fid);
      if (f === undefined) throw new UnknownChoiceError(fid);
      const feat = ir.features[f]!;
      const m = new Uint8Array(feat.values.length);
      for (const v of values) {
        const i = valueIndex(feat, v);
        if (i < 0) throw new UnknownChoiceError(fid, v);
        m[i] = 1;
      }
      const prev = allow[f];
      if (prev) for (let i = 0; i < m.length; i++) prev[i] = prev[i]! & m[i]!;
      else allow[f] = m;
    }
  }
  let key = '';
  allow.forEach((m, f) => {
    if (m && m.some((x) => x === 0)) key += `${f}:${m.join('')};`;
    else allow[f] = null;
  });
  const out: RestrictionMask = { allow, key, restrictions: list };
  byList.set(list, out);
  return out;
}

function ref(r: Restriction): { id: string; message?: string } {
  return r.message ? { id: r.id, message: r.message } : { id: r.id };
}

/** The restrictions that do not allow value index `vi` of feature index `f`. */
export function restrictionsExcluding(
  ir: IR,
  mask: RestrictionMask,
  f: number,
  vi: number,
): Array<{ id: string; message?: string }> {
  if (!mask.allow[f] || mask.allow[f][vi]) return [];
  const feat = ir.features[f]!;
  return mask.restrictions
    .filter((r) => {
      const vs = r.allowed[feat.id];
      return vs !== undefined && !vs.some((v) => valueIndex(feat, v) === vi);
    })
    .map(ref);
}

/** Named references to restrictions by index. */
export function restrictionRefs(
  mask: RestrictionMask,
  indices: number[],
): Array<{ id: string; message?: string }> {
  return indices.map((i) => ref(mask.restrictions[i]!));
}

/** The mask of one subset of the restrictions (by index), uncached. */
export function subsetMask(ir: IR, mask: RestrictionMask, keep: number[]): RestrictionMask {
  return restrictionMask(ir, { restrictions: keep.map((i) => mask.restrictions[i]!) });
}

/** One violation per restriction a configuration breaks (rule `restriction:<id>`). */
export function restrictionViolations(
  ir: IR,
  opts: QueryOptions | undefined,
  config: Configuration,
): Violation[] {
  const out: Violation[] = [];
  for (const r of opts?.restrictions ?? EMPTY) {
    const bad = Object.entries(r.allowed).find(([fid, values]) => {
      const f = ir.featureIndex.get(fid);
      if (f === undefined) throw new UnknownChoiceError(fid);
      const feat = ir.features[f]!;
      const v = config[fid];
      if (v === undefined) return false;
      const i = valueIndex(feat, v);
      return !values.some((x) => valueIndex(feat, x) === i);
    });
    if (bad)
      out.push({
        rule: `restriction:${r.id}`,
        message: r.message ?? `'${bad[0]}' must be one of ${bad[1].map(String).join(', ')}`,
      });
  }
  return out;
}
