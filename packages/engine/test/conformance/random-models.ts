// Seeded random small product models for the conformance suite. Every rule comes with an
// independent JavaScript predicate over the named configuration, so brute force does not
// share the engine's expression parser or IR evaluator.
import type { FeatureDef, ProductModel, RuleDef, Value } from '../../src/model/types.ts';

export type Config = Record<string, Value>;

export interface RandomModel {
  model: ProductModel;
  /** `holds[i]` decides rule `model.rules[i]` on a complete configuration. */
  holds: Array<(c: Config) => boolean>;
  domains: Record<string, Value[]>;
}

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Largest number of configurations of a random model. */
const CONFIG_BUDGET = 12_000;

export function randomModel(seed: number): RandomModel {
  const r = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const features: FeatureDef[] = [];
  const domains: Record<string, Value[]> = {};
  const weight: Record<string, Map<Value, number>> = {};
  const price: Record<string, Map<Value, number>> = {};
  const lead: Record<string, Map<Value, number>> = {};
  // 6–10 features, domains kept small enough that brute force stays cheap (≤ 12,000 configurations).
  const nf = int(6, 10);
  let product = 1;
  for (let i = 0; i < nf; i++) {
    const cap = Math.floor(CONFIG_BUDGET / product / 2 ** (nf - i - 1));
    const kind = cap < 3 ? 'bool' : pick(['enum', 'enum', 'bool', 'int'] as const);
    const id = `f${i}`;
    weight[id] = new Map();
    price[id] = new Map();
    lead[id] = new Map();
    if (kind === 'enum') {
      const n = int(2, Math.min(4, cap));
      product *= n;
      const options = Array.from({ length: n }, (_, j) => {
        const o = {
          id: `o${j}`,
          price: int(-2, 8) * 100,
          leadTimeDays: int(0, 9),
          props: { weight: int(0, 5) * 10 },
        };
        price[id]!.set(o.id, o.price);
        lead[id]!.set(o.id, o.leadTimeDays);
        weight[id]!.set(o.id, o.props.weight);
        return o;
      });
      features.push({ id, type: 'enum', options });
      domains[id] = options.map((o) => o.id);
    } else if (kind === 'bool') {
      const p = int(0, 5) * 100;
      const w = int(0, 4) * 10;
      const lt = int(0, 12);
      features.push({
        id,
        type: 'bool',
        whenTrue: { price: p, leadTimeDays: lt, props: { weight: w } },
      });
      domains[id] = [false, true];
      product *= 2;
      price[id]!.set(true, p).set(false, 0);
      lead[id]!.set(true, lt).set(false, 0);
      weight[id]!.set(true, w).set(false, 0);
    } else {
      const min = int(0, 3);
      const step = int(1, 2);
      const max = min + step * int(1, Math.min(3, cap - 1));
      const per = int(0, 3) * 5;
      features.push({ id, type: 'int', min, max, step, linear: { price: { perUnit: per } } });
      const vals: number[] = [];
      for (let v = min; v <= max; v += step) vals.push(v);
      domains[id] = vals;
      product *= vals.length;
      for (const v of vals) {
        price[id]!.set(v, per * (v - min));
        lead[id]!.set(v, 0);
        weight[id]!.set(v, 0);
      }
    }
  }
  const ids = features.map((f) => f.id);
  const kindOf = (id: string) => features.find((f) => f.id === id)!.type;
  const lit = (v: Value) => (typeof v === 'string' ? v : String(v));
  const atom = (): { text: string; holds: (c: Config) => boolean } => {
    const f = pick(ids);
    const k = kindOf(f);
    const dom = domains[f]!;
    if (k === 'bool')
      return r() < 0.5
        ? { text: f, holds: (c) => c[f] === true }
        : { text: `not ${f}`, holds: (c) => c[f] === false };
    if (k === 'int') {
      const t = pick(dom) as number;
      const op = pick(['<=', '>=', '=', '!=', '<', '>'] as const);
      const cmp = (x: number) =>
        op === '<='
          ? x <= t
          : op === '>='
            ? x >= t
            : op === '='
              ? x === t
              : op === '!='
                ? x !== t
                : op === '<'
                  ? x < t
                  : x > t;
      return { text: `${f} ${op} ${t}`, holds: (c) => cmp(c[f] as number) };
    }
    if (r() < 0.5) {
      const v = pick(dom);
      return r() < 0.7
        ? { text: `${f} = ${lit(v)}`, holds: (c) => c[f] === v }
        : { text: `${f} != ${lit(v)}`, holds: (c) => c[f] !== v };
    }
    const set = dom.filter(() => r() < 0.5);
    if (set.length === 0) set.push(dom[0]!);
    return { text: `${f} in {${set.map(lit).join(', ')}}`, holds: (c) => set.includes(c[f]!) };
  };
  const rules: RuleDef[] = [];
  const holds: Array<(c: Config) => boolean> = [];
  const makeRule = (i: number): void => {
    const id = `r${i}`;
    const kind = pick([
      'imp',
      'or',
      'nand',
      'iff',
      'sum',
      'count',
      'table',
      'clause',
      'intsum',
    ] as const);
    if (kind === 'imp' || kind === 'or' || kind === 'iff') {
      const a = atom();
      const b = atom();
      const op = kind === 'imp' ? '->' : kind === 'or' ? 'or' : '<->';
      rules.push({ id, expr: `(${a.text}) ${op} (${b.text})`, message: `rule ${i}` });
      holds.push(
        kind === 'imp'
          ? (c) => !a.holds(c) || b.holds(c)
          : kind === 'or'
            ? (c) => a.holds(c) || b.holds(c)
            : (c) => a.holds(c) === b.holds(c),
      );
    } else if (kind === 'nand') {
      const a = atom();
      const b = atom();
      rules.push({ id, expr: `not (${a.text} and ${b.text})` });
      holds.push((c) => !(a.holds(c) && b.holds(c)));
    } else if (kind === 'sum') {
      const bound = 100 + int(2, 12) * 10; // the base weight (100) counts too
      const op = pick(['<=', '>='] as const);
      rules.push({ id, expr: `sum(weight) ${op} ${bound}` });
      const total = (c: Config) => ids.reduce((s, f) => s + (weight[f]!.get(c[f]!) ?? 0), 100);
      holds.push(op === '<=' ? (c) => total(c) <= bound : (c) => total(c) >= bound);
    } else if (kind === 'count') {
      const a = atom();
      const b = atom();
      const c2 = atom();
      const n = int(0, 2);
      rules.push({ id, expr: `count(${a.text}, ${b.text}, ${c2.text}) <= ${n}` });
      holds.push((c) => [a, b, c2].filter((x) => x.holds(c)).length <= n);
    } else if (kind === 'intsum') {
      const ints = ids.filter((f) => kindOf(f) !== 'enum');
      if (ints.length < 2) {
        const a = atom();
        rules.push({ id, expr: a.text });
        holds.push(a.holds);
        return;
      }
      const [x, y] = [ints[0]!, ints[1]!];
      const k = int(0, 6);
      rules.push({ id, expr: `${x} + 2 * ${y} <= ${k}` });
      const num = (v: Value) => (v === true ? 1 : v === false ? 0 : (v as number));
      holds.push((c) => num(c[x]!) + 2 * num(c[y]!) <= k);
    } else if (kind === 'table') {
      const a = pick(ids);
      const b = pick(ids.filter((x) => x !== a));
      const mode = pick(['allow', 'forbid'] as const);
      const rows: Value[][] = [];
      const nrows = int(1, 5);
      for (let j = 0; j < nrows; j++)
        rows.push([r() < 0.2 ? '*' : pick(domains[a]!), r() < 0.2 ? '*' : pick(domains[b]!)]);
      rules.push({ id, table: { features: [a, b], mode, rows } });
      const match = (c: Config) =>
        rows.some(
          (row) => (row[0] === '*' || row[0] === c[a]) && (row[1] === '*' || row[1] === c[b]),
        );
      holds.push(mode === 'allow' ? match : (c) => !match(c));
    } else {
      const bools = ids.filter((f) => kindOf(f) === 'bool');
      if (bools.length === 0) {
        const a = atom();
        rules.push({ id, expr: a.text });
        holds.push(a.holds);
        return;
      }
      const lits = bools.slice(0, 3).map((f) => (r() < 0.5 ? f : `!${f}`));
      rules.push({ id, clause: lits });
      holds.push((c) =>
        lits.some((l) => (l.startsWith('!') ? c[l.slice(1)] === false : c[l] === true)),
      );
    }
  };

  // Mostly satisfiable: a rule that would leave no product is drawn again (a few times), except
  // in about one model in twelve, which keeps whatever it draws (unsatisfiable ones included).
  const keepAll = seed % 12 === 0;
  let solutions = allConfigs(domains);
  const nr = int(3, 7);
  for (let i = 0; i < nr; i++) {
    for (let attempt = 0; ; attempt++) {
      makeRule(i);
      const left = solutions.filter(holds[holds.length - 1]!);
      if (keepAll || left.length > 0) {
        solutions = left;
        break;
      }
      rules.pop();
      holds.pop();
      if (attempt === 10) break;
    }
  }
  rules.forEach((r, i) => (r.id = `r${i}`));
  const model: ProductModel = {
    id: `random-${seed}`,
    name: `Random ${seed}`,
    currency: 'EUR',
    base: { price: 1000, leadTimeDays: int(0, 4), props: { weight: 100 } },
    features,
    rules,
  };
  return { model, holds, domains };
}

/** Every complete configuration (Cartesian product of the domains). */
export function allConfigs(domains: Record<string, Value[]>): Config[] {
  let out: Config[] = [{}];
  for (const [f, vals] of Object.entries(domains))
    out = out.flatMap((c) => vals.map((v) => ({ ...c, [f]: v })));
  return out;
}

/** Aggregated properties of a configuration computed from the model definition directly. */
export function propsOf(
  model: ProductModel,
  c: Config,
): { price: number; leadTimeDays: number; weight: number; cost: number } {
  let price = model.base?.price ?? 0;
  let lead = model.base?.leadTimeDays ?? 0;
  let weight = model.base?.props?.weight ?? 0;
  let cost = model.base?.cost ?? 0;
  for (const f of model.features) {
    const v = c[f.id]!;
    if (f.type === 'enum') {
      const o = f.options.find((x) => x.id === v)!;
      price += o.price ?? 0;
      lead = Math.max(lead, o.leadTimeDays ?? 0);
      weight += o.props?.weight ?? 0;
      cost += o.cost ?? 0;
    } else if (f.type === 'bool') {
      const p = v ? f.whenTrue : f.whenFalse;
      price += p?.price ?? 0;
      lead = Math.max(lead, p?.leadTimeDays ?? 0);
      weight += p?.props?.weight ?? 0;
      cost += p?.cost ?? 0;
    } else {
      const lin = f.linear?.price;
      if (lin) price += (lin.offset ?? 0) + lin.perUnit * ((v as number) - f.min);
    }
  }
  return { price, leadTimeDays: lead, weight, cost };
}
