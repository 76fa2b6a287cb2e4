// Bids as plain data: checking what a customer insists on, the rebid identity, suggestions made
// only from public information, and the one answer shape shared by accepted and refused bids
// (so neither the body's fields nor their presence say anything about the firm's floor).
import { customerInputFeatures, type CompiledModel, type Value } from '@customerize/engine';
import { createHash } from 'node:crypto';
import type { FieldError } from '../http/errors.ts';
import type { TenantSettings } from '../tenants/tenants.ts';
import type { BidObjective } from './matching.ts';
import type { bids, BidStatus } from './bids.schema.ts';

export type Bid = typeof bids.$inferSelect;

/** A sane maximum for a bid: 10 million in major units (minor units, two decimals). */
export const MAX_BID_AMOUNT = 1_000_000_000;
/** How far ahead a latest delivery date may be. */
export const MAX_BID_DAYS_AHEAD = 366;
/** Price bands of acceptedFrom and of the staff statistics, minor units. */
export const BID_PRICE_BAND = 5_000;
/** acceptedFrom looks back this far. */
export const ACCEPTED_FROM_DAYS = 90;

export type BidSettings = {
  bidOfferHoldMinutes: number;
  rebidWaitHours: number;
  bidObjective: BidObjective;
  showAcceptedFrom: boolean;
};

export function bidSettings(s: TenantSettings): BidSettings {
  return {
    bidOfferHoldMinutes: s.bidOfferHoldMinutes ?? 30,
    rebidWaitHours: s.rebidWaitHours ?? 24,
    bidObjective: s.bidObjective ?? 'most-product',
    showAcceptedFrom: s.showAcceptedFrom ?? false,
  };
}

function featureOf(compiled: CompiledModel, id: string) {
  const fi = compiled.ir.featureIndex.get(id);
  return fi === undefined ? undefined : compiled.ir.features[fi];
}

const hasValue = (values: readonly Value[], v: Value) => values.some((x) => x === v);

/**
 * Field errors of the must-haves and flexible sets: unknown features and values, empty or
 * repeated flexible sets, a feature both insisted on and flexible, and customer-input features
 * (a prescription) the customer has not given as a must-have — nobody else may choose those.
 */
export function bidChoiceErrors(
  compiled: CompiledModel,
  mustHave: Record<string, Value>,
  flexible: Record<string, Value[]>,
): FieldError[] {
  const errors: FieldError[] = [];
  for (const [f, v] of Object.entries(mustHave)) {
    const feature = featureOf(compiled, f);
    if (!feature)
      errors.push({ field: `mustHave.${f}`, message: `the product has no feature ${f}` });
    else if (!hasValue(feature.values, v))
      errors.push({ field: `mustHave.${f}`, message: `${String(v)} is not a value of ${f}` });
  }
  for (const [f, values] of Object.entries(flexible)) {
    const field = `flexible.${f}`;
    const feature = featureOf(compiled, f);
    if (!feature) errors.push({ field, message: `the product has no feature ${f}` });
    else if (f in mustHave)
      errors.push({ field, message: 'is already a must-have; a feature is one or the other' });
    else if (values.length === 0) errors.push({ field, message: 'name at least one value' });
    else
      values.forEach((v, i) => {
        if (!hasValue(feature.values, v))
          errors.push({ field: `${field}.${i}`, message: `${String(v)} is not a value of ${f}` });
      });
  }
  for (const f of customerInputFeatures(compiled.ir))
    if (!(f in mustHave) && featureOf(compiled, f))
      errors.push({
        field: `mustHave.${f}`,
        message: `only you can give ${compiled.model.features.find((x) => x.id === f)?.label ?? f}: enter it as a must-have`,
      });
  return errors;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  return value;
}

/**
 * What makes a rebid "the same bid": product, must-haves, flexibility (as sets) and date — not
 * the price, which is the thing a customer may not probe with. SHA-256 hex.
 */
export function rebidKeyHash(
  productId: string,
  mustHave: Record<string, Value>,
  flexible: Record<string, Value[]>,
  latestDate: string,
): string {
  const sets = Object.fromEntries(
    Object.entries(flexible).map(([f, vs]) => [
      f,
      [...new Set(vs.map((v) => JSON.stringify(v)))].sort(),
    ]),
  );
  return createHash('sha256')
    .update(JSON.stringify(canonical({ productId, mustHave, flexible: sets, latestDate })))
    .digest('hex');
}

export type Suggestion =
  { kind: 'raise-price' } | { kind: 'relax'; features: string[] } | { kind: 'later-date' };

/**
 * What a refused customer can do, from public information only (never the floor): raise the
 * price; relax the must-haves whose list price is above the cheapest other value of the feature,
 * most expensive first; a later date when some provider could build it, only not by then.
 */
export function refusalSuggestions(
  compiled: CompiledModel,
  mustHave: Record<string, Value>,
  dateBlocked: boolean,
): Suggestion[] {
  const price = compiled.ir.properties.find((p) => p.name === 'price')!;
  const customerInput = new Set(customerInputFeatures(compiled.ir));
  const savings: { feature: string; saving: number }[] = [];
  for (const [f, v] of Object.entries(mustHave)) {
    const fi = compiled.ir.featureIndex.get(f);
    if (fi === undefined || customerInput.has(f)) continue;
    const values = compiled.ir.features[fi]!.values;
    const vi = values.findIndex((x) => x === v);
    const ws = price.w[fi] ?? [];
    const others = values.map((_, i) => ws[i] ?? 0).filter((_, i) => i !== vi);
    if (vi < 0 || others.length === 0) continue;
    const saving = (ws[vi] ?? 0) - Math.min(...others);
    if (saving > 0) savings.push({ feature: f, saving });
  }
  savings.sort((a, b) => b.saving - a.saving || (a.feature < b.feature ? -1 : 1));
  return [
    { kind: 'raise-price' },
    ...(savings.length
      ? [{ kind: 'relax' as const, features: savings.map((s) => s.feature) }]
      : []),
    ...(dateBlocked ? [{ kind: 'later-date' as const }] : []),
  ];
}

/** An amount rounded up to its price band (acceptedFrom shows bands, never exact bids). */
export function bandUp(amount: number): number {
  return Math.ceil(amount / BID_PRICE_BAND) * BID_PRICE_BAND;
}

/** The status a reader sees: an accepted offer past its expiry reads as expired at once. */
export function statusAt(bid: Bid, now: Date): BidStatus {
  if (bid.status === 'accepted' && bid.expiresAt && bid.expiresAt.getTime() <= now.getTime())
    return 'expired';
  return bid.status;
}

export type BidAnswer = {
  id: string;
  status: BidStatus;
  product: { slug: string; name: string } | null;
  price: { amount: number; currency: string };
  latestDate: string;
  mustHave: Record<string, Value>;
  flexible: Record<string, Value[]>;
  createdAt: string;
  offer: null | {
    choices: Record<string, Value>;
    listPrice: { amount: number; currency: string };
    promisedDate: string;
    provider: { id: string | null; name: string };
    expiresAt: string;
  };
  suggestions: Suggestion[];
  acceptedFrom: null | { amount: number; currency: string };
  rebidAfter: string | null;
  orderId: string | null;
  token?: string;
};

/**
 * The answer to a bid. Every field is always present, null or [] when unused, so accepted and
 * refused answers have the same shape; nothing of the floor is in it.
 */
export function bidAnswer(
  bid: Bid,
  now: Date,
  extra: {
    /** The product bid on (null only if it was deleted since). */
    product: { slug: string; name: string } | null;
    suggestions: Suggestion[];
    acceptedFrom: number | null;
    rebidWaitHours: number;
    token?: string;
  },
): BidAnswer {
  const o = bid.offer;
  return {
    id: bid.id,
    status: statusAt(bid, now),
    product: extra.product,
    price: { amount: bid.price, currency: bid.currency },
    latestDate: bid.latestDate,
    mustHave: bid.mustHave,
    flexible: bid.flexible,
    createdAt: bid.createdAt.toISOString(),
    offer: o
      ? {
          choices: o.choices,
          listPrice: { amount: o.listPrice, currency: o.currency },
          promisedDate: o.promisedDate,
          provider: { id: o.providerId, name: o.providerName },
          expiresAt: o.expiresAt,
        }
      : null,
    suggestions: bid.status === 'refused' ? extra.suggestions : [],
    acceptedFrom:
      extra.acceptedFrom === null ? null : { amount: extra.acceptedFrom, currency: bid.currency },
    rebidAfter:
      bid.status === 'refused'
        ? new Date(bid.createdAt.getTime() + extra.rebidWaitHours * 3_600_000).toISOString()
        : null,
    orderId: bid.orderId,
    ...(extra.token !== undefined ? { token: extra.token } : {}),
  };
}

/** Waits until `minMs` (plus up to 20% random noise) have passed since `startedAt`. */
export async function padAnswerTime(startedAt: number, minMs: number): Promise<void> {
  if (minMs <= 0) return;
  const target = minMs + Math.random() * minMs * 0.2;
  const wait = target - (performance.now() - startedAt);
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
