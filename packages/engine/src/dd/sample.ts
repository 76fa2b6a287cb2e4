// Seeded, exactly uniform samples of the decision-diagram backend: walk down from the root,
// taking each edge with probability (paths below it) / (paths below the node), every draw an
// exact uniform BigInt (see count.ts for the counts).
import type { Choices, Configuration, QueryOptions } from '../api.ts';
import { leaveInputOpen } from '../compile/evaluate.ts';
import type { MddCore } from './core.ts';
import { countsOf } from './count.ts';

export function sample(
  core: MddCore,
  choices: Choices,
  n: number,
  seed: number,
  opts?: QueryOptions,
): Configuration[] {
  return samplePaths(core, choices, n, seed, opts).map((c) => leaveInputOpen(core.ir, choices, c));
}

function samplePaths(
  core: MddCore,
  choices: Choices,
  n: number,
  seed: number,
  opts?: QueryOptions,
): Configuration[] {
  const st = core.stateOf(choices, opts);
  const cnt = countsOf(core, st);
  const { start, kids, roots, dom, lvl } = core.data.main;
  const root = roots[0]!;
  const out: Configuration[] = [];
  if (cnt[root] === 0n) return out;
  const rnd = prng(seed);
  for (let i = 0; i < n; i++) {
    const asg = new Int32Array(core.L);
    let node = root;
    while (node > 1) {
      const l = lvl[node]!;
      const s = start[node]!;
      let r = randomBelow(cnt[node]!, rnd);
      const c = st.chosen[l]!;
      let pick = -1;
      const o = core.offset[l]!;
      for (let v = 0; v < dom[l]!; v++) {
        if ((c >= 0 && v !== c) || !st.allow[o + v]) continue;
        const k = cnt[kids[s + v]!]!;
        if (r < k) {
          pick = v;
          break;
        }
        r -= k;
      }
      asg[core.data.order[l]!] = pick;
      node = kids[s + pick]!;
    }
    out.push(core.configOf(asg));
  }
  return out;
}

/** A seeded 32-bit generator (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Uniform BigInt in [0, n) by rejection over 32-bit chunks. */
function randomBelow(n: bigint, next: () => number): bigint {
  if (n <= 1n) return 0n;
  const bits = n.toString(2).length;
  const chunks = Math.ceil(bits / 32);
  const excess = BigInt(chunks * 32 - bits);
  while (true) {
    let r = 0n;
    for (let i = 0; i < chunks; i++) r = (r << 32n) | BigInt(next());
    r >>= excess;
    if (r < n) return r;
  }
}
