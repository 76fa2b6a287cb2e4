// Routing orders to providers: the firm sends an order to a provider, the provider accepts or
// declines it by its deadline, and a decline or a missed deadline moves the order to the next
// capable provider — cheapest first, keeping the promised date when any provider can — rebooking
// its capacity exactly, in one transaction under the firm's capacity lock. The customer hears of
// it only when the promised date changes; when nobody can build it, it goes back to the firm.
import type { CompiledModel, Configuration } from '@customerize/engine';
import { compiledVersion } from '../catalog/catalog.ts';
import { deleteOrderBookings, insertBookings, lockCapacity } from '../capacity/capacity.store.ts';
import { settleReservations } from '../stock/stock.store.ts';
import { NoCapacity } from '../capacity/capacity.ts';
import { hasOrderLines } from '../contracts/order-items.ts';
import type { DesignContract } from '../contracts/buyer-contract.ts';
import type { Db } from '../db/types.ts';
import type { AppDeps } from '../deps.ts';
import { Conflict, NotFound } from '../http/errors.ts';
import { notify } from '../notify/notify.ts';
import type { Actor } from '../orders/order-changes.ts';
import {
  getOrder,
  getOrderForUpdate,
  insertOrderEvent,
  type Order,
} from '../orders/orders.store.ts';
import { quoteDesign, type FullQuote, type ProviderWork } from '../studio/quote.ts';
import { getTenant } from '../tenants/tenants.store.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { acceptHoursOf, routingOrder, type RoutingCandidate } from './providers.ts';
import {
  listProviderProducts,
  listProviders,
  MOVABLE_STATUSES,
  overdueRoutedOrders,
  setOrderRouting,
  type Provider,
} from './providers.store.ts';

export type RoutingDeps = Pick<AppDeps, 'db' | 'clock' | 'ids' | 'config' | 'logger'>;

const MOVABLE = new Set<Order['status']>(MOVABLE_STATUSES);

export class NotRoutable extends Conflict {
  constructor(detail: string, field = 'providerId') {
    super(detail, [{ field, message: detail }]);
  }
}

export type Candidate = RoutingCandidate & { provider: Provider | null; name: string };

/** Every provider of the firm as a routing candidate for one product; the own workshop is id null. */
export async function candidatesFor(
  db: Db,
  tenantId: string,
  productId: string,
): Promise<Candidate[]> {
  const all = await listProviders(db, tenantId);
  const offers = new Map(
    (await listProviderProducts(db, tenantId, { productId })).map((o) => [o.providerId, o]),
  );
  const own = all.find((p) => p.kind === 'own') ?? null;
  const ownOffer = own ? offers.get(own.id) : undefined;
  const out: Candidate[] = [
    {
      id: null,
      kind: 'own',
      active: own?.active ?? true,
      restriction: ownOffer ? { allowed: ownOffer.allowed } : null,
      costs: ownOffer ?? null,
      provider: own,
      name: own?.name ?? 'our workshop',
    },
  ];
  for (const p of all) {
    if (p.kind === 'own') continue;
    const offer = offers.get(p.id);
    out.push({
      id: p.id,
      kind: 'partner',
      active: p.active,
      restriction: offer ? { allowed: offer.allowed } : null,
      costs: offer ?? null,
      provider: p,
      name: p.name,
    });
  }
  return out;
}

/** Where a candidate's work is scheduled: its own centers, with its extra lead days. */
export function workAt(c: Candidate): ProviderWork {
  return { centersOf: c.id, extraLeadDays: c.provider?.extraLeadDays ?? 0 };
}

/**
 * A design scheduled at a provider (an order's: `exceptOrderId` leaves its own bookings out), or
 * null when the design is not valid or the provider's centers have no room within the horizon.
 * The comparison, new orders and routing all schedule through this, so they agree on dates.
 */
export async function quoteAt(
  db: Db,
  tenant: Tenant,
  compiled: CompiledModel,
  design: {
    choices: Configuration;
    personalization: Record<string, string>;
    exceptOrderId?: string;
    /** A company member's contract (contracts/buyer-contract.ts): priced as they pay. */
    contract?: DesignContract | null;
  },
  c: Candidate,
  now: Date,
): Promise<FullQuote | null> {
  try {
    const q = await quoteDesign(db, tenant, compiled, design.choices, design.personalization, now, {
      ...(design.exceptOrderId ? { exceptOrderId: design.exceptOrderId } : {}),
      provider: workAt(c),
      contract: design.contract ?? null,
    });
    return q.valid ? q : null;
  } catch (e) {
    if (e instanceof NoCapacity) return null;
    throw e;
  }
}

/** An order's design, for re-quoting it where it may move (its own bookings left out). */
function orderDesign(order: Order) {
  return {
    choices: order.choices,
    personalization: order.personalization,
    exceptOrderId: order.id,
  };
}

/**
 * Moves `order` to the first of `candidates` (cheapest first) that can build it by its promised
 * date, else to the one that can build it soonest; or back to the firm when none can.
 */
async function moveTo(
  tx: Db,
  deps: RoutingDeps,
  tenant: Tenant,
  compiled: CompiledModel,
  order: Order,
  candidates: Candidate[],
  declined: string[],
  by: Actor,
  why: string,
): Promise<Order> {
  const now = deps.clock.now();
  let chosen: { c: Candidate; q: FullQuote } | null = null;
  let soonest: { c: Candidate; q: FullQuote } | null = null;
  for (const c of candidates) {
    const q = await quoteAt(tx, tenant, compiled, orderDesign(order), c, now);
    if (!q) continue;
    if (q.promisedDate <= order.promisedDate) {
      chosen = { c, q };
      break;
    }
    if (!soonest || q.promisedDate < soonest.q.promisedDate) soonest = { c, q };
  }
  chosen ??= soonest;
  await deleteOrderBookings(tx, tenant.id, order.id);
  // Re-routed orders are made to order at the new provider: stock reserved for them goes back.
  await settleReservations(tx, deps.ids, tenant.id, order.id, 'return', {
    label: `order ${order.number} re-routed`,
    at: now,
  });
  const event = async (note: string) =>
    insertOrderEvent(tx, {
      id: deps.ids.uuid(),
      tenantId: tenant.id,
      orderId: order.id,
      fromStatus: order.status,
      toStatus: order.status,
      byKind: by.kind,
      byId: by.id,
      byLabel: by.label,
      note,
      at: now,
    });
  if (!chosen) {
    const moved = await setOrderRouting(tx, tenant.id, order.id, {
      providerId: null,
      routingStatus: 'unassigned',
      routingDeadline: null,
      declinedProviders: declined,
      now,
    });
    await event(`${why} No provider can build it: back to the firm’s staff to decide.`);
    return moved;
  }
  const { c, q } = chosen;
  // The promise holds when the provider can meet it; it moves only when the work ends later.
  const promisedDate = q.promisedDate > order.promisedDate ? q.promisedDate : order.promisedDate;
  await insertBookings(
    tx,
    q.schedule.operations.flatMap((op) =>
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
  const partner = c.id !== null;
  const deadline = partner
    ? new Date(now.getTime() + acceptHoursOf(c.provider, tenant.settings) * 3_600_000)
    : null;
  const moved = await setOrderRouting(tx, tenant.id, order.id, {
    providerId: c.id,
    routingStatus: partner ? 'routed' : 'accepted',
    routingDeadline: deadline,
    declinedProviders: declined,
    promisedDate,
    leadTimeDays: q.leadTimeDays,
    routing: q.schedule.operations.map((op) => ({
      center: op.center,
      operation: op.operation,
      hours: op.hours,
      final: op.final,
      startDate: op.startDate,
      endDate: op.endDate,
    })),
    now,
  });
  const dateNote =
    promisedDate === order.promisedDate
      ? ''
      : ` The promised date moves from ${order.promisedDate} to ${promisedDate}.`;
  await event(
    `${why} Routed to ${c.name}${deadline ? `, to accept by ${deadline.toISOString()}` : ''}.${dateNote}`,
  );
  if (promisedDate !== order.promisedDate)
    await notify({ ...deps, db: tx }, tenant.id, {
      kind: 'order.rescheduled',
      orderId: order.id,
      orderNumber: String(order.number),
      customerId: order.customerId,
      email: order.customerId ? null : order.email,
      oldPromisedDate: order.promisedDate,
      newPromisedDate: promisedDate,
    });
  return moved;
}

async function withOrder<T>(
  deps: RoutingDeps,
  tenant: Tenant,
  orderId: string,
  work: (tx: Db, order: Order, compiled: CompiledModel) => Promise<T>,
): Promise<T> {
  const first = await getOrder(deps.db, tenant.id, orderId);
  if (!first) throw new NotFound('order', orderId);
  const compiled = await compiledVersion(deps.db, tenant.id, first.productVersionId);
  return deps.db.transaction(async (tx) => {
    await lockCapacity(tx, tenant.id);
    const order = await getOrderForUpdate(tx, tenant.id, orderId);
    if (!order) throw new NotFound('order', orderId);
    if (order.productVersionId !== first.productVersionId)
      throw new Conflict('The order changed meanwhile; try again.', [
        { field: 'orderId', message: 'changed meanwhile' },
      ]);
    return work(tx, order, compiled);
  });
}

/**
 * The firm sends an order to a provider (`providerId` null: its own workshop). The provider must
 * be active and able to build the design, with room in its calendar.
 */
export async function routeOrder(
  deps: RoutingDeps,
  tenant: Tenant,
  orderId: string,
  providerId: string | null,
  by: Actor,
): Promise<Order> {
  return withOrder(deps, tenant, orderId, async (tx, order, compiled) => {
    if (!MOVABLE.has(order.status))
      throw new NotRoutable(
        `Order ${order.number} is ${order.status}: it can no longer move.`,
        'orderId',
      );
    // Its work is every line × quantity, which only the own workshop is scheduled for.
    if (await hasOrderLines(tx, tenant.id, order.id))
      throw new NotRoutable(
        `Order ${order.number} has several lines or quantities: it is built in your own workshop.`,
        'orderId',
      );
    const all = await candidatesFor(tx, tenant.id, order.productId);
    const target = all.find((c) => c.id === providerId);
    if (!target || (providerId !== null && !target.provider))
      throw new NotFound('provider', providerId ?? 'own');
    const able = routingOrder(compiled, order.choices, [target], []);
    if (able.length === 0)
      throw new NotRoutable(`${target.name} cannot build this design (or is not active).`);
    const q = await quoteAt(tx, tenant, compiled, orderDesign(order), target, deps.clock.now());
    if (!q) throw new NotRoutable(`${target.name} has no free capacity for this design.`);
    const declined = order.declinedProviders.filter((id) => id !== providerId);
    return moveTo(tx, deps, tenant, compiled, order, [target], declined, by, 'Sent by the firm.');
  });
}

/** Moves an order on from the provider that has it (declined or let the deadline pass). */
async function reroute(
  tx: Db,
  deps: RoutingDeps,
  tenant: Tenant,
  compiled: CompiledModel,
  order: Order,
  by: Actor,
  why: string,
): Promise<Order> {
  const declined = order.providerId
    ? [...new Set([...order.declinedProviders, order.providerId])]
    : order.declinedProviders;
  const all = await candidatesFor(tx, tenant.id, order.productId);
  const next = routingOrder(compiled, order.choices, all, declined) as Candidate[];
  return moveTo(tx, deps, tenant, compiled, order, next, declined, by, why);
}

function assertRoutedTo(order: Order, providerId: string): void {
  // Another provider's order is not theirs to see: the same answer as an unknown one.
  if (order.providerId !== providerId) throw new NotFound('order', order.id);
  if (order.routingStatus !== 'routed')
    throw new NotRoutable(`This order is already ${order.routingStatus}.`, 'orderId');
}

export async function acceptRouted(
  deps: RoutingDeps,
  tenant: Tenant,
  providerId: string,
  orderId: string,
  by: Actor,
): Promise<Order> {
  return withOrder(deps, tenant, orderId, async (tx, order) => {
    assertRoutedTo(order, providerId);
    const now = deps.clock.now();
    const accepted = await setOrderRouting(tx, tenant.id, order.id, {
      routingStatus: 'accepted',
      routingDeadline: null,
      now,
    });
    await insertOrderEvent(tx, {
      id: deps.ids.uuid(),
      tenantId: tenant.id,
      orderId: order.id,
      fromStatus: order.status,
      toStatus: order.status,
      byKind: by.kind,
      byId: by.id,
      byLabel: by.label,
      note: 'Accepted by the provider.',
      at: now,
    });
    return accepted;
  });
}

export async function declineRouted(
  deps: RoutingDeps,
  tenant: Tenant,
  providerId: string,
  orderId: string,
  reason: string,
  by: Actor,
): Promise<Order> {
  return withOrder(deps, tenant, orderId, async (tx, order, compiled) => {
    assertRoutedTo(order, providerId);
    return reroute(tx, deps, tenant, compiled, order, by, `Declined by the provider: ${reason}.`);
  });
}

/**
 * The maintenance job: every order whose provider let the accept deadline pass moves on to the
 * next provider. Returns how many moved.
 */
export async function expireRoutings(deps: RoutingDeps): Promise<number> {
  const now = deps.clock.now();
  let moved = 0;
  for (const due of await overdueRoutedOrders(deps.db, now)) {
    const tenant = await getTenant(deps.db, due.tenantId);
    if (!tenant) continue;
    const done = await withOrder(deps, tenant, due.id, async (tx, order, compiled) => {
      if (
        order.routingStatus !== 'routed' ||
        !order.routingDeadline ||
        order.routingDeadline > now ||
        !MOVABLE.has(order.status)
      )
        return false;
      await reroute(
        tx,
        deps,
        tenant,
        compiled,
        order,
        { kind: 'system', id: null, label: 'deadline' },
        'The provider did not answer in time.',
      );
      return true;
    });
    if (done) moved += 1;
  }
  return moved;
}
