// Restrictions (a provider's offer, a company-approved design space) applied at query time:
// per feature the allowed values, intersected over all restrictions. Backends read the
// combined mask in the same passes as the choices; nothing is recompiled.
import type { Configuration, Explanation, QueryOptions, Restriction, Violation } from '../api.ts';
import { UnknownChoiceError } from '../errors.ts';
import { valueIndex, type IR } from './ir.ts';

export interface RestrictionMask {
  /** Per feature index: 1 per allowed value index, or null when the feature is unrestricted. */
  allow: Array<Uint8Array | null>;
  /** '' when nothing is restricted; equal keys mean equal masks. */
  key: string;
  /**
   * Equal signatures mean the same restrictions in the same order (ids, messages and allowed
   * values): every answer, explanations included, is the same for both.
   */
  signature: string;
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
  const parts: string[] = [];
  for (const r of list) {
    const own: string[] = [];
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
      own.push(`${f}:${m.join('')}`);
      const prev = allow[f];
      if (prev) for (let i = 0; i < m.length; i++) prev[i] = prev[i]! & m[i]!;
      else allow[f] = m;
    }
    parts.push(JSON.stringify([r.id, r.message ?? null, own.sort()]));
  }
  let key = '';
  allow.forEach((m, f) => {
    if (m && m.some((x) => x === 0)) key += `${f}:${m.join('')};`;
    else allow[f] = null;
  });
  const out: RestrictionMask = { allow, key, signature: parts.join(','), restrictions: list };
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

/**
 * Facts a backend derives from one set of restrictions whatever the choices (what they
 * exclude and why), kept for the most recently used sets by signature: sessions of the same
 * offer or approved space share them, and a step does not recompute them.
 */
export class RestrictionFacts<T> {
  private readonly bySignature = new Map<string, T>();

  constructor(private readonly capacity = 16) {}

  of(mask: RestrictionMask, make: () => T): T {
    const m = this.bySignature;
    let facts = m.get(mask.signature);
    if (facts === undefined) {
      facts = make();
      if (m.size >= this.capacity) m.delete(m.keys().next().value!);
    } else m.delete(mask.signature);
    m.set(mask.signature, facts);
    return facts;
  }
}

/** A copy callers may change without touching an explanation kept in RestrictionFacts. */
export function copyExplanation(e: Explanation): Explanation {
  return {
    conflicting: e.conflicting.map((c) => ({ ...c })),
    rules: e.rules.map((r) => ({ ...r })),
    ...(e.restrictions ? { restrictions: e.restrictions.map((r) => ({ ...r })) } : {}),
  };
}
