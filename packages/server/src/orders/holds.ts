// A guest's order books capacity only as a hold: it is `pending_confirmation` until the guest
// follows the link emailed to the address given, and the hold is released (the order cancelled,
// its bookings deleted) when it expires unconfirmed. So nobody can push a firm's delivery dates
// out with orders from addresses they do not read.
import { and, eq, lte } from 'drizzle-orm';
import type { AppDeps } from '../deps.ts';
import { deleteOrderBookings } from '../capacity/capacity.store.ts';
import { sameSecret, sha256 } from '../auth/tokens.ts';
import { HttpProblem, NotFound } from '../http/errors.ts';
import { notify } from '../notify/notify.ts';
import { settleReservations } from '../stock/stock.store.ts';
import { orders } from './orders.schema.ts';
import { getOrderForUpdate, insertOrderEvent, setOrderStatus, type Order } from './orders.store.ts';

/** How long a guest's order holds capacity before it must be confirmed (AppConfig default). */
export const DEFAULT_GUEST_ORDER_HOLD_MS = 30 * 60_000;

export class HoldExpired extends HttpProblem {
  constructor() {
    super(
      410,
      'hold-expired',
      'This order was not confirmed in time',
      'The order was not confirmed in time and its reserved production time was released. Please order again.',
      [{ field: 'token', message: 'the order expired unconfirmed' }],
    );
  }
}

type Deps = Pick<AppDeps, 'db' | 'clock' | 'ids' | 'config' | 'logger'>;

/** Cancels one expired hold (in `tx`, the order locked): bookings deleted, the event recorded. */
async function release(deps: Deps, order: Order): Promise<void> {
  const now = deps.clock.now();
  await deleteOrderBookings(deps.db, order.tenantId, order.id);
  await settleReservations(deps.db, deps.ids, order.tenantId, order.id, 'return', {
    label: `order ${order.number} not confirmed in time`,
    at: now,
  });
  await insertOrderEvent(deps.db, {
    id: deps.ids.uuid(),
    tenantId: order.tenantId,
    orderId: order.id,
    fromStatus: order.status,
    toStatus: 'cancelled',
    byKind: 'system',
    byId: null,
    byLabel: 'not confirmed in time',
    note: null,
    at: now,
  });
  // hold_expires_at stays: the confirmation link then answers 410 (expired), not 404.
  await setOrderStatus(deps.db, order.tenantId, order.id, 'cancelled', now);
}

const isDue = (order: Order, now: Date) =>
  order.status === 'pending_confirmation' &&
  order.holdExpiresAt !== null &&
  order.holdExpiresAt.getTime() <= now.getTime();

/**
 * The guest confirms with the emailed token: the order becomes `placed` and keeps its capacity.
 * Confirming again answers the order as it is; after the hold expired: 410.
 */
export async function confirmGuestOrder(
  deps: Deps,
  tenantId: string,
  orderId: string,
  token: string,
): Promise<Order> {
  const outcome = await deps.db.transaction(async (tx) => {
    const d = { ...deps, db: tx };
    const order = await getOrderForUpdate(tx, tenantId, orderId);
    if (!order || !order.confirmTokenHash || !sameSecret(sha256(token), order.confirmTokenHash))
      throw new NotFound('order', orderId);
    if (order.status === 'cancelled' && order.holdExpiresAt !== null) return 'expired' as const;
    if (order.status !== 'pending_confirmation') return order;
    const now = deps.clock.now();
    if (isDue(order, now)) {
      await release(d, order);
      return 'expired' as const;
    }
    await insertOrderEvent(tx, {
      id: deps.ids.uuid(),
      tenantId,
      orderId,
      fromStatus: order.status,
      toStatus: 'placed',
      byKind: 'guest',
      byId: null,
      byLabel: order.email,
      note: 'confirmed by email',
      at: now,
    });
    const placed = await setOrderStatus(tx, tenantId, orderId, 'placed', now);
    // The token stays: following the link again shows the order (it answers 200, not 404).
    await tx
      .update(orders)
      .set({ holdExpiresAt: null })
      .where(and(eq(orders.tenantId, tenantId), eq(orders.id, orderId)));
    await notify(d, tenantId, {
      kind: 'order.status_changed',
      orderId,
      orderNumber: String(placed.number),
      status: 'placed',
      customerId: null,
      email: placed.email,
    });
    return placed;
  });
  if (outcome === 'expired') throw new HoldExpired();
  return outcome;
}

/**
 * Releases every expired hold, in every firm; run by the background worker. Each order in its
 * own transaction, re-checked under its row lock (a confirmation may have just arrived).
 */
export async function releaseExpiredHolds(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.db
    .select({ id: orders.id, tenantId: orders.tenantId })
    .from(orders)
    .where(and(eq(orders.status, 'pending_confirmation'), lte(orders.holdExpiresAt, now)))
    .limit(500);
  let released = 0;
  for (const { id, tenantId } of due) {
    await deps.db.transaction(async (tx) => {
      const order = await getOrderForUpdate(tx, tenantId, id);
      if (!order || !isDue(order, now)) return;
      await release({ ...deps, db: tx }, order);
      released += 1;
    });
  }
  return released;
}
