// Taking an order: re-check everything on the server (published version, validity, price and
// date against what the customer saw), freeze the snapshot, book capacity — in one transaction
// under the firm's capacity lock, so nothing is written when anything is refused.
import { missingCustomerInput, type CompiledModel, type Value } from '@customerize/engine';
import { compiledVersion } from '../catalog/catalog.ts';
import { assertInApprovedSpace } from '../companies/approved-space.ts';
import { approvalGate } from '../approvals/gate.ts';
import type { AppConfig } from '../config.ts';
import { designContractFor } from '../contracts/buyer-contract.ts';
import { getProduct, getVersionSummary } from '../catalog/catalog.store.ts';
import { insertBookings, lockCapacity } from '../capacity/capacity.store.ts';
import { NoCapacity } from '../capacity/capacity.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { Conflict, NotFound } from '../http/errors.ts';
import { formatMoney } from '../http/money.ts';
import type { Ids } from '../ids.ts';
import { availableDiscount, useReward } from '../privacy/rewards.ts';
import { mayUseReservedCapacity } from '../service-levels/service-for.ts';
import { assertCanBuild, chosenProvider, initialRouting, noRoom } from '../providers/placement.ts';
import { workAt } from '../providers/routing.ts';
import { withOffer } from '../offers/offers.ts';
import { optionLabel, redeemOffer, usableOffer } from '../offers/use-offer.ts';
import { publicQuote, quoteDesign, withReward, type ProviderWork } from '../studio/quote.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { reserveForOrder } from '../stock/stock.store.ts';
import { InsufficientStock } from '../stock/stock.ts';
import { insertOrder, insertOrderEvent, type Order } from './orders.store.ts';

export type OrderRequest = {
  versionId: string;
  choices: Record<string, Value>;
  personalization: Record<string, string>;
  designId: string | null;
  email: string;
  customerId: string | null;
  expected: { total: number; currency: string; promisedDate: string };
  tokenHash: string;
  by: { kind: string; id: string | null; label: string };
  /**
   * The provider the customer chose from the comparison (null: the own workshop): the order is
   * scheduled at its centers and routed to it. Left out: the own workshop, unchecked.
   */
  providerId?: string | null;
  /** The company location a member buys for (its price list applies; contracts/buyer-contract.ts). */
  locationId?: string | null;
  /** A guest's order: capacity is held until then, unless confirmed by the emailed link. */
  hold?: { expiresAt: Date; confirmTokenHash: string };
  /** The buyer's purchase-order number; payment terms within the company's allowed set. */
  poNumber?: string | null;
  paymentTerms?: string | null;
  /** A personal offer the customer names (offers/): re-checked here, used once with the order. */
  offerId?: string | null;
};

export class OrderRefused extends Conflict {
  constructor(
    code: 'invalid' | 'outdated' | 'changed',
    detail: string,
    extensions: Record<string, unknown>,
  ) {
    super(detail, [
      {
        field: code === 'changed' ? 'expected' : code === 'outdated' ? 'versionId' : 'choices',
        message: detail,
      },
    ]);
    this.extensions = { code, ...extensions };
  }
}

/**
 * The design lacks values only the customer can give (customer-input features: a prescription,
 * a body measurement). No default, preset or proposal fills them in, so an order waits for them.
 */
export class MissingCustomerInput extends Conflict {
  constructor(compiled: CompiledModel, missing: string[]) {
    const labels = missing.map(
      (id) => compiled.model.features.find((f) => f.id === id)?.label ?? id,
    );
    super(
      `Only you can give these, and they are still missing: ${labels.join(', ')}. Enter them and order again.`,
      missing.map((id, i) => ({
        field: `choices.${id}`,
        message: `${labels[i]} is yours to enter`,
      })),
    );
    this.extensions = { code: 'missing-input', missing };
  }
}

export async function placeOrder(
  db: Db,
  deps: { clock: Clock; ids: Ids },
  tenant: Tenant,
  req: OrderRequest,
): Promise<Order> {
  // Compiled bytes never change once published: load them outside the transaction, through the
  // process cache of `db` (a transaction would start a cache of its own).
  const compiled = await compiledVersion(db, tenant.id, req.versionId);
  return db.transaction((tx) => placeOrderIn(tx, deps, tenant, compiled, req));
}

/**
 * The order itself, inside the caller's transaction `tx` (so the caller can commit more with it,
 * such as the answer to an Idempotency-Key). `compiled` is the model of `req.versionId`.
 */
export async function placeOrderIn(
  tx: Db,
  deps: { clock: Clock; ids: Ids; config?: AppConfig },
  tenant: Tenant,
  compiled: CompiledModel,
  req: OrderRequest,
): Promise<Order> {
  const version = await getVersionSummary(tx, tenant.id, req.versionId);
  if (!version || version.status === 'draft') throw new NotFound('product version', req.versionId);
  if (version.status !== 'published') {
    throw new OrderRefused(
      'outdated',
      `This design was made with version ${version.number} of the product, which has been replaced. Open it again to see what changed under the current version.`,
      { versionId: version.id },
    );
  }
  const product = await getProduct(tx, tenant.id, version.productId);
  if (!product) throw new NotFound('product version', req.versionId);
  // A company member orders only inside what the company approved (issue 12, portal).
  await assertInApprovedSpace(tx, tenant.id, req.customerId, product.id, compiled, req.choices);
  const at =
    req.providerId === undefined
      ? null
      : await chosenProvider(tx, tenant.id, product.id, req.providerId);
  // A company member pays their contract price (the same pricing as multi-line orders).
  const contract = await designContractFor(
    tx,
    tenant.id,
    req.customerId,
    product.id,
    compiled,
    req.choices,
    { locationId: req.locationId ?? null },
  );
  await lockCapacity(tx, tenant.id);
  const now = deps.clock.now();
  // A named offer is checked under the capacity lock too: a parallel order of the same customer
  // waits, then finds it used (and the unique redemption refuses it in any case).
  const offer = req.offerId
    ? await usableOffer({ db: tx, ...deps }, tenant.id, req.customerId, req.offerId, product.id)
    : null;
  // Service levels (service-levels/): a priority customer's order may take reserved capacity.
  const mayUseReserve = await mayUseReservedCapacity(
    { ...deps, db: tx },
    tenant.id,
    req.customerId,
  );
  const listed = await quoteDesign(tx, tenant, compiled, req.choices, req.personalization, now, {
    contract,
    mayUseReserve,
    // The studio's quote is the own workshop's, with stock: so is the order's. A provider the
    // customer chose from the comparison is quoted made to order, as the comparison showed.
    ...(at ? { provider: workAt(at) } : { productId: product.id }),
    ...(offer?.kind === 'faster-date' ? { leadDaysOff: offer.daysEarlier ?? 0 } : {}),
  }).catch((e: unknown) => {
    throw at && e instanceof NoCapacity ? noRoom(at) : e;
  });
  const missing = missingCustomerInput(compiled, listed.choices);
  if (missing.length > 0) throw new MissingCustomerInput(compiled, missing);
  // Contract price, then the offer, then the reward (docs/offers.md).
  const priced = offer ? withOffer(listed, offer, optionLabel(compiled, offer)) : listed;
  // A signed-in customer's reward is read under the capacity lock above, so a parallel order
  // of the same customer waits and then finds it used.
  const quote = req.customerId
    ? withReward(priced, await availableDiscount(tx, tenant.id, req.customerId, priced.currency))
    : priced;
  if (!quote.valid) {
    throw new OrderRefused(
      'invalid',
      `This design cannot be built: ${quote.violations.map((v) => v.message).join('; ')}`,
      {
        violations: quote.violations,
        explanation: quote.violations.map((v) => v.message).join(' '),
      },
    );
  }
  if (at) assertCanBuild(compiled, quote.choices, at);
  const e = req.expected;
  if (
    e.total !== quote.total ||
    e.currency !== quote.currency ||
    e.promisedDate !== quote.promisedDate
  ) {
    const parts: string[] = [];
    if (e.total !== quote.total || e.currency !== quote.currency)
      parts.push(
        `the price is ${formatMoney(quote.total, quote.currency)} (you saw ${formatMoney(e.total, e.currency)})`,
      );
    if (e.promisedDate !== quote.promisedDate)
      parts.push(`the earliest delivery is ${quote.promisedDate} (you saw ${e.promisedDate})`);
    throw new OrderRefused('changed', `Please confirm: ${parts.join(' and ')}.`, {
      quote: publicQuote(quote),
    });
  }
  // Above a company spend limit: written as awaiting_approval, nothing booked (approvals/).
  const gate = await approvalGate(tx, deps, tenant.id, req, quote);
  const orderId = deps.ids.uuid();
  const status = gate.status ?? (req.hold ? 'pending_confirmation' : 'placed');
  const routing = initialRouting(tenant, at, now);
  const order = await insertOrder(tx, {
    id: orderId,
    tenantId: tenant.id,
    tokenHash: req.tokenHash,
    status,
    holdExpiresAt: req.hold?.expiresAt ?? null,
    confirmTokenHash: req.hold?.confirmTokenHash ?? null,
    // Built in the firm's own workshop unless the customer chose a partner (routed to it, to
    // accept by its deadline) or the firm routes it elsewhere later (providers/routing.ts).
    providerId: routing.providerId,
    routingStatus: routing.routingStatus,
    routingDeadline: routing.routingDeadline,
    declinedProviders: [],
    productId: product.id,
    productVersionId: version.id,
    designId: req.designId,
    customerId: req.customerId,
    email: req.email,
    choices: quote.choices,
    personalization: req.personalization,
    lines: quote.price.lines,
    total: quote.total,
    currency: quote.currency,
    leadTimeDays: quote.leadTimeDays,
    promisedDate: quote.promisedDate,
    bom: quote.price.bom,
    routing: quote.schedule.operations.map((op) => ({
      center: op.center,
      operation: op.operation,
      hours: op.hours,
      final: op.final,
      startDate: op.startDate,
      endDate: op.endDate,
    })),
    createdAt: now,
    ...gate.order,
  });
  if (quote.offer && req.customerId)
    await redeemOffer(tx, deps.ids, {
      tenantId: tenant.id,
      offerId: quote.offer.id,
      customerId: req.customerId,
      orderId,
      amount: quote.offer.amount,
      currency: quote.currency,
      at: now,
    });
  if (quote.reward && req.customerId)
    await useReward(tx, tenant.id, req.customerId, quote.reward.id, `order ${order.number}`, now);
  // From stock: the modules are reserved with the order (released on cancellation, consumed at
  // the postponement step). A parallel staff adjustment may have taken them since the quote:
  // then the order is refused as changed and nothing is written.
  if (!gate.status && quote.stockNeeds)
    await reserveForOrder(tx, deps.ids, tenant.id, orderId, at?.id ?? null, quote.stockNeeds, {
      label: `order ${order.number}`,
      at: now,
    }).catch((err: unknown) => {
      if (!(err instanceof InsufficientStock)) throw err;
      throw new OrderRefused('changed', `Please confirm: ${err.detail}`, {
        quote: publicQuote({ ...quote, fromStock: null }),
      });
    });
  if (!gate.status)
    await insertBookings(
      tx,
      quote.schedule.operations.flatMap((op) =>
        op.allocations.map((a) => ({
          id: deps.ids.uuid(),
          tenantId: tenant.id,
          workCenterId: a.centerId,
          orderId,
          day: a.day,
          minutes: a.minutes,
          now,
        })),
      ),
    );
  await insertOrderEvent(tx, {
    id: deps.ids.uuid(),
    tenantId: tenant.id,
    orderId,
    fromStatus: null,
    toStatus: status,
    byKind: req.by.kind,
    byId: req.by.id,
    byLabel: req.by.label,
    note: routing.note,
    at: now,
  });
  await gate.opened(order);
  return order;
}

/**
 * An order from an accepted bid: the offered design at the bid's price, not the list price.
 * The caller has checked the offer (owner, open, not expired) and hands over the capacity the
 * offer held (`held`), which becomes the order's bookings as they are — nothing is rescheduled,
 * so the offered date stands. The design is still re-checked against the published model. The
 * normal path's `expected` check does not apply: the price and date are the offer's, which the
 * server itself made.
 */
export type BidOrderRequest = {
  bidId: string;
  versionId: string;
  choices: Record<string, Value>;
  personalization: Record<string, string>;
  email: string;
  customerId: string | null;
  price: { amount: number; currency: string };
  promisedDate: string;
  leadTimeDays: number;
  routing: Order['routing'];
  provider: ProviderWork & { acceptDeadlineHours: number };
  held: { workCenterId: string; day: string; minutes: number }[];
  tokenHash: string;
  by: { kind: string; id: string | null; label: string };
};

export async function placeBidOrderIn(
  tx: Db,
  deps: { clock: Clock; ids: Ids },
  tenant: Tenant,
  compiled: CompiledModel,
  req: BidOrderRequest,
): Promise<Order> {
  const version = await getVersionSummary(tx, tenant.id, req.versionId);
  if (!version || version.status === 'draft') throw new NotFound('product version', req.versionId);
  if (version.status !== 'published')
    throw new OrderRefused(
      'outdated',
      `This offer was made for version ${version.number} of the product, which has been replaced. Please bid again.`,
      { versionId: version.id },
    );
  const product = await getProduct(tx, tenant.id, version.productId);
  if (!product) throw new NotFound('product version', req.versionId);
  // A company member orders only inside what the company approved (issue 12, portal).
  await assertInApprovedSpace(tx, tenant.id, req.customerId, product.id, compiled, req.choices);
  const now = deps.clock.now();
  const quote = await quoteDesign(tx, tenant, compiled, req.choices, req.personalization, now, {
    provider: req.provider,
  });
  const missing = missingCustomerInput(compiled, quote.choices);
  if (missing.length > 0) throw new MissingCustomerInput(compiled, missing);
  if (!quote.valid)
    throw new OrderRefused(
      'invalid',
      `This design cannot be built: ${quote.violations.map((v) => v.message).join('; ')}`,
      { violations: quote.violations },
    );
  if (req.price.currency !== quote.currency)
    throw new OrderRefused('changed', 'The bid is in another currency than the product.', {});
  const orderId = deps.ids.uuid();
  const partner = req.provider.centersOf !== null;
  const order = await insertOrder(tx, {
    id: orderId,
    tenantId: tenant.id,
    tokenHash: req.tokenHash,
    status: 'placed',
    providerId: req.provider.centersOf,
    routingStatus: partner ? 'routed' : 'accepted',
    routingDeadline: partner
      ? new Date(now.getTime() + req.provider.acceptDeadlineHours * 3_600_000)
      : null,
    declinedProviders: [],
    bidId: req.bidId,
    productId: product.id,
    productVersionId: version.id,
    designId: null,
    customerId: req.customerId,
    email: req.email,
    choices: quote.choices,
    personalization: req.personalization,
    // The list price lines, then one line bringing the total to the named price.
    lines: [
      ...quote.price.lines,
      {
        kind: 'bid',
        label: 'Your named price (accepted bid)',
        amount: req.price.amount - quote.total,
      },
    ],
    total: req.price.amount,
    currency: req.price.currency,
    leadTimeDays: req.leadTimeDays,
    promisedDate: req.promisedDate,
    bom: quote.price.bom,
    routing: req.routing,
    createdAt: now,
  });
  await insertBookings(
    tx,
    req.held.map((h) => ({
      id: deps.ids.uuid(),
      tenantId: tenant.id,
      workCenterId: h.workCenterId,
      orderId,
      day: h.day,
      minutes: h.minutes,
      now,
    })),
  );
  await insertOrderEvent(tx, {
    id: deps.ids.uuid(),
    tenantId: tenant.id,
    orderId,
    fromStatus: null,
    toStatus: 'placed',
    byKind: req.by.kind,
    byId: req.by.id,
    byLabel: req.by.label,
    note: 'Placed from an accepted bid, at the named price.',
    at: now,
  });
  return order;
}
