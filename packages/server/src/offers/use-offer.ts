// The offers a customer may use, checked on the server at the moment of use: when a quote or an
// order names one (orders/place-order.ts, the shop quote route), when the customer lists theirs,
// and when another module describes "their offer" (campaigns: `describeOffer`).
import type { CompiledModel } from '@customerize/engine';
import { getProduct } from '../catalog/catalog.store.ts';
import type { Clock } from '../clock.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { Db } from '../db/types.ts';
import type { Ids } from '../ids.ts';
import { getCustomerValue } from '../insights/customer-value.store.ts';
import { usePersonalData } from '../privacy/consent.ts';
import {
  candidateOffers,
  countUse,
  getOffer,
  insertRedemption,
  redeemedOfferIds,
} from './offers.store.ts';
import {
  assertUsable,
  effectiveEnd,
  offerGives,
  OfferRefused,
  UNKNOWN_OFFER,
  type Offer,
} from './offers.ts';

type Deps = { db: Db; clock: Clock; ids: Ids };

/**
 * The customer's segment, read only while their personalization consent holds (the one consent
 * check, privacy/consent.ts); null without consent or without figures.
 */
async function segmentOf(deps: Deps, tenantId: string, customerId: string) {
  const read = await usePersonalData(deps, tenantId, customerId, 'personalization', () =>
    getCustomerValue(deps.db, tenantId, customerId),
  );
  return read.used ? (read.value?.segment ?? null) : null;
}

async function isTarget(deps: Deps, offer: Offer, customerId: string): Promise<boolean> {
  if (offer.customerId !== null) return offer.customerId === customerId;
  if (offer.segment === null) return false;
  return (await segmentOf(deps, offer.tenantId, customerId)) === offer.segment;
}

/** The label of the option a free-option offer makes free ("Engraving: Gold"), if the model has it. */
export function optionLabel(compiled: CompiledModel | null, offer: Offer): string | undefined {
  if (offer.kind !== 'free-option' || !compiled) return undefined;
  const feature = compiled.model.features.find((f) => f.id === offer.feature);
  if (!feature) return undefined;
  const option =
    feature.type === 'enum' ? feature.options.find((o) => o.id === offer.value) : undefined;
  return `${feature.label ?? feature.id}: ${option?.label ?? String(offer.value)}`;
}

/**
 * The offer `offerId` if `customerId` may use it now on `productId`, else OfferRefused (409,
 * field offerId). Everything is re-read: tenant, window, ended, target or segment with consent,
 * earlier use by this customer, the usage limit, the product.
 */
export async function usableOffer(
  deps: Deps,
  tenantId: string,
  customerId: string | null,
  offerId: string,
  productId: string,
): Promise<Offer> {
  if (customerId === null)
    throw new OfferRefused('sign-in', 'Sign in to use a personal offer: it is yours, by name.');
  const offer = await getOffer(deps.db, tenantId, offerId);
  if (!offer) throw new OfferRefused('unknown', UNKNOWN_OFFER);
  assertUsable(offer, {
    now: deps.clock.now(),
    inTarget: await isTarget(deps, offer, customerId),
    usedBefore: (await redeemedOfferIds(deps.db, tenantId, customerId)).has(offer.id),
    productId,
  });
  return offer;
}

/**
 * Records the use in the order's transaction `tx`: counts it against the limit and writes the
 * redemption (unique per offer and customer). A parallel order that got here second is refused
 * by the count or by the unique constraint — never both orders with the offer.
 */
export async function redeemOffer(
  tx: Db,
  ids: Ids,
  r: {
    tenantId: string;
    offerId: string;
    customerId: string;
    orderId: string;
    amount: number;
    currency: string;
    at: Date;
  },
): Promise<void> {
  if (!(await countUse(tx, r.tenantId, r.offerId)))
    throw new OfferRefused('used-up', 'This offer has been used as often as it could be.');
  try {
    await insertRedemption(tx, { id: ids.uuid(), ...r });
  } catch (e) {
    if (isUniqueViolation(e))
      throw new OfferRefused('already-used', 'You have already used this offer.');
    throw e;
  }
}

/** What another module (a campaign message, the account page) says about an offer. */
export type OfferDescription = {
  id: string;
  title: string;
  kind: Offer['kind'];
  /** "15 % off", "Engraving: Gold free", "Faster delivery: up to 3 days earlier, free". */
  gives: string;
  /** Null: every product. */
  productId: string | null;
  productSlug: string | null;
  validFrom: string;
  validUntil: string;
  /** The code a customer (or the studio) names: the offer's id. */
  code: string;
  /** Where the customer uses it: the product's studio page, or the shop, with ?offer=<id>. */
  link: string;
  /** The uses left over all customers (null: no limit). */
  usesLeft: number | null;
};

async function describe(db: Db, offer: Offer, publicUrl: string): Promise<OfferDescription> {
  const product = offer.productId ? await getProduct(db, offer.tenantId, offer.productId) : null;
  const path = product ? `/p/${encodeURIComponent(product.slug)}` : '/';
  return {
    id: offer.id,
    title: offer.title,
    kind: offer.kind,
    gives: offerGives(offer),
    productId: offer.productId,
    productSlug: product?.slug ?? null,
    validFrom: offer.startsAt.toISOString(),
    validUntil: effectiveEnd(offer).toISOString(),
    code: offer.id,
    link: `${publicUrl.replace(/\/$/, '')}${path}?offer=${offer.id}`,
    usesLeft: offer.usageLimit === null ? null : Math.max(0, offer.usageLimit - offer.uses),
  };
}

/**
 * The offers `customerId` may use now: theirs by name, and their segment's while their
 * personalization consent holds; not ended, not used up, not used by them before.
 */
export async function currentOffers(
  deps: Deps,
  tenantId: string,
  customerId: string,
  publicUrl: string,
): Promise<OfferDescription[]> {
  const now = deps.clock.now();
  const segment = await segmentOf(deps, tenantId, customerId);
  const used = await redeemedOfferIds(deps.db, tenantId, customerId);
  const out: OfferDescription[] = [];
  for (const offer of await candidateOffers(deps.db, tenantId, customerId, segment, now)) {
    if (!used.has(offer.id)) out.push(await describe(deps.db, offer, publicUrl));
  }
  return out;
}

/**
 * For campaigns ("their offer"): the description of offer `offerId` if `customerId` may use it
 * right now (same checks as an order, product scope aside), else null. `publicUrl` is the
 * firm's public address (config.publicUrl) the link is built on.
 */
export async function describeOffer(
  deps: Deps,
  tenantId: string,
  offerId: string,
  customerId: string,
  publicUrl: string,
): Promise<OfferDescription | null> {
  const offer = await getOffer(deps.db, tenantId, offerId);
  if (!offer) return null;
  try {
    assertUsable(offer, {
      now: deps.clock.now(),
      inTarget: await isTarget(deps, offer, customerId),
      usedBefore: (await redeemedOfferIds(deps.db, tenantId, customerId)).has(offer.id),
      productId: null,
    });
  } catch (e) {
    if (e instanceof OfferRefused) return null;
    throw e;
  }
  return describe(deps.db, offer, publicUrl);
}
