// An immutable decision diagram extracted from a manager, laid out for queries.
//
// Layout: node 0 = false, node 1 = true (level `nlevels`), then the inner nodes sorted by
// level, so children always have larger ids than their parents (except the terminals):
// a top-down pass is a loop over increasing ids and a bottom-up pass over decreasing ids.
// `levelStart[l] .. levelStart[l + 1]` are the nodes of level l.
//
// `quasi = true` also makes every edge to a non-false node go exactly one level down by
// inserting pass-through nodes (a quasi-reduced diagram). The configuration queries use this
// form: every path to `true` then visits every level once, so no query has to account for
// skipped features. Edges to `false` are kept as they are (they are dead anyway).
import type { MddManager } from './manager.ts';

export interface FrozenDD {
  nlevels: number;
  dom: Int32Array;
  lvl: Int32Array;
  start: Int32Array;
  kids: Int32Array;
  levelStart: Int32Array;
  roots: Int32Array;
}

export function freeze(m: MddManager, roots: number[], quasi: boolean): FrozenDD {
  const L = m.nlevels;
  // Collect reachable nodes per level, then (if quasi) pass-through nodes.
  const perLevel: number[][] = Array.from({ length: L }, () => []);
  // Pass-through node for (level, target) is keyed as a negative temporary id.
  const passKey = new Map<string, number>();
  const passNodes: Array<{ level: number; target: number }> = [];
  const seen = new Set<number>();
  const stack: number[] = [];
  const visit = (n: number) => {
    if (n > 1 && !seen.has(n)) {
      seen.add(n);
      stack.push(n);
    }
  };
  roots.forEach(visit);
  while (stack.length) {
    const n = stack.pop()!;
    const l = m.level(n);
    perLevel[l]!.push(n);
    const d = m.dom[l]!;
    for (let v = 0; v < d; v++) visit(m.child(n, v));
  }
  /** Temporary id for "reach `target` from `level`": the node itself or a chain of pass-throughs. */
  const via = (level: number, target: number): number => {
    if (!quasi || target === 0) return target;
    const tl = target === 1 ? L : m.level(target);
    if (tl === level) return target;
    const key = `${level}:${target}`;
    let id = passKey.get(key);
    if (id === undefined) {
      id = -(passNodes.length + 1);
      passKey.set(key, id);
      passNodes.push({ level, target });
    }
    return id;
  };
  // Resolve: temp ids (>=0 real nodes, <0 pass-through) → final ids.
  const rootTemps = roots.map((r) => via(0, r));
  const childTemps = new Map<number, Int32Array>();
  for (let l = 0; l < L; l++)
    for (const n of perLevel[l]!) {
      const d = m.dom[l]!;
      const k = new Int32Array(d);
      for (let v = 0; v < d; v++) k[v] = via(l + 1, m.child(n, v));
      childTemps.set(n, k);
    }
  // Pass-through nodes may create further pass-through nodes one level lower.
  for (let i = 0; i < passNodes.length; i++) {
    const p = passNodes[i]!;
    via(p.level + 1, p.target);
  }
  const passPerLevel: number[][] = Array.from({ length: L }, () => []);
  passNodes.forEach((p, i) => passPerLevel[p.level]!.push(-(i + 1)));

  const levelStart = new Int32Array(L + 1);
  const finalId = new Map<number, number>();
  let next = 2;
  let kidsLen = 0;
  for (let l = 0; l < L; l++) {
    levelStart[l] = next;
    for (const n of perLevel[l]!) {
      finalId.set(n, next++);
      kidsLen += m.dom[l]!;
    }
    for (const p of passPerLevel[l]!) {
      finalId.set(p, next++);
      kidsLen += m.dom[l]!;
    }
  }
  levelStart[L] = next;
  const idOf = (t: number) => (t === 0 || t === 1 ? t : finalId.get(t)!);
  const lvl = new Int32Array(next);
  const start = new Int32Array(next);
  const kids = new Int32Array(kidsLen);
  lvl[0] = L;
  lvl[1] = L;
  let used = 0;
  for (let l = 0; l < L; l++) {
    const d = m.dom[l]!;
    for (const n of perLevel[l]!) {
      const id = finalId.get(n)!;
      lvl[id] = l;
      start[id] = used;
      const k = childTemps.get(n)!;
      for (let v = 0; v < d; v++) kids[used + v] = idOf(k[v]!);
      used += d;
    }
    for (const p of passPerLevel[l]!) {
      const id = finalId.get(p)!;
      lvl[id] = l;
      start[id] = used;
      const { target } = passNodes[-p - 1]!;
      const c = idOf(via(l + 1, target));
      for (let v = 0; v < d; v++) kids[used + v] = c;
      used += d;
    }
  }
  return {
    nlevels: L,
    dom: Int32Array.from(m.dom),
    lvl,
    start,
    kids,
    levelStart,
    roots: Int32Array.from(rootTemps, idOf),
  };
}

/** Number of inner nodes. */
export function innerNodes(f: FrozenDD): number {
  return f.lvl.length - 2;
}
