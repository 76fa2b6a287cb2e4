// `/console/orders`: every order, filtered by status, product, date and a waiting change request
// (GET /orders?…), newest first; each row opens the order's detail. Orders whose customer
// accepted a revised design that waits for the firm's approval are flagged.
import { useRef, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import { ORDER_STATUS_LABELS, type OrderStatus } from '../api/types.ts';
import { Link } from '../router/router.tsx';
import { DateTime } from '../ui/format.tsx';
import { FormAlert, SelectField, TextField } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import { formatMoney } from '../studio/format.ts';
import { formatDate } from '../ui/dates.ts';
import type { ConsolePageProps } from './routes.tsx';

const statusOptions = [
  { value: '', label: 'Any status' },
  ...Object.entries(ORDER_STATUS_LABELS).map(([value, label]) => ({ value, label })),
];

export function orderProductName(product: unknown): string {
  if (typeof product === 'string') return product;
  if (product && typeof product === 'object') {
    const p = product as { name?: string; slug?: string };
    return p.name ?? p.slug ?? '—';
  }
  return '—';
}

export function OrdersPage({ session }: ConsolePageProps) {
  usePageTitle('Orders', session.tenant.name);
  const [filter, setFilter] = useState({
    status: '',
    product: '',
    from: '',
    to: '',
    changeWaiting: '',
  });
  // The list loads with the filter as it is when "Show orders" is pressed.
  const current = useRef(filter);
  current.current = filter;
  const products = useResource(() => api.catalog.list());
  const orders = useResource(() => api.orders.list(current.current));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void orders.reload();
  };

  return (
    <>
      <PageHeader title="Orders">
        Orders placed in the studio, with their promised dates. Open one to see its bill of
        materials, routing and timeline, and to move it along.
      </PageHeader>
      <form className="card form form--grid" onSubmit={submit} aria-label="Filter orders">
        <SelectField
          label="Status"
          value={filter.status}
          options={statusOptions}
          onChange={(e) => setFilter({ ...filter, status: e.target.value })}
        />
        <SelectField
          label="Product"
          value={filter.product}
          options={[
            { value: '', label: 'Any product' },
            ...(products.data ?? []).map((p) => ({ value: p.slug, label: p.name })),
          ]}
          onChange={(e) => setFilter({ ...filter, product: e.target.value })}
        />
        <TextField
          label="Placed from"
          type="date"
          value={filter.from}
          onChange={(e) => setFilter({ ...filter, from: e.target.value })}
        />
        <TextField
          label="Placed until"
          type="date"
          value={filter.to}
          onChange={(e) => setFilter({ ...filter, to: e.target.value })}
        />
        <label className="check">
          <input
            type="checkbox"
            checked={filter.changeWaiting === 'true'}
            onChange={(e) =>
              setFilter({ ...filter, changeWaiting: e.target.checked ? 'true' : '' })
            }
          />
          Only orders with a change waiting for approval
        </label>
        <div className="form__actions">
          <button type="submit" className="button button--primary">
            Show orders
          </button>
        </div>
      </form>
      <section className="section" aria-labelledby="orders-title">
        <h2 id="orders-title">
          {orders.data
            ? `${orders.data.length} ${orders.data.length === 1 ? 'order' : 'orders'}`
            : 'Orders'}
        </h2>
        {orders.error ? <FormAlert error={orders.error} /> : null}
        {orders.loading && !orders.data ? <Loading label="Loading orders" /> : null}
        {orders.data ? (
          <div className="table-wrap" role="region" aria-labelledby="orders-title" tabIndex={0}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  <th scope="col">Product</th>
                  <th scope="col">Status</th>
                  <th scope="col">Placed</th>
                  <th scope="col">Promised</th>
                  <th scope="col">Total</th>
                </tr>
              </thead>
              <tbody>
                {orders.data.length === 0 ? (
                  <tr>
                    <td colSpan={6} className="table__empty">
                      No orders match.
                    </td>
                  </tr>
                ) : null}
                {orders.data.map((o) => (
                  <tr key={o.id}>
                    <td>
                      <Link to={`/console/orders/${encodeURIComponent(o.id)}`}>
                        Order {o.number}
                      </Link>
                    </td>
                    <td>{orderProductName(o.product)}</td>
                    <td>
                      <span className={`badge badge--status-${o.status}`}>
                        {ORDER_STATUS_LABELS[o.status as OrderStatus] ?? o.status}
                      </span>
                      {o.changeWaiting ? (
                        <>
                          {' '}
                          <span className="badge badge--warn" data-testid="order-change-waiting">
                            Change waiting
                          </span>
                        </>
                      ) : null}
                    </td>
                    <td>
                      <DateTime value={o.createdAt} />
                    </td>
                    <td>{o.promisedDate ? formatDate(o.promisedDate) : '—'}</td>
                    <td className="num">{formatMoney(o.total, o.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </>
  );
}
