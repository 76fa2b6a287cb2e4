// `/console/orders/:id`: one order — choices, price lines, bill of materials, routing with the
// booked work-center days, timeline — and buttons for the status changes allowed from here
// (operations and owners; the server refuses others with 409 naming the allowed ones).
import { useState } from 'react';
import { api } from '../api/client.ts';
import type { ProductModel } from '@customerize/engine';
import { ORDER_STATUS_LABELS, type OrderStatus } from '../api/types.ts';
import { featureById, featureLabel, valueLabel } from '../studio/model.ts';
import { Link } from '../router/router.tsx';
import { DateTime } from '../ui/format.tsx';
import { FormAlert } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { formatDay, formatMoney } from '../studio/format.ts';
import type { ConsolePageProps } from './routes.tsx';
import { orderProductName } from './OrdersPage.tsx';

/** The lifecycle: placed → confirmed → in production → shipped → delivered; cancel before production. */
const NEXT: Record<OrderStatus, OrderStatus[]> = {
  // A guest's order: placed when the guest confirms by email, released when the hold expires.
  pending_confirmation: ['cancelled'],
  placed: ['confirmed', 'cancelled'],
  confirmed: ['in_production', 'cancelled'],
  in_production: ['shipped'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};

const ACTION: Record<OrderStatus, string> = {
  pending_confirmation: 'Await confirmation',
  placed: 'Mark placed',
  confirmed: 'Confirm order',
  in_production: 'Start production',
  shipped: 'Mark shipped',
  delivered: 'Mark delivered',
  cancelled: 'Cancel order',
};

const label = (s: string) => ORDER_STATUS_LABELS[s as OrderStatus] ?? s;

export function canMoveOrders(role: string): boolean {
  return role === 'operations' || role === 'owner';
}

export function OrderDetailPage({ params, session }: ConsolePageProps) {
  const id = params.id ?? '';
  const order = useResource(async () => {
    const o = await api.orders.get(id);
    // The model the order was made with, to name its choices as the customer saw them.
    const productId = typeof o.product === 'object' && o.product ? o.product.id : undefined;
    const model =
      productId && o.versionId
        ? ((await api.catalog.version(productId, o.versionId).catch(() => null))?.model as
            ProductModel | undefined)
        : undefined;
    return { ...o, model };
  });
  usePageTitle(order.data ? `Order ${order.data.number}` : 'Order', session.tenant.name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const [cancelling, setCancelling] = useState(false);
  const allowedToMove = canMoveOrders(session.user.role);

  const move = async (to: OrderStatus) => {
    setBusy(true);
    setError(null);
    try {
      const updated = await api.orders.transition(id, to);
      order.setData((o) => (o ? { ...o, ...updated } : o));
      await order.reload();
      setStatus(`Order is now ${label(to).toLowerCase()}.`);
      setCancelling(false);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (order.error) return <FormAlert error={order.error} />;
  const o = order.data;
  if (!o) return <Loading label="Loading the order" />;
  const next = o.allowedTransitions ?? NEXT[o.status] ?? [];
  return (
    <>
      <p className="eyebrow">
        <Link to="/console/orders">All orders</Link>
      </p>
      <PageHeader title={`Order ${o.number}`}>
        {orderProductName(o.product)} · placed <DateTime value={o.createdAt} />
        {o.email ? ` · ${o.email}` : ''}
      </PageHeader>
      <div className="order-status card">
        <p>
          Status: <strong data-testid="order-status">{label(o.status)}</strong> · promised{' '}
          {formatDay(o.promisedDate)} · {formatMoney(o.total, o.currency)}
        </p>
        <p role="status" className="status-text">
          {status}
        </p>
        {!cancelling ? <FormAlert error={error} /> : null}
        {allowedToMove && next.length ? (
          <div className="form__actions">
            {next.map((to) => (
              <button
                key={to}
                type="button"
                disabled={busy}
                className={
                  to === 'cancelled' ? 'button button--danger-quiet' : 'button button--primary'
                }
                onClick={() => (to === 'cancelled' ? setCancelling(true) : void move(to))}
              >
                {ACTION[to]}
              </button>
            ))}
          </div>
        ) : !allowedToMove ? (
          <p className="muted">Only operations staff and owners change an order&apos;s status.</p>
        ) : null}
      </div>
      <div className="order-grid">
        <section className="card" aria-labelledby="choices-title">
          <h2 id="choices-title">Choices and price</h2>
          <table className="lines">
            <tbody>
              {o.lines.map((l, i) => (
                <tr key={i}>
                  <td>{l.label}</td>
                  <td className="num">{formatMoney(l.amount, o.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <dl className="facts facts--small">
            {Object.entries(o.choices).map(([k, v]) => {
              const f = o.model ? featureById(o.model, k) : undefined;
              return (
                <div key={k} className="facts__row">
                  <dt>{f ? featureLabel(f) : k}</dt>
                  <dd>{f ? valueLabel(f, v) : String(v)}</dd>
                </div>
              );
            })}
            {Object.entries(o.personalization ?? {}).map(([k, v]) => (
              <div key={k} className="facts__row">
                <dt>{o.model?.personalization?.find((p) => p.id === k)?.label ?? k}</dt>
                <dd>“{v}”</dd>
              </div>
            ))}
          </dl>
        </section>
        <section className="card" aria-labelledby="timeline-title">
          <h2 id="timeline-title">Timeline</h2>
          <ol className="timeline">
            {o.timeline.map((t, i) => (
              <li key={i}>
                <strong>{label(t.status)}</strong> <DateTime value={t.at} />
                {t.by ? <span className="muted"> by {t.by}</span> : null}
                {t.note ? <span className="muted"> — {t.note}</span> : null}
              </li>
            ))}
          </ol>
        </section>
      </div>
      <section className="section" aria-labelledby="bom-title">
        <h2 id="bom-title">Bill of materials</h2>
        <div className="table-wrap" role="region" aria-labelledby="bom-title" tabIndex={0}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">SKU</th>
                <th scope="col">Description</th>
                <th scope="col">Quantity</th>
              </tr>
            </thead>
            <tbody>
              {(o.bom ?? []).map((b, i) => (
                <tr key={i}>
                  <td className="mono">{b.sku}</td>
                  <td>{b.description ?? ''}</td>
                  <td className="num">
                    {b.qty} {b.unit ?? ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="section" aria-labelledby="routing-title">
        <h2 id="routing-title">Routing</h2>
        <div className="table-wrap" role="region" aria-labelledby="routing-title" tabIndex={0}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Work center</th>
                <th scope="col">Operation</th>
                <th scope="col">Hours</th>
                <th scope="col">Booked</th>
              </tr>
            </thead>
            <tbody>
              {(o.routing ?? []).map((r, i) => (
                <tr key={i}>
                  <td>{r.center}</td>
                  <td>
                    {r.operation ?? ''}
                    {r.final ? <span className="badge badge--info">final step</span> : null}
                  </td>
                  <td className="num">{r.hours}</td>
                  <td>
                    {r.startDate ? formatDay(r.startDate) : '—'}
                    {r.endDate && r.endDate !== r.startDate ? ` – ${formatDay(r.endDate)}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <ConfirmDialog
        open={cancelling}
        title="Cancel this order?"
        confirmLabel="Yes, cancel the order"
        busy={busy}
        error={error}
        onConfirm={() => void move('cancelled')}
        onCancel={() => setCancelling(false)}
      >
        <p>The customer is told, and the booked work-center capacity is freed.</p>
      </ConfirmDialog>
    </>
  );
}
