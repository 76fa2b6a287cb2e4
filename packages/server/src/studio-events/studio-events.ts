// Studio events as plain data: the closed list of types and entry paths, and the one parser that
// turns what a browser sent into compact integer rows — or drops the event with a reason. Nothing
// a browser sends is stored as it came: features, values and rules are looked up in the product
// version's compiled model and kept as indices; anything else is dropped and counted.
import { priceOf, valueIndex, type CompiledModel, type Value } from '@customerize/engine';

export const EVENT_TYPES = [
  'studio_opened',
  'excluded_opened',
  'why_read',
  'chose_anyway',
  'conflict_abandoned',
  'design_saved',
  'quoted',
  'ordered',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const ENTRY_PATHS = ['needs', 'options', 'preset', 'remix', 'name_your_price'] as const;
export type EntryPath = (typeof ENTRY_PATHS)[number];

/** The funnel's steps, in order. */
export const FUNNEL_STEPS = ['studio_opened', 'design_saved', 'quoted', 'ordered'] as const;

/** Most events one batch may carry (the body limit is the app's, 1 MiB). */
export const MAX_BATCH_EVENTS = 200;

/** Why an event was dropped (the counters' `reason`). */
export const DROP_REASONS = [
  'unknown_type',
  'personal_field',
  'unknown_field',
  'malformed',
  'unknown_feature',
  'unknown_value',
  'unknown_rule',
] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/** Fields every event may carry. */
const COMMON = ['type', 'first', 'firstRules'] as const;
/** Fields each type may carry besides the common ones; nothing else is accepted. */
const FIELDS: Record<EventType, readonly string[]> = {
  studio_opened: [],
  excluded_opened: ['feature', 'value', 'rules', 'design'],
  why_read: ['feature', 'value', 'rules'],
  chose_anyway: ['feature', 'value', 'rules', 'design'],
  conflict_abandoned: ['feature', 'value', 'rules', 'design'],
  design_saved: [],
  quoted: [],
  ordered: [],
};
/** Each type's accepted fields as a set, made once. */
const ALLOWED = new Map<string, ReadonlySet<string>>(
  Object.entries(FIELDS).map(([type, fields]) => [type, new Set([...COMMON, ...fields])]),
);
/** Types that must name the rules the engine gave. */
const NEEDS_RULES = new Set<EventType>(['why_read', 'chose_anyway', 'conflict_abandoned']);
/** Types whose event carries the attempted value (and so a price). */
const NEEDS_FEATURE = new Set<EventType>(['excluded_opened', 'why_read', 'chose_anyway']);

/**
 * Field names that are, or may carry, personal data: such an event is dropped as "personal"
 * (an unknown harmless field is "unknown"); both are counted, neither is stored.
 */
const PERSONAL =
  /mail|name|phone|address|street|zip|postcode|city|birth|customer|user|person|account|ip|text|comment|message|note|free|personal|measure|height|prescription|card|iban|token|cookie|session|id$/i;

export type ParsedEvent = {
  type: number;
  first: boolean;
  feature: number | null;
  value: number | null;
  rules: number[];
  firstRules: number[];
  price: number | null;
};

export type Dropped = { reason: DropReason; field: string; message: string };

export type ModelIndex = {
  compiled: CompiledModel;
  rules: Map<string, number>;
  /** The list prices of designs priced before (the same design always costs the same). */
  prices: Map<string, number>;
};

/** How many design prices each model keeps. */
const PRICE_CACHE_SIZE = 4096;

const indexes = new WeakMap<CompiledModel, ModelIndex>();

/** Rule ids → indices of a compiled model, and its price cache (made once per compiled model). */
export function modelIndex(compiled: CompiledModel): ModelIndex {
  let index = indexes.get(compiled);
  if (!index) {
    index = {
      compiled,
      rules: new Map(compiled.ir.rules.map((r, i) => [r.id, i])),
      prices: new Map(),
    };
    indexes.set(compiled, index);
  }
  return index;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isValue = (v: unknown): v is Value =>
  typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/**
 * One event as sent, checked against the model: the compact row, or why it is dropped (with the
 * field, `events.<i>.<field>`). Personal measurements (customer-input features) never enter:
 * a value or design that carries one is dropped as personal.
 */
export function parseEvent(
  index: ModelIndex,
  raw: unknown,
  at: number,
): { ok: ParsedEvent } | { dropped: Dropped } {
  const field = (name: string) => `events.${at}${name ? `.${name}` : ''}`;
  const drop = (reason: DropReason, name: string, message: string) => ({
    dropped: { reason, field: field(name), message },
  });
  if (!isRecord(raw)) return drop('malformed', '', 'must be an object');
  const type = EVENT_TYPES.indexOf(raw.type as EventType);
  if (type < 0) return drop('unknown_type', 'type', `must be one of ${EVENT_TYPES.join(', ')}`);
  const name = EVENT_TYPES[type]!;
  const allowed = ALLOWED.get(name)!;
  for (const key of Object.keys(raw)) {
    if (allowed.has(key)) continue;
    return PERSONAL.test(key)
      ? drop('personal_field', key, 'personal data is never recorded with studio events')
      : drop('unknown_field', key, `is not a field of a ${name} event`);
  }
  if (raw.first !== undefined && typeof raw.first !== 'boolean')
    return drop('malformed', 'first', 'must be a boolean');
  const { compiled } = index;
  const ir = compiled.ir;

  let feature: number | null = null;
  let value: number | null = null;
  if (raw.feature !== undefined) {
    if (typeof raw.feature !== 'string') return drop('malformed', 'feature', 'must be a string');
    const fi = ir.featureIndex.get(raw.feature);
    if (fi === undefined) return drop('unknown_feature', 'feature', 'is not in the model');
    feature = fi;
    const f = ir.features[fi]!;
    if (raw.value !== undefined) {
      if (f.customerInput)
        return drop('personal_field', 'value', 'a personal measurement is never recorded');
      if (!isValue(raw.value)) return drop('malformed', 'value', 'must be a value of the feature');
      const vi = valueIndex(f, raw.value);
      if (vi < 0 || typeof raw.value !== typeof f.values[vi])
        return drop('unknown_value', 'value', `is not a value of ${raw.feature}`);
      value = vi;
    } else if (NEEDS_FEATURE.has(name) && !f.customerInput)
      return drop('malformed', 'value', 'is required');
  } else if (raw.value !== undefined) return drop('malformed', 'feature', 'is required');
  else if (NEEDS_FEATURE.has(name)) return drop('malformed', 'feature', 'is required');

  const ruleList = (key: 'rules' | 'firstRules') => {
    const list = raw[key];
    if (list === undefined) return { ok: [] as number[] };
    if (!Array.isArray(list) || list.length > 64 || !list.every((r) => typeof r === 'string'))
      return { error: drop('malformed', key, 'must be a list of rule ids') };
    const out: number[] = [];
    for (const id of list as string[]) {
      const ri = index.rules.get(id);
      if (ri === undefined) return { error: drop('unknown_rule', key, `${id} is not a rule`) };
      if (!out.includes(ri)) out.push(ri);
    }
    return { ok: out };
  };
  const rules = ruleList('rules');
  if ('error' in rules) return rules.error!;
  const firstRules = ruleList('firstRules');
  if ('error' in firstRules) return firstRules.error!;
  if (NEEDS_RULES.has(name) && rules.ok!.length === 0)
    return drop('malformed', 'rules', 'must name the rules the engine gave');
  if (!firstRules.ok!.every((r) => rules.ok!.includes(r)))
    return drop('malformed', 'firstRules', 'must be some of the rules');

  let price: number | null = null;
  if (raw.design !== undefined) {
    if (!isRecord(raw.design) || Object.keys(raw.design).length > ir.features.length)
      return drop('malformed', 'design', 'must map features to values');
    const design: Record<string, Value> = {};
    // The design as value indices in model order: its key in the model's price cache.
    const picked: number[] = new Array<number>(ir.features.length).fill(-1);
    for (const [key, v] of Object.entries(raw.design)) {
      const fi = ir.featureIndex.get(key);
      if (fi === undefined) return drop('unknown_feature', `design.${key}`, 'is not in the model');
      const f = ir.features[fi]!;
      if (f.customerInput)
        return drop('personal_field', `design.${key}`, 'a personal measurement is never recorded');
      const vi = isValue(v) ? valueIndex(f, v) : -1;
      if (vi < 0 || typeof v !== typeof f.values[vi])
        return drop('unknown_value', `design.${key}`, `is not a value of ${key}`);
      design[key] = f.values[vi]!;
      picked[fi] = vi;
    }
    if (feature !== null && value !== null) {
      design[ir.features[feature]!.id] = ir.features[feature]!.values[value]!;
      picked[feature] = value;
    }
    // The server's own price of the design the customer was trying to have (list price, the
    // personal measurements left out): the blocked-revenue estimate, never a price a client sent.
    price = priceOfDesign(index, picked.join(','), design);
  }
  return {
    ok: {
      type,
      first: raw.first === true,
      feature,
      value,
      rules: rules.ok!,
      firstRules: firstRules.ok!,
      price,
    },
  };
}

/** The list price of a design (checked values only), from the model's cache when priced before. */
function priceOfDesign(index: ModelIndex, key: string, design: Record<string, Value>): number {
  let price = index.prices.get(key);
  if (price === undefined) {
    price = priceOf(index.compiled, design).total;
    if (index.prices.size >= PRICE_CACHE_SIZE) index.prices.clear();
    index.prices.set(key, price);
  }
  return price;
}

/** One counter row's key and increments, before it is added to the table. */
export type CountDelta = {
  type: number;
  rule: number;
  events: number;
  sessions: number;
  revenue: number;
};

/**
 * The counter increments of a batch: per type (rule -1) events and first-in-visit sessions; per
 * type and rule events, sessions (the rule's first touch in the visit) and, for abandoned
 * conflicts, the price of the blocked design.
 */
export function countDeltas(events: ParsedEvent[]): CountDelta[] {
  const out = new Map<string, CountDelta>();
  const add = (type: number, rule: number, sessions: number, revenue: number) => {
    const key = `${type}:${rule}`;
    const row = out.get(key) ?? { type, rule, events: 0, sessions: 0, revenue: 0 };
    row.events += 1;
    row.sessions += sessions;
    row.revenue += revenue;
    out.set(key, row);
  };
  const abandoned = EVENT_TYPES.indexOf('conflict_abandoned');
  for (const e of events) {
    add(e.type, -1, e.first ? 1 : 0, 0);
    for (const r of e.rules)
      add(
        e.type,
        r,
        e.firstRules.includes(r) ? 1 : 0,
        e.type === abandoned ? Math.max(0, e.price ?? 0) : 0,
      );
  }
  return [...out.values()];
}
