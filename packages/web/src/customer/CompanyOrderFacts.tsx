// A company order's purchase-order number, payment terms, cost center and approval steps, shown
// on the customer's order page and the console's order detail. Nothing for other orders.
import { termsLabel } from '../api/approvals.ts';
import type { CustomerOrder } from '../api/types.ts';
import { DateTime } from '../ui/format.tsx';

export function CompanyOrderFacts({ order }: { order: CustomerOrder }) {
  const { poNumber, paymentTerms, costCenter, approval } = order;
  if (!poNumber && !paymentTerms && !costCenter && !approval) return null;
  return (
    <section className="card" aria-labelledby="company-order-title" data-testid="company-order">
      <h2 id="company-order-title">Purchase order</h2>
      <dl className="facts facts--small">
        <div className="facts__row">
          <dt>PO number</dt>
          <dd data-testid="po-number">{poNumber ?? '—'}</dd>
        </div>
        <div className="facts__row">
          <dt>Payment terms</dt>
          <dd data-testid="payment-terms">{termsLabel(paymentTerms)}</dd>
        </div>
        {costCenter ? (
          <div className="facts__row">
            <dt>Cost center</dt>
            <dd>{costCenter.name}</dd>
          </div>
        ) : null}
        {approval ? (
          <div className="facts__row">
            <dt>Approval</dt>
            <dd data-testid="approval-status">
              {approval.status === 'pending'
                ? `Waiting (${approval.steps.length} of ${approval.requiredLevels} approvals)`
                : approval.status === 'approved'
                  ? 'Approved'
                  : 'Rejected'}
            </dd>
          </div>
        ) : null}
      </dl>
      {approval && approval.steps.length > 0 ? (
        <ol className="timeline" aria-label="Approval steps">
          {approval.steps.map((s) => (
            <li key={s.level}>
              <strong>{s.decision === 'approved' ? 'Approved' : 'Rejected'}</strong> by {s.by}{' '}
              <DateTime value={s.at} />
              {s.reason ? <> — {s.reason}</> : null}
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
