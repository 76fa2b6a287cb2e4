// Personal offers over plain data: what an offer gives, whether it may be used now, and the
// price line it adds to a quote. The store (offers.store.ts) reads and writes; this file decides.
//
// Composition (one order, documented in docs/offers.md): list price → contract terms (a company
// member's price list) → the offer → the customer's reward (privacy/rewards.ts). A percentage is
// taken of the price after contract terms; every discount is capped at what is left, so a total
// never goes below zero.
import type { Value } from '@customerize/engine';
import { Conflict } from '../http/errors.ts';
import { formatMoney } from '../http/money.ts';
import type { FullQuote, QuoteLine } from '../studio/quote.ts';
import type { OfferKind } from './offers.schema.ts';
import type { offers } from './offers.schema.ts';

export type Offer = typeof offers.$inferSelect;

/** Why an offer named by a customer cannot be used; `code` is in the problem's extensions. */
export type OfferRefusalCode =
  | 'unknown'
  | 'sign-in'
  | 'not-started'
  | 'ended'
  | 'used-up'
  | 'already-used'
  | 'other-product'
  | 'other-currency'
  | 'option-not-chosen';

/**
 * The one answer to an offer that cannot be used: 409 (it depends on the current state — the
 * clock, the uses, the segment, consent — like every other refused order, orders/place-order.ts),
 * naming the field `offerId`. An unknown id, another firm's offer and someone else's offer are
 * the same "unknown" answer, so an id reveals nothing about offers that are not yours. A value
 * that is not a uuid at all is refused earlier by the schema (400, field offerId).
 */
export class OfferRefused extends Conflict {
  constructor(code: OfferRefusalCode, detail: string) {
    super(detail, [{ field: 'offerId', message: detail }]);
    this.extensions = { code };
  }
}

export const UNKNOWN_OFFER = 'There is no offer with this id for you.';

/** What the offer gives, in words a customer reads ("15 % off", "Engraving free"). */
export function offerGives(
  o: Pick<Offer, 'kind' | 'percent' | 'amount' | 'currency' | 'feature' | 'value' | 'daysEarlier'>,
  optionLabel?: string,
): string {
  switch (o.kind) {
    case 'percent':
      return `${o.percent ?? 0} % off`;
    case 'amount':
      return `${formatMoney(o.amount ?? 0, o.currency ?? '')} off`;
    case 'free-option':
      return `${optionLabel ?? `${o.feature}: ${String(o.value)}`} free`;
    case 'faster-date': {
      const d = o.daysEarlier ?? 0;
      return `Faster delivery: up to ${d} day${d === 1 ? '' : 's'} earlier, free`;
    }
  }
}

/**
 * Whether `offer` may be used at `now` by a customer of whom we know `inTarget` (the named
 * customer, or in the segment now with personalization consent) and `usedBefore`, for a product.
 * Throws OfferRefused; the order of checks is the order a customer would want to hear them.
 */
export function assertUsable(
  offer: Offer,
  facts: { now: Date; inTarget: boolean; usedBefore: boolean; productId: string | null },
): void {
  if (!facts.inTarget) throw new OfferRefused('unknown', UNKNOWN_OFFER);
  if (facts.now < offer.startsAt)
    throw new OfferRefused(
      'not-started',
      `This offer starts on ${offer.startsAt.toISOString().slice(0, 10)}.`,
    );
  const end = offer.endedAt && offer.endedAt < offer.endsAt ? offer.endedAt : offer.endsAt;
  if (facts.now >= end) throw new OfferRefused('ended', 'This offer has ended.');
  if (facts.usedBefore) throw new OfferRefused('already-used', 'You have already used this offer.');
  if (offer.usageLimit !== null && offer.uses >= offer.usageLimit)
    throw new OfferRefused('used-up', 'This offer has been used as often as it could be.');
  if (offer.productId !== null && facts.productId !== null && offer.productId !== facts.productId)
    throw new OfferRefused('other-product', 'This offer is for another product.');
}

/** The offer's end as the customer sees it (staff may end it early). */
export function effectiveEnd(offer: Offer): Date {
  return offer.endedAt && offer.endedAt < offer.endsAt ? offer.endedAt : offer.endsAt;
}

/**
 * The quote with the offer as its own price line (kind 'offer'), before any reward. A percentage
 * or amount is capped at the total; a free option takes off exactly what that option's line
 * costs in this quote (after contract terms); a faster date adds a line of 0 naming the earlier
 * date — the date itself was computed by `quoteDesign` with the shortened lead time.
 */
export function withOffer(q: FullQuote, offer: Offer, optionLabel?: string): FullQuote {
  let amount = 0;
  let label = `Your offer: ${offer.title}`;
  switch (offer.kind) {
    case 'percent':
      amount = Math.floor((Math.max(0, q.total) * (offer.percent ?? 0)) / 100);
      label = `${label} (${offer.percent} % off)`;
      break;
    case 'amount':
      if (offer.currency !== q.currency)
        throw new OfferRefused('other-currency', `This offer is in ${offer.currency}.`);
      amount = offer.amount ?? 0;
      break;
    case 'free-option': {
      const chosen = q.choices[offer.feature ?? ''];
      if (!sameValue(chosen, offer.value))
        throw new OfferRefused(
          'option-not-chosen',
          `This offer makes ${optionLabel ?? 'an option'} free; choose it to use the offer.`,
        );
      amount = q.lines
        .filter((l) => l.feature === offer.feature && l.amount > 0)
        .reduce((s, l) => s + l.amount, 0);
      label = `${label} (${optionLabel ?? 'option'} free)`;
      break;
    }
    case 'faster-date':
      label = `${label} (delivery by ${q.promisedDate}, no charge)`;
      break;
  }
  amount = Math.max(0, Math.min(amount, q.total));
  const line: QuoteLine = { kind: 'offer', label, amount: -amount };
  return {
    ...q,
    lines: [...q.lines, line],
    total: q.total - amount,
    price: { ...q.price, lines: [...q.price.lines, line], total: q.price.total - amount },
    offer: { id: offer.id, amount },
  };
}

function sameValue(a: Value | undefined, b: unknown): boolean {
  return a !== undefined && a !== null && JSON.stringify(a) === JSON.stringify(b);
}

export type OfferInput = {
  title: string;
  kind: OfferKind;
  percent?: number;
  amount?: number;
  currency?: string;
  feature?: string;
  value?: string | number | boolean;
  daysEarlier?: number;
  segment?: (typeof import('../insights/customer-value.schema.ts').SEGMENTS)[number];
  customerId?: string;
  productId?: string;
  startsAt: string;
  endsAt: string;
  usageLimit?: number;
};

/** The fields each kind needs, as a list of field errors (empty: complete). */
export function missingFields(input: OfferInput): { field: string; message: string }[] {
  const errors: { field: string; message: string }[] = [];
  const need = (field: keyof OfferInput, why: string) => {
    if (input[field] === undefined) errors.push({ field, message: why });
  };
  if (input.kind === 'percent') need('percent', 'is required for a percent offer');
  if (input.kind === 'amount') {
    need('amount', 'is required for an amount offer');
    need('currency', 'is required for an amount offer');
  }
  if (input.kind === 'free-option') {
    need('productId', 'is required for a free option (the option is one product’s)');
    need('feature', 'is required for a free option');
    need('value', 'is required for a free option');
  }
  if (input.kind === 'faster-date') need('daysEarlier', 'is required for a faster date');
  if ((input.segment === undefined) === (input.customerId === undefined))
    errors.push({ field: 'segment', message: 'give exactly one of segment or customerId' });
  if (!(Date.parse(input.endsAt) > Date.parse(input.startsAt)))
    errors.push({ field: 'endsAt', message: 'must be after startsAt' });
  return errors;
}
