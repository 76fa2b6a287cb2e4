// The signed-in customer's bids on the account page ("Name your price"): what they offered, by
// when, the answer (the offer: who builds it, by when, worth what at list price; or not
// accepted), and the order once an offer was confirmed.
import type { ProductModel } from '@customerize/engine';
import { BID_STATUS_LABELS, bidProductName, type BidAnswer, type BidStatus } from '../api/bids.ts';
import { providerName } from '../studio/bids.ts';
import { formatMoney } from '../studio/format.ts';
import { featureLabel, valueLabel } from '../studio/model.ts';
import { Link } from '../router/router.tsx';
import { DateTime } from '../ui/format.tsx';
import { formatDate } from '../ui/dates.ts';

const BADGE: Record<BidStatus, string> = {
  accepted: 'badge--info',
  refused: 'badge--muted',
  expired: 'badge--muted',
  converted: 'badge--ok',
};

/** One bid; `model` (when known) names the offered design's choices as the studio does. */
export function BidItem({ bid, model }: { bid: BidAnswer; model?: ProductModel | undefined }) {
  const offer = bid.offer;
  // Only with the model: the studio's labels, in its order (ids mean nothing to a customer).
  const design =
    offer && model
      ? model.features
          .filter((f) => offer.choices[f.id] !== undefined)
          .map((f) => ({
            id: f.id,
            label: featureLabel(f),
            value: valueLabel(f, offer.choices[f.id]),
          }))
      : [];
  return (
    <li className="card account-item" data-testid="account-bid">
      <h3 className="account-item__title">
        {bidProductName(bid) ?? 'Your bid'} for {formatMoney(bid.price.amount, bid.price.currency)}
      </h3>
      <p>
        <span className={`badge ${BADGE[bid.status] ?? 'badge--muted'}`}>
          {BID_STATUS_LABELS[bid.status] ?? bid.status}
        </span>{' '}
        delivery by {formatDate(bid.latestDate)} at the latest
        <span className="muted">
          {' '}
          · bid <DateTime value={bid.createdAt} />
        </span>
      </p>
      {offer ? (
        <p>
          Offer: made by {providerName(offer.provider)}, delivered by{' '}
          {formatDate(offer.promisedDate)}, list price{' '}
          {formatMoney(offer.listPrice.amount, offer.listPrice.currency)}
          {bid.status === 'accepted' ? (
            <>
              , holds until <DateTime value={offer.expiresAt} />
            </>
          ) : null}
          .
        </p>
      ) : null}
      {bid.status === 'accepted' ? (
        <p>
          <Link to={`/bids/${encodeURIComponent(bid.id)}`}>Confirm the offer</Link> before it
          expires.
        </p>
      ) : null}
      {bid.orderId ? (
        <p>
          <Link to={`/orders/${encodeURIComponent(bid.orderId)}`}>See the order</Link>
        </p>
      ) : null}
      {design.length ? (
        <details className="account-item__more">
          <summary>The offered design</summary>
          <dl className="facts facts--small">
            {design.map((d) => (
              <div className="facts__row" key={d.id}>
                <dt>{d.label}</dt>
                <dd>{d.value}</dd>
              </div>
            ))}
          </dl>
        </details>
      ) : null}
    </li>
  );
}
