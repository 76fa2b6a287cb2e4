// Confirming an accepted offer: in one transaction under the firm's capacity lock, the offer's
// hold becomes the order's bookings, the order is placed at the bid's price and routed to the
// offer's provider, and the bid is marked converted. Confirming again answers the same order;
// past the offer's expiry the hold is released and the answer is 410.
import { randomToken, sameSecret, sha256 } from '../auth/tokens.ts';
import { compiledVersion } from '../catalog/catalog.ts';
import { lockCapacity } from '../capacity/capacity.store.ts';
import type { AppDeps } from '../deps.ts';
import { Conflict, HttpProblem, NotFound } from '../http/errors.ts';
import { notify } from '../notify/notify.ts';
import { orderMailSummary } from '../orders/order-mail.ts';
import { getOrder, setOrderTokenHash, type Order } from '../orders/orders.store.ts';
import { placeBidOrderIn } from '../orders/place-order.ts';
import { getProvider } from '../providers/providers.store.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { statusAt, type Bid } from './bids.ts';
import { getBid, getBidForUpdate, takeHolds, updateBid } from './bids.store.ts';

export class OfferExpired extends HttpProblem {
  constructor() {
    super(
      410,
      'offer-expired',
      'This offer has expired',
      'The offer was not confirmed in time and its reserved production time was released. You may bid again.',
      [{ field: 'id', message: 'the offer expired unconfirmed' }],
    );
  }
}

/** Who may act on a bid: the holder of its token, or the signed-in customer who made it. */
export function mayUseBid(bid: Bid, token: string | undefined, customerId: string | null): boolean {
  return (
    (token !== undefined && sameSecret(sha256(token), bid.tokenHash)) ||
    (customerId !== null && bid.customerId === customerId)
  );
}

export type Confirmed = { order: Order; token: string };

export async function confirmBid(
  deps: AppDeps,
  tenant: Tenant,
  bidId: string,
  who: { token: string | undefined; customerId: string | null; label: string },
): Promise<Confirmed> {
  const first = await getBid(deps.db, tenant.id, bidId);
  if (!first || !mayUseBid(first, who.token, who.customerId)) throw new NotFound('bid', bidId);
  const compiled = await compiledVersion(deps.db, tenant.id, first.versionId);
  const outcome = await deps.db.transaction(async (tx) => {
    await lockCapacity(tx, tenant.id);
    const bid = await getBidForUpdate(tx, tenant.id, bidId);
    if (!bid) throw new NotFound('bid', bidId);
    const now = deps.clock.now();
    // The order's token: the guest's bid token (so their link opens the order), else a new one
    // (a signed-in customer reaches the order from their account; a repeat mints another).
    const token = who.token ?? randomToken();
    if (bid.status === 'converted' && bid.orderId) {
      const order = await getOrder(tx, tenant.id, bid.orderId);
      if (!order) throw new NotFound('order', bid.orderId);
      if (who.token === undefined)
        return { order: await setOrderTokenHash(tx, tenant.id, order.id, sha256(token)), token };
      return { order, token };
    }
    if (bid.status === 'refused' || !bid.offer)
      throw new Conflict('This bid was not accepted; there is no offer to confirm.', [
        { field: 'id', message: 'the bid was refused' },
      ]);
    if (statusAt(bid, now) === 'expired') {
      await takeHolds(tx, tenant.id, bid.id);
      await updateBid(tx, tenant.id, bid.id, { status: 'expired' });
      return 'expired' as const;
    }
    const offer = bid.offer;
    const provider = offer.providerId ? await getProvider(tx, tenant.id, offer.providerId) : null;
    const held = await takeHolds(tx, tenant.id, bid.id);
    const email = bid.email ?? '';
    const order = await placeBidOrderIn(tx, deps, tenant, compiled, {
      bidId: bid.id,
      versionId: bid.versionId,
      choices: offer.choices,
      personalization: bid.personalization,
      email,
      customerId: bid.customerId,
      price: { amount: bid.price, currency: bid.currency },
      promisedDate: offer.promisedDate,
      leadTimeDays: offer.leadTimeDays,
      routing: offer.routing,
      provider: {
        centersOf: offer.providerId,
        extraLeadDays: provider?.extraLeadDays ?? 0,
        acceptDeadlineHours: provider?.acceptDeadlineHours ?? 48,
      },
      held,
      tokenHash: sha256(token),
      by: bid.customerId
        ? { kind: 'customer', id: bid.customerId, label: who.label }
        : { kind: 'guest', id: null, label: email },
    });
    await updateBid(tx, tenant.id, bid.id, { status: 'converted', orderId: order.id });
    if (email)
      await notify({ ...deps, db: tx }, tenant.id, {
        kind: 'order.placed',
        email,
        order: await orderMailSummary(
          tx,
          order,
          `${deps.config.publicUrl}/orders/${order.id}?token=${token}`,
        ),
      });
    return { order, token };
  });
  if (outcome === 'expired') throw new OfferExpired();
  return outcome;
}
