// `/console/customers`: customers by value (GET /customer-values), filtered by segment, highest
// expected value first, with the figures behind each segment; each row opens the customer's
// timeline. Owners and sales staff recompute on demand (the server also does it daily).
import { useRef, useState } from 'react';
import {
  canReadCustomers,
  insights,
  PAGE_SIZE,
  SEGMENT_LABELS,
  type Segment,
} from '../api/insights.ts';
import { Link } from '../router/router.tsx';
import { formatMoney } from '../studio/format.ts';
import { formatDate } from '../ui/dates.ts';
import { DateTime } from '../ui/format.tsx';
import { FormAlert, SelectField } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import type { ConsolePageProps } from './routes.tsx';

const segmentOptions = [
  { value: '', label: 'Every segment' },
  ...Object.entries(SEGMENT_LABELS).map(([value, label]) => ({ value, label })),
];

const percent = (p: number) => `${Math.round(p * 100)} %`;

export function CustomersPage({ session }: ConsolePageProps) {
  usePageTitle('Customers', session.tenant.name);
  const [segment, setSegment] = useState<Segment | ''>('');
  const [offset, setOffset] = useState(0);
  const query = useRef({ segment, offset });
  query.current = { segment, offset };
  const list = useResource(() => insights.list(query.current.segment, query.current.offset));
  const [busy, setBusy] = useState(false);
  const [recomputeError, setRecomputeError] = useState<unknown>(null);
  const allowed = canReadCustomers(session.user.role);

  const show = (next: { segment?: Segment | ''; offset?: number }) => {
    query.current = { ...query.current, ...next };
    if (next.segment !== undefined) setSegment(next.segment);
    setOffset(query.current.offset);
    void list.reload();
  };

  const recompute = async () => {
    setBusy(true);
    setRecomputeError(null);
    try {
      await insights.recompute();
      await list.reload();
    } catch (e) {
      setRecomputeError(e);
    } finally {
      setBusy(false);
    }
  };

  const run = list.data?.run ?? null;
  const currency = list.data?.items[0]?.currency ?? null;
  return (
    <>
      <PageHeader title="Customers">
        Who your best customers are, who is growing, who is at risk or lapsed, and who costs more to
        serve than they bring — from your own orders of customers who consented to personalization.
        Open a customer to see everything they did with you.
      </PageHeader>
      {!allowed ? (
        <p className="card">Customer value is for owners and sales staff.</p>
      ) : (
        <>
          <section className="card" aria-labelledby="run-title">
            <h2 id="run-title">Last computed</h2>
            {run ? (
              <p data-testid="customer-value-run">
                <DateTime value={run.computedAt} /> —{' '}
                {run.status === 'scored'
                  ? `${run.customers} customers scored over the next ${run.horizonDays} days` +
                    (currency
                      ? `; a service interaction counts as ${formatMoney(run.costPerInteraction, currency)}.`
                      : '.')
                  : `not enough history: ${run.message ?? ''}`}
              </p>
            ) : (
              <p>Not computed yet. It runs daily, or now with the button.</p>
            )}
            <FormAlert error={recomputeError} />
            <button
              type="button"
              className="button button--primary"
              onClick={() => void recompute()}
              disabled={busy}
            >
              {busy ? 'Computing…' : 'Recompute now'}
            </button>
          </section>
          <form
            className="card form form--grid"
            aria-label="Filter customers"
            onSubmit={(e) => {
              e.preventDefault();
              show({ offset: 0 });
            }}
          >
            <SelectField
              label="Segment"
              value={segment}
              options={segmentOptions}
              onChange={(e) => show({ segment: e.target.value as Segment | '', offset: 0 })}
            />
          </form>
          <section className="section" aria-labelledby="customers-title">
            <h2 id="customers-title">
              {list.data
                ? `${list.data.total} ${list.data.total === 1 ? 'customer' : 'customers'}`
                : 'Customers'}
            </h2>
            {list.error ? <FormAlert error={list.error} /> : null}
            {list.loading && !list.data ? <Loading label="Loading customers" /> : null}
            {list.data ? (
              <div
                className="table-wrap"
                role="region"
                aria-labelledby="customers-title"
                tabIndex={0}
              >
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Customer</th>
                      <th scope="col">Segment</th>
                      <th scope="col">Orders</th>
                      <th scope="col">Last order</th>
                      <th scope="col">Spent</th>
                      <th scope="col">P(active)</th>
                      <th scope="col">Expected value</th>
                      <th scope="col">Service cost</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.data.items.length === 0 ? (
                      <tr>
                        <td colSpan={8} className="table__empty">
                          No customers in this segment.
                        </td>
                      </tr>
                    ) : null}
                    {list.data.items.map((c) => (
                      <tr key={c.customerId}>
                        <td>
                          <Link to={`/console/customers/${encodeURIComponent(c.customerId)}`}>
                            {c.name || c.email || c.customerId}
                          </Link>
                        </td>
                        <td>
                          <span className={`badge badge--segment-${c.segment}`}>
                            {SEGMENT_LABELS[c.segment]}
                          </span>
                        </td>
                        <td className="num">{c.orders}</td>
                        <td>{formatDate(c.lastOrderOn)}</td>
                        <td className="num">{formatMoney(c.spent, c.currency)}</td>
                        <td className="num">{percent(c.pAlive)}</td>
                        <td className="num">{formatMoney(c.expectedValue, c.currency)}</td>
                        <td className="num">{formatMoney(c.expectedServiceCost, c.currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
            {list.data && list.data.total > PAGE_SIZE ? (
              <div className="form__actions">
                <button
                  type="button"
                  className="button"
                  disabled={offset === 0}
                  onClick={() => show({ offset: Math.max(0, offset - PAGE_SIZE) })}
                >
                  Previous
                </button>
                <button
                  type="button"
                  className="button"
                  disabled={offset + PAGE_SIZE >= list.data.total}
                  onClick={() => show({ offset: offset + PAGE_SIZE })}
                >
                  Next
                </button>
              </div>
            ) : null}
          </section>
        </>
      )}
    </>
  );
}
