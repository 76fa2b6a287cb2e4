// `/console/approvals`: every company's approval queue — orders above a buyer's limit or a cost
// center's budget, waiting for the company's approvers, and those approved or rejected (with
// who decided and why). Approving is the company's own act, done in its portal; the firm's
// staff follow the queue here and open the order (or cancel it from the order's page).
import { useState } from 'react';
import { approvals, reasonLabel, termsLabel } from '../api/approvals.ts';
import { statusText } from '../customer/CompanyApprovalsPage.tsx';
import { Link } from '../router/router.tsx';
import { formatMoney } from '../studio/format.ts';
import { formatDate } from '../ui/dates.ts';
import { FormAlert } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import type { ConsolePageProps } from './routes.tsx';

const TABS = [
  ['pending', 'Pending'],
  ['approved', 'Approved'],
  ['rejected', 'Rejected'],
] as const;

export function ApprovalsPage({ session }: ConsolePageProps) {
  usePageTitle('Approvals', session.tenant.name);
  const [tab, setTab] = useState<(typeof TABS)[number][0]>('pending');
  const list = useResource(() => approvals.all());
  const shown = (list.data?.approvals ?? []).filter((a) => a.status === tab);
  return (
    <>
      <PageHeader title="Approvals">
        Company orders above a buyer’s limit or a cost center’s budget wait for the company’s
        approvers, who approve or reject them in their portal. Nothing is booked until the last
        approval.
      </PageHeader>
      <div role="group" aria-label="Show" className="form__actions">
        {TABS.map(([key, text]) => (
          <button
            key={key}
            type="button"
            className={key === tab ? 'button button--primary' : 'button'}
            aria-pressed={key === tab}
            onClick={() => setTab(key)}
          >
            {text} ({(list.data?.approvals ?? []).filter((a) => a.status === key).length})
          </button>
        ))}
      </div>
      {list.error ? <FormAlert error={list.error} /> : null}
      {list.loading && !list.data ? <Loading label="Loading approvals" /> : null}
      {list.data && shown.length === 0 ? <p>No {tab} approvals.</p> : null}
      {shown.length > 0 ? (
        <table className="table" data-testid="console-approvals">
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Company · buyer</th>
              <th scope="col">Why</th>
              <th scope="col">Total</th>
              <th scope="col">PO · terms</th>
              <th scope="col">Delivery</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((a) => (
              <tr key={a.orderId}>
                <td>
                  <Link to={`/console/orders/${a.orderId}`}>#{a.orderNumber}</Link> {a.product}
                </td>
                <td>
                  {a.company.name} · {a.buyer.name}
                  {a.location ? ` (${a.location.name})` : ''}
                </td>
                <td>{a.reasons.map(reasonLabel).join('; ')}</td>
                <td className="num">{formatMoney(a.total, a.currency)}</td>
                <td>
                  {a.poNumber ?? '—'} · {termsLabel(a.paymentTerms)}
                </td>
                <td>{formatDate(a.promisedDate)}</td>
                <td>{statusText(a)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
