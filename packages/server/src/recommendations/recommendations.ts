// Recommendations that can be built (docs/recommendations.md): item co-occurrence over the
// (feature, value) pairs of a firm's orders and saved designs, per product, learned from plain
// rows. Two kinds: values for the choices still open ("customers like you chose"), and whole
// designs that complete the customer's current choices. Every suggestion is checked by the
// engine (`validate`, linear in the model) on a complete witness design that keeps the
// customer's choices, in the product's current published version; a suggestion without a
// buildable witness is not made. Answers carry counts of customers only, never anyone's design.
import {
  formatScaled,
  validate,
  valueIndex,
  type CompiledModel,
  type FeatureDef,
  type IRFeature,
  type ProductModel,
  type Value,
} from '@customerize/engine';

/** An order counts this many times a saved design: it is what someone paid for. */
export const ORDER_WEIGHT = 3;
export const DESIGN_WEIGHT = 1;
/**
 * A value, a pair of values or a whole design is suggested (and counted in a reason) only when
 * at least this many different customers chose it: an answer never shows one person's choice.
 */
export const MIN_CUSTOMERS = 3;
/** Engine checks (`validate` of one witness design) one request may make at most. */
export const MAX_CHECKS = 64;
/** Witness designs tried per suggested value. */
const WITNESSES_PER_VALUE = 3;
/** Designs of the history considered per current choice for whole-design suggestions. */
const DESIGNS_PER_CHOICE = 300;
/** Most-chosen designs always considered for whole-design suggestions. */
const TOP_DESIGNS = 200;
/** Smoothing of co-occurrence towards popularity (in weight units). */
const SMOOTHING = 1;
/** Pair keys: a·2^21 + b, a < b (items per product stay far below 2^21). */
const PAIR = 2 ** 21;

export type HistoryKind = 'order' | 'design';

/** One ordered or saved design of the product, with whose it is (an opaque key, never shown). */
export type HistoryRow = {
  kind: HistoryKind;
  /** The customer id, or a key of the guest record (one guest order or design). */
  person: string;
  choices: Record<string, Value>;
};

type Item = { feature: string; featureIndex: number; value: Value };

type LearnedDesign = {
  /** Item ids, ascending. */
  items: number[];
  /** A complete design of the current version with these items (customer input kept: used
   * only inside the engine check, never answered). */
  witness: Record<string, Value>;
  weight: number;
  people: string[];
};

/** What is learned from one product version's history (docs/recommendations.md). */
export type LearnedStats = {
  items: Item[];
  itemIndex: Map<string, number>;
  itemWeight: number[];
  itemPeople: number[];
  pairWeight: Map<number, number>;
  pairPeople: Map<number, number>;
  totalWeight: number;
  designs: LearnedDesign[];
  /** Designs containing each item, most weight first. */
  byItem: Map<number, number[]>;
  /** Design indices, most weight first. */
  ranked: number[];
  rows: number;
};

const itemKey = (feature: string, index: number) => `${feature}\u0000${index}`;
const pairKey = (a: number, b: number) => (a < b ? a * PAIR + b : b * PAIR + a);

/** The item ids of `choices` known to `stats` (customer input and unknown values left out). */
function itemsOf(
  compiled: CompiledModel,
  stats: Pick<LearnedStats, 'itemIndex'>,
  choices: Record<string, Value>,
): number[] {
  const out: number[] = [];
  for (const [feature, raw] of Object.entries(choices)) {
    const i = compiled.ir.featureIndex.get(feature);
    if (i === undefined) continue;
    const f = compiled.ir.features[i]!;
    if (f.customerInput) continue;
    const id = stats.itemIndex.get(itemKey(feature, valueIndex(f, raw)));
    if (id !== undefined) out.push(id);
  }
  return out;
}

/**
 * Learns co-occurrence from the history of one product, read against the current version: a
 * value the version no longer has is not an item, a feature it no longer has is left out.
 */
export function learn(compiled: CompiledModel, rows: readonly HistoryRow[]): LearnedStats {
  const { ir } = compiled;
  const items: Item[] = [];
  const itemIndex = new Map<string, number>();
  const itemWeight: number[] = [];
  const itemPeople: number[] = [];
  const itemLast: number[] = [];
  // Per pair: weight, distinct customers, and the last customer counted (rows are walked
  // customer by customer, so a customer is counted once without a set per pair).
  const pairs = new Map<number, { w: number; people: number; last: number }>();
  const byKey = new Map<string, LearnedDesign & { peopleSet: Set<string> }>();
  let totalWeight = 0;
  let used = 0;
  const order = rows.map((_, i) => i).sort((a, b) => compare(rows[a]!.person, rows[b]!.person));
  let personNo = -1;
  let lastPerson: string | null = null;
  for (const r of order) {
    const row = rows[r]!;
    if (row.person !== lastPerson) {
      personNo++;
      lastPerson = row.person;
    }
    const weight = row.kind === 'order' ? ORDER_WEIGHT : DESIGN_WEIGHT;
    const ids: number[] = [];
    const witness: Record<string, Value> = {};
    for (const [feature, raw] of Object.entries(row.choices)) {
      const fi = ir.featureIndex.get(feature);
      if (fi === undefined) continue;
      const f: IRFeature = ir.features[fi]!;
      const vi = valueIndex(f, raw);
      if (vi < 0) continue;
      witness[feature] = f.values[vi]!;
      if (f.customerInput) continue;
      const key = itemKey(feature, vi);
      let id = itemIndex.get(key);
      if (id === undefined) {
        id = items.length;
        items.push({ feature, featureIndex: fi, value: f.values[vi]! });
        itemIndex.set(key, id);
        itemWeight.push(0);
        itemPeople.push(0);
        itemLast.push(-1);
      }
      ids.push(id);
    }
    if (ids.length === 0) continue;
    used++;
    ids.sort((a, b) => a - b);
    totalWeight += weight;
    for (let x = 0; x < ids.length; x++) {
      const a = ids[x]!;
      itemWeight[a]! += weight;
      if (itemLast[a] !== personNo) {
        itemLast[a] = personNo;
        itemPeople[a]!++;
      }
      for (let y = x + 1; y < ids.length; y++) {
        const k = a * PAIR + ids[y]!;
        let pair = pairs.get(k);
        if (!pair) pairs.set(k, (pair = { w: 0, people: 0, last: -1 }));
        pair.w += weight;
        if (pair.last !== personNo) {
          pair.last = personNo;
          pair.people++;
        }
      }
    }
    const key = ids.join(',');
    let d = byKey.get(key);
    if (!d) {
      d = { items: ids, witness, weight: 0, people: [], peopleSet: new Set() };
      byKey.set(key, d);
    }
    d.weight += weight;
    d.peopleSet.add(row.person);
  }
  const designs: LearnedDesign[] = [...byKey.values()].map((d) => ({
    items: d.items,
    witness: d.witness,
    weight: d.weight,
    people: [...d.peopleSet],
  }));
  const ranked = designs.map((_, i) => i).sort((a, b) => designs[b]!.weight - designs[a]!.weight);
  const byItem = new Map<number, number[]>();
  for (const i of ranked) {
    for (const item of designs[i]!.items) {
      let list = byItem.get(item);
      if (!list) byItem.set(item, (list = []));
      list.push(i);
    }
  }
  const pairPeople = new Map<number, number>();
  const pairWeight = new Map<number, number>();
  for (const [k, pair] of pairs) {
    pairWeight.set(k, pair.w);
    pairPeople.set(k, pair.people);
  }
  return {
    items,
    itemIndex,
    itemWeight,
    itemPeople,
    pairWeight,
    pairPeople,
    totalWeight,
    designs,
    byItem,
    ranked,
    rows: used,
  };
}

/** The customer's own history of the product, as items with weights (personal basis only). */
export type OwnHistory = { items: Map<number, number>; total: number };

export function ownHistoryOf(
  compiled: CompiledModel,
  stats: LearnedStats,
  rows: readonly HistoryRow[],
): OwnHistory {
  const items = new Map<number, number>();
  let total = 0;
  for (const row of rows) {
    const weight = row.kind === 'order' ? ORDER_WEIGHT : DESIGN_WEIGHT;
    total += weight;
    for (const id of itemsOf(compiled, stats, row.choices))
      items.set(id, (items.get(id) ?? 0) + weight);
  }
  return { items, total };
}

export type NextSuggestion = {
  feature: string;
  featureLabel: string;
  value: Value;
  valueLabel: string;
  reason: string;
  /** Customers the reason counts (at least MIN_CUSTOMERS); 0 when the reason is the customer's own. */
  customers: number;
};

export type DesignSuggestion = {
  /** The whole design: the customer's choices kept, the rest as others chose it. Customer-input
   * features the customer has not entered stay open. */
  choices: Record<string, Value>;
  /** The values it adds to the customer's choices, labelled. */
  adds: { feature: string; featureLabel: string; value: Value; valueLabel: string }[];
  reason: string;
  customers: number;
};

export type Recommendations = {
  next: NextSuggestion[];
  designs: DesignSuggestion[];
  /** Engine checks this answer took (bounded by MAX_CHECKS). */
  checks: number;
};

export type RecommendOptions = {
  /** Only values of this feature (the studio's next choice); else any open feature. */
  feature?: string;
  /** Value suggestions (default 5). */
  limit?: number;
  /** Whole-design suggestions (default 3). */
  designs?: number;
  /** The customer's own history (personal basis); null: popularity among customers only. */
  own?: OwnHistory | null;
  /** Complete designs of the version to try as witnesses after the learned ones (the published
   * version's preview and cheapest designs). */
  fallbacks?: Record<string, Value>[];
  /**
   * The engine's valid domains under given choices, when the caller may compute them for this
   * model (a decision diagram: one pass over it). Then a value is suggested exactly when it is in
   * the domain under the current choices, and a design when it extends to a valid product,
   * without needing a learned witness. Not used together with `accept`.
   */
  domains?: (choices: Record<string, Value>) => Record<string, Value[]>;
  /** A further condition on every complete design (a company member's approved space). */
  accept?: (design: Record<string, Value>) => boolean;
};

function featureDef(model: ProductModel, id: string): FeatureDef | undefined {
  return model.features.find((f) => f.id === id);
}

/** How a value reads in a reason: an option's label, "with"/"without" a yes/no feature, a number. */
export function valueLabel(model: ProductModel, feature: string, value: Value): string {
  const f = featureDef(model, feature);
  if (!f) return String(value);
  const name = f.label ?? f.id;
  if (f.type === 'enum') return f.options.find((o) => o.id === value)?.label ?? String(value);
  if (f.type === 'bool')
    return value === true
      ? (f.whenTrue?.label ?? `with ${name.toLowerCase()}`)
      : (f.whenFalse?.label ?? `without ${name.toLowerCase()}`);
  const shown = f.display ? formatScaled(value as number, f.display) : String(value);
  const unit = f.display?.unit ?? f.unit;
  return `${name} ${shown}${unit ? ` ${unit}` : ''}`;
}

export function featureLabel(model: ProductModel, feature: string): string {
  const f = featureDef(model, feature);
  return f?.label ?? feature;
}

const people = (n: number) => `${n} customer${n === 1 ? '' : 's'}`;

/**
 * Ranks and checks suggestions for `choices` (canonical values). Scores: the mean over the
 * customer's current choices c of the smoothed P(value | c) — with no choices yet, plain
 * popularity — and, on the personal basis, blended with the same over the customer's own past
 * designs and orders and with how often they chose the value themselves.
 */
export function recommend(
  compiled: CompiledModel,
  stats: LearnedStats,
  choices: Record<string, Value>,
  options: RecommendOptions = {},
): Recommendations {
  const { model, ir } = compiled;
  const limit = options.limit ?? 5;
  const designLimit = options.designs ?? 3;
  const own = options.own && options.own.total > 0 ? options.own : null;
  const context = itemsOf(compiled, stats, choices);
  let checks = 0;
  const buildable = (design: Record<string, Value>) => {
    checks++;
    return validate(compiled, design).valid && (options.accept?.(design) ?? true);
  };

  const pop = (t: number) => stats.itemWeight[t]! / Math.max(1, stats.totalWeight);
  const given = (c: number, t: number) =>
    ((stats.pairWeight.get(pairKey(c, t)) ?? 0) + SMOOTHING * pop(t)) /
    (stats.itemWeight[c]! + SMOOTHING);

  // --- values for the open choices ---
  const scored: { t: number; score: number }[] = [];
  for (let t = 0; t < stats.items.length; t++) {
    const item = stats.items[t]!;
    if (choices[item.feature] !== undefined) continue;
    if (options.feature !== undefined && item.feature !== options.feature) continue;
    if (stats.itemPeople[t]! < MIN_CUSTOMERS) continue;
    let score =
      context.length === 0 ? pop(t) : context.reduce((s, c) => s + given(c, t), 0) / context.length;
    if (own) {
      // The weighted mean over the items of their own designs of P(value | item).
      let fromOwn = 0;
      let weights = 0;
      for (const [h, w] of own.items) {
        if (h === t) continue;
        fromOwn += w * given(h, t);
        weights += w;
      }
      fromOwn = weights > 0 ? fromOwn / weights : 0;
      const chosenBefore = (own.items.get(t) ?? 0) / own.total;
      score = 0.5 * score + 0.25 * fromOwn + 0.25 * chosenBefore;
    }
    scored.push({ t, score });
  }
  scored.sort((a, b) => b.score - a.score || a.t - b.t);

  const perFeature = options.feature !== undefined ? limit : 2;
  const shownOf = new Map<string, number>();
  const next: NextSuggestion[] = [];
  const agreement = (d: LearnedDesign) => {
    let a = 0;
    for (const c of context) if (binaryHas(d.items, c)) a++;
    return a;
  };
  const exact = options.accept ? undefined : options.domains;
  let current: Record<string, Value[]> | null = null;
  if (exact) {
    checks++;
    current = exact(choices);
  }
  for (const { t } of scored) {
    if (next.length >= limit || checks >= MAX_CHECKS) break;
    const item = stats.items[t]!;
    if ((shownOf.get(item.feature) ?? 0) >= perFeature) continue;
    // Witnesses: learned designs with this value, those sharing most of the current choices
    // first, then the version's own complete designs.
    let ok = current ? (current[item.feature] ?? []).includes(item.value) : false;
    const withItem = current
      ? []
      : (stats.byItem.get(t) ?? []).slice(0, 50).map((i) => stats.designs[i]!);
    withItem.sort((a, b) => agreement(b) - agreement(a));
    const witnesses = current
      ? []
      : [
          ...withItem.slice(0, WITNESSES_PER_VALUE).map((d) => d.witness),
          ...(options.fallbacks ?? []),
        ];
    for (const w of witnesses) {
      if (checks >= MAX_CHECKS) break;
      if (buildable({ ...w, ...choices, [item.feature]: item.value })) {
        ok = true;
        break;
      }
    }
    if (!ok) continue;
    shownOf.set(item.feature, (shownOf.get(item.feature) ?? 0) + 1);
    next.push({
      feature: item.feature,
      featureLabel: featureLabel(model, item.feature),
      value: item.value,
      valueLabel: valueLabel(model, item.feature, item.value),
      ...reasonFor(model, stats, context, t, own),
    });
  }

  // --- whole designs completing the current choices ---
  const chosen = new Set(Object.keys(choices).filter((f) => compiled.ir.featureIndex.has(f)));
  const candidates = new Set<number>(stats.ranked.slice(0, TOP_DESIGNS));
  for (const c of context)
    for (const i of (stats.byItem.get(c) ?? []).slice(0, DESIGNS_PER_CHOICE)) candidates.add(i);
  type Group = { rest: number[]; score: number; people: Set<string>; members: LearnedDesign[] };
  const groups = new Map<string, Group>();
  for (const i of candidates) {
    const d = stats.designs[i]!;
    const rest = d.items.filter((t) => !chosen.has(stats.items[t]!.feature));
    if (rest.length === 0) continue;
    let score = d.weight * 4 ** agreement(d);
    if (own) {
      let overlap = 0;
      for (const t of d.items) if (own.items.has(t)) overlap++;
      score *= 1 + (2 * overlap) / d.items.length;
    }
    const key = rest.join(',');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { rest, score: 0, people: new Set(), members: [] }));
    g.score += score;
    for (const p of d.people) g.people.add(p);
    g.members.push(d);
  }
  const designs: DesignSuggestion[] = [];
  const ranked = [...groups.values()]
    .filter((g) => g.people.size >= MIN_CUSTOMERS)
    .sort((a, b) => b.score - a.score);
  const inputFeatures = new Set(ir.features.filter((f) => f.customerInput).map((f) => f.id));
  for (const g of ranked) {
    if (designs.length >= designLimit || checks >= MAX_CHECKS) break;
    const adds: Record<string, Value> = {};
    for (const t of g.rest) adds[stats.items[t]!.feature] = stats.items[t]!.value;
    const members = [...g.members].sort((a, b) => b.weight - a.weight).slice(0, 2);
    let ok = false;
    for (const m of [...members.map((d) => d.witness), ...(options.fallbacks ?? [])]) {
      if (checks >= MAX_CHECKS) break;
      if (buildable({ ...m, ...adds, ...choices })) {
        ok = true;
        break;
      }
    }
    // No witness with someone's own input fits the customer's: does the design extend to a
    // valid product at all (for some value of what only the customer gives)?
    if (!ok && exact && checks < MAX_CHECKS) {
      checks++;
      const design = { ...adds, ...choices };
      const under = exact(design);
      ok = ir.features.every(
        (f) => (under[f.id] ?? []).length > 0 && (f.customerInput || design[f.id] !== undefined),
      );
    }
    if (!ok) continue;
    // Answered: the customer's choices and the learned rest; nobody's own input (measurements).
    const answer: Record<string, Value> = {};
    for (const f of ir.features) {
      const v = choices[f.id] ?? (inputFeatures.has(f.id) ? undefined : adds[f.id]);
      if (v !== undefined) answer[f.id] = v;
    }
    // Every other feature of a learned design is part of `rest`; a design lacking some feature
    // is not complete and failed the check above.
    const matchedChoice = context.length > 0;
    designs.push({
      choices: answer,
      adds: Object.entries(adds).map(([feature, value]) => ({
        feature,
        featureLabel: featureLabel(model, feature),
        value,
        valueLabel: valueLabel(model, feature, value),
      })),
      reason: matchedChoice
        ? `Completes your choices as ${people(g.people.size)} chose the rest`
        : `Ordered or saved by ${people(g.people.size)}`,
      customers: g.people.size,
    });
  }
  return { next, designs, checks };
}

function reasonFor(
  model: ProductModel,
  stats: LearnedStats,
  context: number[],
  t: number,
  own: OwnHistory | null,
): { reason: string; customers: number } {
  const item = stats.items[t]!;
  const label = valueLabel(model, item.feature, item.value);
  let best: { c: number; n: number; p: number } | null = null;
  for (const c of context) {
    const n = stats.pairPeople.get(pairKey(c, t)) ?? 0;
    if (n < MIN_CUSTOMERS) continue;
    const p = (stats.pairWeight.get(pairKey(c, t)) ?? 0) / stats.itemWeight[c]!;
    if (!best || p > best.p || (p === best.p && n > best.n)) best = { c, n, p };
  }
  const before = own?.items.has(t) ? 'You chose it before; ' : '';
  if (best) {
    const with_ = stats.items[best.c]!;
    return {
      reason: `${before}${label}: chosen with ${valueLabel(model, with_.feature, with_.value)} by ${people(best.n)}`,
      customers: best.n,
    };
  }
  const n = stats.itemPeople[t]!;
  return { reason: `${before}${label}: chosen by ${people(n)}`, customers: n };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function binaryHas(sorted: number[], x: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid]!;
    if (v === x) return true;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
