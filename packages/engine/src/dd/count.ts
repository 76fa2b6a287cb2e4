// Exact counts of the decision-diagram backend: paths to `true` under the choices, one
// bottom-up pass in BigInt, kept for the set of choices (sampling draws from the same counts).
import type { Choices, QueryOptions } from '../api.ts';
import type { MddCore, State } from './core.ts';

export function countsOf(core: MddCore, st: State): bigint[] {
  if (st.counts) return st.counts;
  const { lvl, start, kids, dom } = core.data.main;
  const N = lvl.length;
  const cnt: bigint[] = new Array<bigint>(N).fill(0n);
  cnt[1] = 1n;
  for (let n = N - 1; n >= 2; n--) {
    if (!st.alive[n]) continue;
    const l = lvl[n]!;
    const c = st.chosen[l]!;
    const s = start[n]!;
    if (c >= 0) cnt[n] = cnt[kids[s + c]!]!;
    else {
      let t = 0n;
      const o = core.offset[l]!;
      for (let v = 0; v < dom[l]!; v++) if (st.allow[o + v]) t += cnt[kids[s + v]!]!;
      cnt[n] = t;
    }
  }
  st.counts = cnt;
  return cnt;
}

export function count(core: MddCore, choices: Choices, opts?: QueryOptions): bigint {
  const st = core.stateOf(choices, opts);
  return countsOf(core, st)[core.data.main.roots[0]!]!;
}
