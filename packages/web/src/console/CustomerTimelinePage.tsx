// `/console/customers/:id`: one customer's timeline (GET /customers/:id/timeline) — designs and
// versions, orders and statuses, conversations, revisions, feedback, bids, consents and campaigns
// received, oldest first — with their customer-value figures while they consent to personalization. The server
// records every opening of this page in the audit log.
import { canReadCustomers, insights, SEGMENT_LABELS } from '../api/insights.ts';
import { Link } from '../router/router.tsx';
import { formatMoney } from '../studio/format.ts';
import { DateTime } from '../ui/format.tsx';
import { FormAlert } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import type { ConsolePageProps } from './routes.tsx';

const KIND_LABELS: Record<string, string> = {
  design: 'Design',
  'design-version': 'Design version',
  order: 'Order',
  'order-status': 'Order status',
  'order-change': 'Order change',
  conversation: 'Conversation',
  revision: 'Revision',
  feedback: 'Feedback',
  bid: 'Bid',
  consent: 'Consent',
  campaign: 'Campaign',
};

export function CustomerTimelinePage({ params, session }: ConsolePageProps) {
  const id = params.id ?? '';
  const timeline = useResource(() => insights.timeline(id));
  const customer = timeline.data?.customer;
  usePageTitle(customer ? customer.name : 'Customer', session.tenant.name);
  const value = timeline.data?.value ?? null;

  return (
    <>
      <p>
        <Link to="/console/customers">← Customers</Link>
      </p>
      <PageHeader title={customer ? customer.name : 'Customer'}>
        {customer ? `${customer.email} · customer since ` : null}
        {customer ? <DateTime value={customer.createdAt} withTime={false} /> : null}
      </PageHeader>
      {!canReadCustomers(session.user.role) ? (
        <p className="card">Customer timelines are for owners and sales staff.</p>
      ) : null}
      <FormAlert error={timeline.error} />
      {timeline.loading && !timeline.data ? <Loading label="Loading the timeline" /> : null}
      {timeline.data ? (
        <>
          <section className="card" aria-labelledby="value-title">
            <h2 id="value-title">Customer value</h2>
            {value ? (
              <dl className="facts" data-testid="customer-value">
                <dt>Segment</dt>
                <dd>{SEGMENT_LABELS[value.segment]}</dd>
                <dt>Orders</dt>
                <dd>{value.orders}</dd>
                <dt>Spent</dt>
                <dd>{formatMoney(value.spent, value.currency)}</dd>
                <dt>Probability still active</dt>
                <dd>{Math.round(value.pAlive * 100)} %</dd>
                <dt>Expected purchases</dt>
                <dd>{value.expectedPurchases.toFixed(1)}</dd>
                <dt>Expected value</dt>
                <dd>{formatMoney(value.expectedValue, value.currency)}</dd>
                <dt>Expected service cost</dt>
                <dd>
                  {formatMoney(value.expectedServiceCost, value.currency)} ({value.interactions}{' '}
                  interactions so far)
                </dd>
              </dl>
            ) : (
              <p>
                Not scored: the customer has no personalization consent, or their value has not been
                computed yet.
              </p>
            )}
          </section>
          <section className="section" aria-labelledby="timeline-title">
            <h2 id="timeline-title">Timeline</h2>
            {timeline.data.events.length === 0 ? <p>Nothing yet.</p> : null}
            <ol className="timeline" data-testid="customer-timeline">
              {timeline.data.events.map((e, i) => (
                <li key={`${e.at}-${i}`} className={`timeline__item timeline__item--${e.kind}`}>
                  <DateTime value={e.at} /> <strong>{KIND_LABELS[e.kind] ?? e.kind}</strong>{' '}
                  {e.kind.startsWith('order') && e.refId ? (
                    <Link to={`/console/orders/${encodeURIComponent(e.refId)}`}>{e.summary}</Link>
                  ) : e.kind === 'conversation' && e.refId ? (
                    <Link to={`/console/inbox/${encodeURIComponent(e.refId)}`}>{e.summary}</Link>
                  ) : e.kind === 'campaign' && e.refId ? (
                    <Link to={`/console/campaigns/${encodeURIComponent(e.refId)}`}>
                      {e.summary}
                    </Link>
                  ) : (
                    e.summary
                  )}
                </li>
              ))}
            </ol>
          </section>
        </>
      ) : null}
    </>
  );
}
