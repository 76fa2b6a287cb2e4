// `/company/:slug/approvals`: the company's approvals in its portal (issue 12). An approver (or
// the admin) sees the orders waiting for them and approves, or rejects with a reason; the last
// approval places the order (the server re-checks it and books its production time, and says
// when the delivery date moved). Buyers see their own orders waiting or decided. The server
// decides who may do what; the page only offers what it says the viewer may.
import { useState } from 'react';
import type { PageProps } from '../routes.tsx';
import { approvals, reasonLabel, termsLabel, type ApprovalItem } from '../api/approvals.ts';
import { Link } from '../router/router.tsx';
import { formatMoney } from '../studio/format.ts';
import { formatDate } from '../ui/dates.ts';
import { FormAlert, TextField } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';

export function CompanyApprovalsPage({ params }: PageProps) {
  const slug = params.slug ?? '';
  usePageTitle('Approvals');
  const list = useResource(() => approvals.mine());
  const [notice, setNotice] = useState('');
  if (list.error)
    return (
      <div className="container page">
        <h1>Approvals</h1>
        <FormAlert error={list.error} />
        <p>
          <Link to="/account/signin">Sign in</Link> with your company account.
        </p>
      </div>
    );
  if (!list.data) return <Loading label="Loading approvals" />;
  const all = list.data.approvals;
  const mine = all.filter((a) => a.canDecide);
  const others = all.filter((a) => !a.canDecide);
  return (
    <div className="container page">
      <p className="eyebrow">
        <Link to={`/company/${slug}`}>Company portal</Link>
      </p>
      <h1>Approvals</h1>
      <p role="status" className="status-text" data-testid="approval-notice">
        {notice}
      </p>
      <section className="section" aria-labelledby="waiting-title">
        <h2 id="waiting-title">Waiting for your approval</h2>
        {mine.length === 0 ? (
          <p>Nothing waits for you.</p>
        ) : (
          <ul className="cards">
            {mine.map((a) => (
              <li key={a.orderId}>
                <ApprovalCard
                  item={a}
                  onDecided={async (text) => {
                    setNotice(text);
                    await list.reload();
                  }}
                />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="section" aria-labelledby="all-title">
        <h2 id="all-title">All approvals</h2>
        {others.length === 0 ? (
          <p>None yet.</p>
        ) : (
          <table className="table" data-testid="approvals-table">
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Buyer</th>
                <th scope="col">Total</th>
                <th scope="col">PO number</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {others.map((a) => (
                <tr key={a.orderId}>
                  <td>
                    <Link to={`/orders/${a.orderId}`}>#{a.orderNumber}</Link> {a.product}
                  </td>
                  <td>{a.buyer.name}</td>
                  <td className="num">{formatMoney(a.total, a.currency)}</td>
                  <td>{a.poNumber ?? '—'}</td>
                  <td>{statusText(a)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

export function statusText(a: ApprovalItem): string {
  if (a.status === 'pending')
    return a.requiredLevels > 1
      ? `Waiting for approval (${a.steps.length} of ${a.requiredLevels})`
      : 'Waiting for approval';
  const last = a.steps.at(-1);
  return a.status === 'approved'
    ? `Approved by ${last?.by ?? '—'}`
    : `Rejected by ${last?.by ?? '—'}${last?.reason ? `: ${last.reason}` : ''}`;
}

function ApprovalCard({
  item: a,
  onDecided,
}: {
  item: ApprovalItem;
  onDecided: (notice: string) => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [reason, setReason] = useState('');
  const run = async (act: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    try {
      await onDecided(await act());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <article className="card" aria-label={`Order ${a.orderNumber}`}>
      <h3>
        Order #{a.orderNumber}: {a.product} — {formatMoney(a.total, a.currency)}
      </h3>
      <dl className="facts facts--small">
        <div className="facts__row">
          <dt>Buyer</dt>
          <dd>
            {a.buyer.name}
            {a.location ? ` · ${a.location.name}` : ''}
          </dd>
        </div>
        <div className="facts__row">
          <dt>Why</dt>
          <dd>{a.reasons.map(reasonLabel).join('; ')}</dd>
        </div>
        <div className="facts__row">
          <dt>PO number · terms</dt>
          <dd>
            {a.poNumber ?? '—'} · {termsLabel(a.paymentTerms)}
          </dd>
        </div>
        <div className="facts__row">
          <dt>Earliest delivery</dt>
          <dd>{formatDate(a.promisedDate)}</dd>
        </div>
        {a.requiredLevels > 1 ? (
          <div className="facts__row">
            <dt>Approvals</dt>
            <dd>
              {a.steps.length} of {a.requiredLevels}
              {a.steps.length ? ` (first: ${a.steps[0]!.by})` : ''}
            </dd>
          </div>
        ) : null}
      </dl>
      <FormAlert error={error} />
      <div className="form__actions">
        <button
          type="button"
          className="button button--primary"
          disabled={busy}
          onClick={() =>
            void run(async () => {
              const d = await approvals.approve(a.orderId);
              if (d.approval.status === 'pending')
                return `Order #${a.orderNumber} approved; it waits for a second approval.`;
              return d.movedFrom
                ? `Order #${a.orderNumber} approved and placed. Its earliest delivery moved from ${formatDate(d.movedFrom)} to ${formatDate(d.approval.promisedDate)}.`
                : `Order #${a.orderNumber} approved and placed.`;
            })
          }
        >
          Approve
        </button>
      </div>
      <form
        className="form form--inline"
        aria-label={`Reject order ${a.orderNumber}`}
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            await approvals.reject(a.orderId, reason);
            return `Order #${a.orderNumber} rejected.`;
          });
        }}
      >
        <TextField
          label="Reason for rejecting"
          value={reason}
          required
          maxLength={1000}
          onChange={(e) => setReason(e.target.value)}
        />
        <button type="submit" className="button button--danger-quiet" disabled={busy}>
          Reject
        </button>
      </form>
    </article>
  );
}
