// An independent solver for table CSPs (XCSP extensional instances), used to check the
// decision-diagram engine on Renault: its own regex reader of the XML, generalized arc
// consistency by scanning tuples, and depth-first search. It shares no code with the engine.

export interface TableCsp {
  names: string[];
  dom: number[];
  /** Allowed tuples per constraint (conflict tables are complemented on load). */
  cons: Array<{ scope: number[]; tuples: Int32Array }>;
}

export function readXcsp(xml: string): TableCsp {
  const domSize = new Map<string, number>();
  for (const m of xml.matchAll(/<domain name="([^"]+)" nbValues="(\d+)">/g))
    domSize.set(m[1]!, Number(m[2]));
  const names: string[] = [];
  const dom: number[] = [];
  for (const m of xml.matchAll(/<variable domain="([^"]+)" name="([^"]+)"\/>/g)) {
    names.push(m[2]!);
    dom.push(domSize.get(m[1]!)!);
  }
  const index = new Map(names.map((n, i) => [n, i]));
  const rels = new Map<string, { conflicts: boolean; tuples: number[][] }>();
  for (const m of xml.matchAll(
    /<relation arity="\d+" name="([^"]+)" nbTuples="\d+" semantics="(\w+)"(?:\/>|>([^<]*)<\/relation>)/g,
  )) {
    const tuples = (m[3] ?? '')
      .split('|')
      .map((t) => t.trim())
      .filter(Boolean)
      .map((t) => t.split(/\s+/).map(Number));
    rels.set(m[1]!, { conflicts: m[2] === 'conflicts', tuples });
  }
  const cons: TableCsp['cons'] = [];
  for (const m of xml.matchAll(
    /<constraint arity="\d+" name="[^"]+" reference="([^"]+)" scope="([^"]+)"\/>/g,
  )) {
    const rel = rels.get(m[1]!)!;
    const scope = m[2]!
      .trim()
      .split(/\s+/)
      .map((n) => index.get(n)!);
    let tuples = rel.tuples;
    if (rel.conflicts) {
      if (scope.length !== 2) throw new Error('only binary conflict tables are complemented');
      const bad = new Set(tuples.map((t) => t.join(',')));
      tuples = [];
      for (let a = 0; a < dom[scope[0]!]!; a++)
        for (let b = 0; b < dom[scope[1]!]!; b++) if (!bad.has(`${a},${b}`)) tuples.push([a, b]);
    }
    cons.push({ scope, tuples: Int32Array.from(tuples.flat()) });
  }
  return { names, dom, cons };
}

/** Current domains as bit sets (every domain here has at most 64 values: two 32-bit words). */
type Doms = Uint32Array; // 2 words per variable

function has(d: Doms, x: number, v: number): boolean {
  return (d[x * 2 + (v >> 5)]! & (1 << (v & 31))) !== 0;
}

const watchCache = new WeakMap<TableCsp, number[][]>();
function watches(csp: TableCsp): number[][] {
  let w = watchCache.get(csp);
  if (!w) {
    w = csp.dom.map(() => []);
    csp.cons.forEach((c, i) => c.scope.forEach((x) => w![x]!.push(i)));
    watchCache.set(csp, w);
  }
  return w;
}

/** Generalized arc consistency to a fixpoint, revisiting only constraints over changed variables
 * (all constraints when `changed` is omitted); false when a domain empties. */
function propagate(csp: TableCsp, d: Doms, changed?: number[]): boolean {
  const w = watches(csp);
  const queued = new Uint8Array(csp.cons.length);
  const queue: number[] = [];
  const push = (i: number) => {
    if (!queued[i]) {
      queued[i] = 1;
      queue.push(i);
    }
  };
  if (changed) for (const x of changed) w[x]!.forEach(push);
  else csp.cons.forEach((_, i) => push(i));
  while (queue.length) {
    const ci = queue.shift()!;
    queued[ci] = 0;
    const c = csp.cons[ci]!;
    const k = c.scope.length;
    const seen = new Uint32Array(k * 2);
    const n = c.tuples.length / k;
    for (let t = 0; t < n; t++) {
      let ok = true;
      for (let j = 0; j < k && ok; j++) ok = has(d, c.scope[j]!, c.tuples[t * k + j]!);
      if (!ok) continue;
      for (let j = 0; j < k; j++) {
        const v = c.tuples[t * k + j]!;
        seen[j * 2 + (v >> 5)]! |= 1 << (v & 31);
      }
    }
    for (let j = 0; j < k; j++) {
      const x = c.scope[j]!;
      let shrunk = false;
      for (let ww = 0; ww < 2; ww++) {
        const nw = (d[x * 2 + ww]! & seen[j * 2 + ww]!) >>> 0;
        if (nw !== d[x * 2 + ww]) {
          d[x * 2 + ww] = nw;
          shrunk = true;
        }
      }
      if (d[x * 2] === 0 && d[x * 2 + 1] === 0) return false;
      if (shrunk) for (const other of w[x]!) if (other !== ci) push(other);
    }
  }
  return true;
}

function initial(csp: TableCsp, fixed: Map<number, number>): Doms {
  const d = new Uint32Array(csp.dom.length * 2);
  csp.dom.forEach((n, x) => {
    for (let v = 0; v < n; v++)
      if (!fixed.has(x) || fixed.get(x) === v) d[x * 2 + (v >> 5)]! |= 1 << (v & 31);
  });
  return d;
}

function values(d: Doms, x: number, n: number): number[] {
  const out: number[] = [];
  for (let v = 0; v < n; v++) if (has(d, x, v)) out.push(v);
  return out;
}

/** One solution under `fixed` (variable → value), or null. */
export function solve(csp: TableCsp, fixed: Map<number, number>): number[] | null {
  const rec = (d: Doms, changed?: number[]): number[] | null => {
    if (!propagate(csp, d, changed)) return null;
    let best = -1;
    let size = Infinity;
    for (let x = 0; x < csp.dom.length; x++) {
      const s = values(d, x, csp.dom[x]!).length;
      if (s > 1 && s < size) {
        size = s;
        best = x;
      }
    }
    if (best < 0) return csp.dom.map((n, x) => values(d, x, n)[0]!);
    for (const v of values(d, best, csp.dom[best]!)) {
      const e = Uint32Array.from(d);
      e[best * 2] = 0;
      e[best * 2 + 1] = 0;
      e[best * 2 + (v >> 5)]! |= 1 << (v & 31);
      const r = rec(e, [best]);
      if (r) return r;
    }
    return null;
  };
  return rec(initial(csp, fixed));
}

/** Values of each variable that some solution under `fixed` takes. */
export function validDomains(csp: TableCsp, fixed: Map<number, number>): number[][] {
  const supported = csp.dom.map((n) => new Uint8Array(n));
  const d0 = initial(csp, fixed);
  if (!propagate(csp, d0)) return csp.dom.map(() => []);
  for (let x = 0; x < csp.dom.length; x++) {
    for (const v of values(d0, x, csp.dom[x]!)) {
      if (supported[x]![v]) continue;
      const f = new Map(fixed);
      f.set(x, v);
      const sol = solve(csp, f);
      if (sol) sol.forEach((val, y) => (supported[y]![val] = 1));
    }
  }
  return supported.map((s) => [...s.keys()].filter((v) => s[v]));
}

/** Number of solutions under `fixed` by exhaustive search (use with enough variables fixed). */
export function countSolutions(csp: TableCsp, fixed: Map<number, number>): bigint {
  const rec = (d: Doms, changed?: number[]): bigint => {
    if (!propagate(csp, d, changed)) return 0n;
    let best = -1;
    let size = Infinity;
    for (let x = 0; x < csp.dom.length; x++) {
      const s = values(d, x, csp.dom[x]!).length;
      if (s > 1 && s < size) {
        size = s;
        best = x;
      }
    }
    if (best < 0) return 1n;
    let total = 0n;
    for (const v of values(d, best, csp.dom[best]!)) {
      const e = Uint32Array.from(d);
      e[best * 2] = 0;
      e[best * 2 + 1] = 0;
      e[best * 2 + (v >> 5)]! |= 1 << (v & 31);
      total += rec(e, [best]);
    }
    return total;
  };
  return rec(initial(csp, fixed));
}
