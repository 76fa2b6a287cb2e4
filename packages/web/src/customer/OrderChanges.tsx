// The changes of an order from revised designs the customer accepted: what each brought (the
// version of the design), the price before and after with the difference, the delivery date,
// and the decision — applied, waiting for the firm, refused with the reason, or replaced.
// Shown on the customer's order page and, with approve/refuse buttons, in the console.
import type { ReactNode } from 'react';
import type { OrderChange } from '../api/types.ts';
import { DateTime } from '../ui/format.tsx';
import { formatMoney } from '../studio/format.ts';
import { formatDate } from '../ui/dates.ts';

export const CHANGE_STATUS_LABELS: Record<OrderChange['status'], string> = {
  applied: 'Applied',
  requested: 'Waiting for the firm’s approval',
  refused: 'Not applied',
  withdrawn: 'Replaced by a later change',
};

/** "+€50", "−€20" or "no difference"; amounts in minor units of `currency`. */
export function priceDifferenceText(difference: number, currency: string): string {
  if (difference === 0) return 'no difference';
  const text = formatMoney(Math.abs(difference), currency);
  return difference > 0 ? `+${text}` : `−${text}`;
}

export function OrderChanges({
  changes,
  actions,
}: {
  changes: OrderChange[];
  /** Controls under a change (the console's approve and refuse). */
  actions?: (change: OrderChange) => ReactNode;
}) {
  if (changes.length === 0) return null;
  return (
    <section className="card section" aria-labelledby="changes-title">
      <h2 id="changes-title">Changes to this order</h2>
      <ol className="timeline" aria-label="Changes">
        {[...changes].reverse().map((c) => (
          <li key={c.id} aria-label={`Change to version ${c.toDesignVersion}`}>
            <p>
              <strong>{CHANGE_STATUS_LABELS[c.status]}</strong>: version {c.toDesignVersion} of the
              design · <DateTime value={c.createdAt} />
              {c.decidedBy === 'automatic' ? (
                <span className="muted"> · automatically</span>
              ) : c.decidedBy && c.status !== 'requested' ? (
                <span className="muted"> · by {c.decidedBy}</span>
              ) : null}
            </p>
            <dl className="facts facts--small">
              <div className="facts__row">
                <dt>Price</dt>
                <dd>
                  {formatMoney(c.oldTotal, c.oldCurrency)}
                  {c.newTotal !== null && c.newCurrency
                    ? ` → ${formatMoney(c.newTotal, c.newCurrency)}`
                    : ''}
                </dd>
              </div>
              {c.difference !== null ? (
                <div className="facts__row">
                  <dt>Price difference</dt>
                  <dd data-testid="price-difference">
                    {priceDifferenceText(c.difference, c.oldCurrency)}
                  </dd>
                </div>
              ) : null}
              <div className="facts__row">
                <dt>Delivery</dt>
                <dd>
                  {c.newPromisedDate && c.newPromisedDate !== c.oldPromisedDate
                    ? `${formatDate(c.newPromisedDate)} (was ${formatDate(c.oldPromisedDate)})`
                    : formatDate(c.newPromisedDate ?? c.oldPromisedDate)}
                </dd>
              </div>
            </dl>
            {c.reason ? <p className="muted">Reason: {c.reason}</p> : null}
            {actions?.(c)}
          </li>
        ))}
      </ol>
    </section>
  );
}
