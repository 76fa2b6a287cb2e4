// Revisions reach orders: when the customer accepts a revised design, each open order of that
// design gets an order change. It is re-quoted on the server (engine validity, price, capacity
// without the order's own bookings) under the firm's capacity lock and the order's row lock;
// while the order has not started production it is applied at once (or waits for the firm when
// its settings say so), replacing the order's bookings exactly; once production started it is
// refused with the reason. Every applied change is an order event showing the price difference,
// and the customer is emailed about applied and refused changes.
import { approvedSpaceOutside } from '../companies/approved-space.ts';
import { isDeepStrictEqual } from 'node:util';
import { and, eq } from 'drizzle-orm';
import { compiledVersion, ensureProven } from '../catalog/catalog.ts';
import { deleteOrderBookings, insertBookings, lockCapacity } from '../capacity/capacity.store.ts';
import { settleReservations } from '../stock/stock.store.ts';
import { NoCapacity } from '../capacity/capacity.ts';
import type { Db } from '../db/types.ts';
import type { AppDeps } from '../deps.ts';
import { Conflict, NotFound } from '../http/errors.ts';
import { formatMoney } from '../http/money.ts';
import { notify } from '../notify/notify.ts';
import { designVersions } from '../studio/studio.schema.ts';
import type { DesignVersion } from '../studio/studio.store.ts';
import { getProvider } from '../providers/providers.store.ts';
import { quoteDesign, type FullQuote, type ProviderWork, type QuoteLine } from '../studio/quote.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { designContractFor } from '../contracts/buyer-contract.ts';
import type { OrderStatus } from './orders.schema.ts';
import {
  getOrderChange,
  getOrderChangeForUpdate,
  insertOrderChange,
  openOrdersOfDesignForUpdate,
  pendingOrderChangesForUpdate,
  setOrderSpec,
  specSnapshot,
  updateOrderChange,
  type OrderChange,
} from './order-changes.store.ts';
import { getOrderForUpdate, insertOrderEvent, type Order } from './orders.store.ts';
import { mayUseReservedCapacity } from '../service-levels/service-for.ts';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'ids' | 'config' | 'logger' | 'compute'>;
export type Actor = { kind: string; id: string | null; label: string };

/** Statuses in which the order is being made or is made: its design can no longer change. */
const STARTED: OrderStatus[] = ['in_production', 'shipped', 'delivered'];

export function productionStarted(status: OrderStatus): boolean {
  return STARTED.includes(status);
}

/** Why an order cannot take a change any more, or null when it can. */
function closedReason(order: Order): string | null {
  if (order.status === 'cancelled') return `Order ${order.number} was cancelled.`;
  if (productionStarted(order.status))
    return `Order ${order.number} is already ${order.status.replaceAll('_', ' ')}, so it is made as it was ordered.`;
  return null;
}

/** "+EUR 50.00", "-EUR 20.00" or "no change". */
export function priceDifference(from: number, to: number, currency: string): string {
  const d = to - from;
  if (d === 0) return 'no change';
  return `${d > 0 ? '+' : '-'}${formatMoney(Math.abs(d), currency)}`;
}

async function designVersion(
  deps: Deps,
  tenantId: string,
  designId: string,
  number: number,
): Promise<DesignVersion> {
  const rows = await deps.db
    .select()
    .from(designVersions)
    .where(
      and(
        eq(designVersions.tenantId, tenantId),
        eq(designVersions.designId, designId),
        eq(designVersions.number, number),
      ),
    );
  if (!rows[0]) throw new NotFound('design version', `${designId}/${number}`);
  return rows[0];
}

type Requote = { ok: true; quote: FullQuote } | { ok: false; reason: string };

/**
 * The order re-quoted as the design version, its own bookings left out; a reward the customer
 * used on the order stays taken off (never more than the new total).
 */
/** Where an order is built, for scheduling (null provider: the firm's own workshop). */
async function providerWork(db: Db, tenantId: string, order: Order): Promise<ProviderWork> {
  if (!order.providerId) return { centersOf: null, extraLeadDays: 0 };
  const provider = await getProvider(db, tenantId, order.providerId);
  return { centersOf: order.providerId, extraLeadDays: provider?.extraLeadDays ?? 0 };
}

async function requote(
  deps: Deps,
  tenant: Tenant,
  order: Order,
  version: DesignVersion,
): Promise<Requote> {
  await ensureProven(deps, tenant.id, version.productVersionId);
  const compiled = await compiledVersion(deps.db, tenant.id, version.productVersionId);
  let priced: FullQuote;
  try {
    priced = await quoteDesign(
      deps.db,
      tenant,
      compiled,
      version.choices,
      version.personalization,
      deps.clock.now(),
      // Re-quoted where the order is built (its provider's centers and lead time), at the
      // buyer's contract price when the order is a company member's.
      {
        exceptOrderId: order.id,
        provider: await providerWork(deps.db, tenant.id, order),
        // A priority customer's change may use reserved capacity, as their order did.
        mayUseReserve: await mayUseReservedCapacity(deps, tenant.id, order.customerId),
        contract: await designContractFor(
          deps.db,
          tenant.id,
          order.customerId,
          order.productId,
          compiled,
          version.choices,
        ),
      },
    );
  } catch (e) {
    if (e instanceof NoCapacity) return { ok: false, reason: e.message };
    throw e;
  }
  if (!priced.valid)
    return {
      ok: false,
      reason: `The revised design cannot be built: ${priced.violations.map((v) => v.message).join('; ')}`,
    };
  // A company member's order stays inside what the company approved (issue 12, portal).
  const outside = await approvedSpaceOutside(
    deps.db,
    tenant.id,
    order.customerId,
    order.productId,
    compiled,
    version.choices,
  );
  if (outside)
    return {
      ok: false,
      reason: `Not approved by ${outside.company}: ${outside.outside.map((o) => o.message).join('; ')}`,
    };
  // The order's personal offer and reward stay with it, as the amounts they took off (offers
  // and rewards were used once, with the order), each capped at what is left of the new price.
  let quote = priced;
  for (const kind of ['offer', 'reward'] as const) {
    const kept = order.lines.filter((l) => l.kind === kind);
    const off = -kept.reduce((s, l) => s + l.amount, 0);
    if (off <= 0 || order.currency !== quote.currency || quote.total <= 0) continue;
    const amount = Math.min(off, quote.total);
    const line: QuoteLine = { kind, label: kept[0]!.label, amount: -amount };
    quote = {
      ...quote,
      lines: [...quote.lines, line],
      total: quote.total - amount,
      price: {
        ...quote.price,
        lines: [...quote.price.lines, line],
        total: quote.total - amount,
      },
    };
  }
  return { ok: true, quote };
}

/** Replaces the order's spec and bookings with the quote's, records the event, tells the customer. */
async function apply(
  deps: Deps,
  tenant: Tenant,
  order: Order,
  change: OrderChange,
  quote: FullQuote,
  version: DesignVersion,
  by: Actor,
): Promise<OrderChange> {
  const now = deps.clock.now();
  await deleteOrderBookings(deps.db, tenant.id, order.id);
  // The changed design is scheduled made to order: stock reserved for the old one goes back.
  await settleReservations(deps.db, deps.ids, tenant.id, order.id, 'return', {
    label: `order ${order.number} changed`,
    at: now,
  });
  await insertBookings(
    deps.db,
    quote.schedule.operations.flatMap((op) =>
      op.allocations.map((a) => ({
        id: deps.ids.uuid(),
        tenantId: tenant.id,
        workCenterId: a.centerId,
        orderId: order.id,
        day: a.day,
        minutes: a.minutes,
        now,
      })),
    ),
  );
  const changed = await setOrderSpec(
    deps.db,
    tenant.id,
    order.id,
    {
      productVersionId: version.productVersionId,
      choices: quote.choices,
      personalization: version.personalization,
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
    },
    now,
  );
  const applied = await updateOrderChange(deps.db, tenant.id, change.id, {
    status: 'applied',
    newTotal: quote.total,
    newCurrency: quote.currency,
    newPromisedDate: quote.promisedDate,
    decidedAt: now,
    decidedBy: by.label,
  });
  await insertOrderEvent(deps.db, {
    id: deps.ids.uuid(),
    tenantId: tenant.id,
    orderId: order.id,
    fromStatus: order.status,
    toStatus: order.status,
    byKind: by.kind,
    byId: by.id,
    byLabel: by.label,
    note: changeSummary(applied),
    at: now,
  });
  await notify(deps, tenant.id, {
    kind: 'order.changed',
    orderId: changed.id,
    changeId: applied.id,
    orderNumber: String(changed.number),
    customerId: changed.customerId,
    email: changed.customerId ? null : changed.email,
    designVersion: applied.toDesignVersion,
    oldTotal: applied.oldTotal,
    newTotal: quote.total,
    currency: quote.currency,
    oldPromisedDate: applied.oldPromisedDate,
    newPromisedDate: quote.promisedDate,
  });
  return applied;
}

/** One sentence about a change: the version, the price and its difference, the date. */
export function changeSummary(c: OrderChange): string {
  const parts = [`Changed to version ${c.toDesignVersion} of the design`];
  if (c.newTotal !== null && c.newCurrency !== null) {
    parts.push(
      c.newCurrency === c.oldCurrency
        ? `price ${formatMoney(c.oldTotal, c.oldCurrency)} → ${formatMoney(c.newTotal, c.newCurrency)} (${priceDifference(c.oldTotal, c.newTotal, c.newCurrency)})`
        : `price ${formatMoney(c.oldTotal, c.oldCurrency)} → ${formatMoney(c.newTotal, c.newCurrency)}`,
    );
  }
  if (c.newPromisedDate !== null)
    parts.push(
      c.newPromisedDate === c.oldPromisedDate
        ? `delivery still by ${c.newPromisedDate}`
        : `delivery by ${c.newPromisedDate} (was ${c.oldPromisedDate})`,
    );
  return `${parts.join('; ')}.`;
}

async function refuse(
  deps: Deps,
  tenant: Tenant,
  order: Order,
  change: OrderChange,
  reason: string,
  by: Actor,
): Promise<OrderChange> {
  const refused = await updateOrderChange(deps.db, tenant.id, change.id, {
    status: 'refused',
    reason,
    decidedAt: deps.clock.now(),
    decidedBy: by.label,
  });
  await notify(deps, tenant.id, {
    kind: 'order.change_refused',
    orderId: order.id,
    changeId: refused.id,
    orderNumber: String(order.number),
    customerId: order.customerId,
    email: order.customerId ? null : order.email,
    designVersion: refused.toDesignVersion,
    reason,
  });
  return refused;
}

const AUTOMATIC: Actor = { kind: 'system', id: null, label: 'automatic' };

export type OrderChangeOutcome = { change: OrderChange; orderNumber: number };

/**
 * The customer accepted version `toVersion` of the design: every open order of it gets a change
 * (applied, requested or refused). Runs in the caller's transaction (`deps.db`); takes the
 * firm's capacity lock, then the orders' row locks, so parallel acceptances run one after the
 * other and each sees the bookings the previous one left.
 */
export async function reviseOrdersOfDesign(
  deps: Deps,
  tenant: Tenant,
  designId: string,
  toVersion: number,
): Promise<OrderChangeOutcome[]> {
  await lockCapacity(deps.db, tenant.id);
  const open = await openOrdersOfDesignForUpdate(deps.db, tenant.id, designId);
  if (open.length === 0) return [];
  const version = await designVersion(deps, tenant.id, designId, toVersion);
  const now = deps.clock.now();
  const outcomes: OrderChangeOutcome[] = [];
  for (const order of open) {
    // A change still waiting is replaced by this one: only the latest design can be made.
    for (const pending of await pendingOrderChangesForUpdate(deps.db, tenant.id, order.id)) {
      await updateOrderChange(deps.db, tenant.id, pending.id, {
        status: 'withdrawn',
        reason: `Replaced by version ${toVersion} of the design.`,
        decidedAt: now,
        decidedBy: AUTOMATIC.label,
      });
    }
    // The order already is this version (e.g. back to what was ordered): nothing to change.
    if (
      isDeepStrictEqual(order.choices, version.choices) &&
      isDeepStrictEqual(order.personalization, version.personalization)
    )
      continue;
    const change = await insertOrderChange(deps.db, {
      id: deps.ids.uuid(),
      tenantId: tenant.id,
      orderId: order.id,
      designId,
      fromSnapshot: specSnapshot(order),
      toDesignVersion: toVersion,
      oldTotal: order.total,
      oldCurrency: order.currency,
      newTotal: null,
      newCurrency: null,
      oldPromisedDate: order.promisedDate,
      newPromisedDate: null,
      status: 'requested',
      reason: null,
      createdAt: now,
      decidedAt: null,
      decidedBy: null,
    });
    const closed = closedReason(order);
    if (closed) {
      const refused = await refuse(deps, tenant, order, change, closed, AUTOMATIC);
      outcomes.push({ change: refused, orderNumber: order.number });
      continue;
    }
    const q = await requote(deps, tenant, order, version);
    if (!q.ok) {
      const refused = await refuse(deps, tenant, order, change, q.reason, AUTOMATIC);
      outcomes.push({ change: refused, orderNumber: order.number });
      continue;
    }
    if (tenant.settings.orderChangesNeedApproval) {
      const requested = await updateOrderChange(deps.db, tenant.id, change.id, {
        newTotal: q.quote.total,
        newCurrency: q.quote.currency,
        newPromisedDate: q.quote.promisedDate,
      });
      outcomes.push({ change: requested, orderNumber: order.number });
      continue;
    }
    const applied = await apply(deps, tenant, order, change, q.quote, version, AUTOMATIC);
    outcomes.push({ change: applied, orderNumber: order.number });
  }
  return outcomes;
}

/** Staff approve a requested change: re-quoted now and applied, or refused if it no longer can be. */
export async function approveOrderChange(
  deps: Deps,
  tenant: Tenant,
  changeId: string,
  by: Actor,
): Promise<OrderChange> {
  return deps.db.transaction(async (tx) => {
    const d = { ...deps, db: tx };
    await lockCapacity(tx, tenant.id);
    const { change, order } = await pendingChange(d, tenant.id, changeId);
    const closed = closedReason(order);
    if (closed) return refuse(d, tenant, order, change, closed, by);
    const version = await designVersion(d, tenant.id, change.designId, change.toDesignVersion);
    const q = await requote(d, tenant, order, version);
    if (!q.ok) return refuse(d, tenant, order, change, q.reason, by);
    return apply(d, tenant, order, change, q.quote, version, by);
  });
}

/** Staff refuse a requested change, saying why. */
export async function refuseOrderChange(
  deps: Deps,
  tenant: Tenant,
  changeId: string,
  reason: string,
  by: Actor,
): Promise<OrderChange> {
  return deps.db.transaction(async (tx) => {
    const d = { ...deps, db: tx };
    const { change, order } = await pendingChange(d, tenant.id, changeId);
    return refuse(d, tenant, order, change, reason, by);
  });
}

/** Requested changes of an order refused because the order moved on (production, cancelled). */
export async function refusePendingChanges(
  deps: Deps,
  tenant: Tenant,
  order: Order,
): Promise<void> {
  const reason = closedReason(order);
  if (!reason) return;
  for (const pending of await pendingOrderChangesForUpdate(deps.db, tenant.id, order.id))
    await refuse(deps, tenant, order, pending, reason, AUTOMATIC);
}

/** The change and its order, both locked (order first, as everywhere); 409 unless requested. */
async function pendingChange(deps: Deps, tenantId: string, changeId: string) {
  const peek = await getOrderChange(deps.db, tenantId, changeId);
  if (!peek) throw new NotFound('order change', changeId);
  const order = await getOrderForUpdate(deps.db, tenantId, peek.orderId);
  if (!order) throw new NotFound('order change', changeId);
  const change = (await getOrderChangeForUpdate(deps.db, tenantId, changeId))!;
  if (change.status !== 'requested')
    throw new Conflict(`This change is already ${change.status}.`, [
      { field: 'id', message: `the change is ${change.status}` },
    ]);
  return { change, order };
}
