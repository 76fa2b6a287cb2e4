// `/console/bids`: "Name your price" for the firm — how many bids were accepted, refused, expired
// and turned into orders; how often bids are accepted per price band; what orders from bids
// brought in against the same orders at list price; each provider's load, the bids accepted with
// it and how many became orders; and the bids themselves
// (GET /bids/stats, GET /bids?status=&cursor=). Bars are drawn with the capacity page's meter and
// always say their number in words, so the figures read the same without seeing them.
import { useState } from 'react';
import { api } from '../api/client.ts';
import { BID_STATUS_LABELS, staffBids, type BidStats, type StaffBid } from '../api/bids.ts';
import { Link } from '../router/router.tsx';
import { providerName } from '../studio/bids.ts';
import { formatMoney } from '../studio/format.ts';
import { formatDate } from '../ui/dates.ts';
import { DateTime } from '../ui/format.tsx';
import { FormAlert, SelectField } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import type { ConsolePageProps } from './routes.tsx';
import '../studio/bids.css';

const statusOptions = [
  { value: '', label: 'Any status' },
  ...Object.entries(BID_STATUS_LABELS).map(([value, label]) => ({
    value,
    label: value === 'accepted' ? 'Accepted, not confirmed yet' : label,
  })),
];

/** Whole percent of `part` in `whole`; 0 when there is nothing to divide. */
export function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 100) : 0;
}

export function BidsPage({ session }: ConsolePageProps) {
  usePageTitle('Bids', session.tenant.name);
  const stats = useResource(() => staffBids.stats());
  const [status, setStatus] = useState('');
  return (
    <>
      <PageHeader title="Bids">
        Prices customers named for their designs: what was accepted, what became orders, and who
        builds them.
      </PageHeader>
      <FormAlert error={stats.error} />
      {stats.loading && !stats.data ? <Loading label="Loading the figures" /> : null}
      {stats.data ? <Figures stats={stats.data} /> : null}
      <section className="section" aria-labelledby="bid-list-title">
        <h2 id="bid-list-title">All bids</h2>
        <form className="form form--inline" aria-label="Filter bids">
          <SelectField
            label="Status"
            value={status}
            options={statusOptions}
            onChange={(e) => setStatus(e.target.value)}
          />
        </form>
        <BidList key={status} status={status} />
      </section>
    </>
  );
}

function Figures({ stats }: { stats: BidStats }) {
  const { counts, revenue } = stats;
  const total = counts.accepted + counts.refused + counts.expired + counts.converted;
  const money = (n: number) => formatMoney(n, revenue.currency);
  return (
    <>
      <div className="tiles">
        <section className="tile" aria-labelledby="bid-counts-title">
          <h2 id="bid-counts-title" className="tile__title">
            {total === 1 ? '1 bid' : `${total} bids`}
          </h2>
          <dl className="facts" data-testid="bid-counts">
            <dt>Accepted, not confirmed yet</dt>
            <dd>{counts.accepted}</dd>
            <dt>Not accepted</dt>
            <dd>{counts.refused}</dd>
            <dt>Offer expired</dt>
            <dd>{counts.expired}</dd>
            <dt>Ordered</dt>
            <dd>{counts.converted}</dd>
          </dl>
        </section>
        <section className="tile" aria-labelledby="bid-revenue-title">
          <h2 id="bid-revenue-title" className="tile__title">
            Revenue
          </h2>
          <dl className="facts" data-testid="bid-revenue">
            <dt>Orders from bids</dt>
            <dd>{money(revenue.bids)}</dd>
            <dt>The same orders at list price</dt>
            <dd>{money(revenue.list)}</dd>
            <dt>Named below list price</dt>
            <dd>
              {revenue.list > 0 ? `${percent(revenue.list - revenue.bids, revenue.list)}%` : '—'}
            </dd>
            <dt>Orders at list price (not from bids)</dt>
            <dd>{money(revenue.listOrders)}</dd>
          </dl>
        </section>
      </div>
      <section className="section" aria-labelledby="bid-bands-title">
        <h2 id="bid-bands-title">Acceptance by price band</h2>
        {stats.bands.length === 0 ? (
          <p className="muted">No bids yet.</p>
        ) : (
          <div className="table-wrap" role="region" aria-labelledby="bid-bands-title" tabIndex={0}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Price named</th>
                  <th scope="col">Bids</th>
                  <th scope="col">Accepted</th>
                  <th scope="col">Acceptance rate</th>
                </tr>
              </thead>
              <tbody>
                {stats.bands.map((b) => {
                  const pct = percent(b.accepted, b.bids);
                  return (
                    <tr key={b.from}>
                      <th scope="row">
                        {money(b.from)} – {money(b.to)}
                      </th>
                      <td className="num">{b.bids}</td>
                      <td className="num">{b.accepted}</td>
                      <td>
                        <span className="meter" aria-hidden="true">
                          <span className="meter__fill" style={{ width: `${pct}%` }} />
                        </span>
                        <span className="meter__text">{pct}%</span>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="section" aria-labelledby="bid-providers-title">
        <h2 id="bid-providers-title">Providers</h2>
        <div
          className="table-wrap"
          role="region"
          aria-labelledby="bid-providers-title"
          tabIndex={0}
        >
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Provider</th>
                <th scope="col">Load</th>
                <th scope="col">Bids accepted</th>
                <th scope="col">Became orders</th>
                <th scope="col">Orders declined</th>
              </tr>
            </thead>
            <tbody>
              {stats.providers.length === 0 ? (
                <tr>
                  <td colSpan={5} className="table__empty">
                    No providers.
                  </td>
                </tr>
              ) : null}
              {stats.providers.map((p) => {
                const load = Math.round(Math.min(1, Math.max(0, p.load)) * 100);
                return (
                  <tr key={p.id ?? 'own'}>
                    <th scope="row">{p.name}</th>
                    <td>
                      <span className="meter" aria-hidden="true">
                        <span
                          className={`meter__fill${load >= 90 ? ' meter__fill--full' : ''}`}
                          style={{ width: `${load}%` }}
                        />
                      </span>
                      <span className="meter__text">{load}% booked</span>
                    </td>
                    <td className="num">{p.accepted}</td>
                    <td className="num">
                      {p.routed}
                      {p.accepted > 0 ? ` (${percent(p.routed, p.accepted)}%)` : ''}
                    </td>
                    <td className="num">{p.declined}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

/** The bids with one status (all for ''), newest first, a page at a time. */
function BidList({ status }: { status: string }) {
  const products = useResource(() => api.catalog.list());
  const productName = (id: string) => products.data?.find((p) => p.id === id)?.name ?? '—';
  const [pages, setPages] = useState<StaffBid[][]>([]);
  const first = useResource(() => staffBids.list({ status }));
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [more, setMore] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });
  const next = cursor === undefined ? (first.data?.nextCursor ?? null) : cursor;
  const items = [...(first.data?.items ?? []), ...pages.flat()];
  const showEmail = items.some((b) => typeof b.email === 'string');

  const loadMore = async () => {
    if (!next) return;
    setMore({ busy: true, error: null });
    try {
      const page = await staffBids.list({ status, cursor: next });
      setPages((p) => [...p, page.items]);
      setCursor(page.nextCursor);
      setMore({ busy: false, error: null });
    } catch (e) {
      setMore({ busy: false, error: e });
    }
  };

  if (first.error) return <FormAlert error={first.error} />;
  if (!first.data) return <Loading label="Loading bids" />;
  return (
    <>
      <div className="table-wrap" role="region" aria-label="Bids" tabIndex={0}>
        <table className="table" data-testid="bid-list">
          <thead>
            <tr>
              <th scope="col">Made</th>
              <th scope="col">Product</th>
              {showEmail ? <th scope="col">Customer</th> : null}
              <th scope="col">Status</th>
              <th scope="col">Price named</th>
              <th scope="col">Latest date</th>
              <th scope="col">Offer</th>
              <th scope="col">Order</th>
            </tr>
          </thead>
          <tbody>
            {items.length === 0 ? (
              <tr>
                <td colSpan={showEmail ? 8 : 7} className="table__empty">
                  No bids match.
                </td>
              </tr>
            ) : null}
            {items.map((b) => (
              <tr key={b.id}>
                <td>
                  <DateTime value={b.createdAt} />
                </td>
                <td>{productName(b.productId)}</td>
                {showEmail ? <td>{b.email ?? '—'}</td> : null}
                <td>{BID_STATUS_LABELS[b.status] ?? b.status}</td>
                <td className="num">{formatMoney(b.price.amount, b.price.currency)}</td>
                <td>{formatDate(b.latestDate)}</td>
                <td>
                  {b.offer
                    ? `${providerName(b.offer.provider)}, by ${formatDate(b.offer.promisedDate)}, list ${formatMoney(b.offer.listPrice.amount, b.offer.listPrice.currency)}`
                    : '—'}
                </td>
                <td>
                  {b.orderId ? (
                    <Link to={`/console/orders/${encodeURIComponent(b.orderId)}`}>
                      Open the order
                      <span className="visually-hidden">
                        {' '}
                        of the bid of {formatMoney(b.price.amount, b.price.currency)} made{' '}
                        <DateTime value={b.createdAt} />
                      </span>
                    </Link>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <FormAlert error={more.error} />
      {next ? (
        <p>
          <button
            type="button"
            className="button"
            disabled={more.busy}
            onClick={() => void loadMore()}
          >
            Show more bids
          </button>
        </p>
      ) : null}
    </>
  );
}
