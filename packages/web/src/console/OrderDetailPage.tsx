// `/console/orders/:id`: one order — choices, price lines, bill of materials, routing with the
// booked work-center days, timeline — and buttons for the status changes allowed from here
// (operations and owners; the server refuses others with 409 naming the allowed ones), and the
// changes accepted design revisions asked of it, with approve and refuse for waiting ones.
import { useState } from 'react';
import { api } from '../api/client.ts';
import type { ProductModel } from '@customerize/engine';
import { ORDER_STATUS_LABELS, type OrderStatus } from '../api/types.ts';
import { featureById, featureLabel, valueLabel } from '../studio/model.ts';
import { Link } from '../router/router.tsx';
import { DateTime } from '../ui/format.tsx';
import { FormAlert, TextField } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { formatMoney } from '../studio/format.ts';
import { formatDate } from '../ui/dates.ts';
import { OrderItems } from './OrderItems.tsx';
import { CompanyOrderFacts } from '../customer/CompanyOrderFacts.tsx';
import type { ConsolePageProps } from './routes.tsx';
import { orderProductName } from './OrdersPage.tsx';
import { OrderChanges } from '../customer/OrderChanges.tsx';
import type { OrderChange, StaffOrder } from '../api/types.ts';

/** The lifecycle: placed → confirmed → in production → shipped → delivered; cancel before production. */
const NEXT: Record<OrderStatus, OrderStatus[]> = {
  // A guest's order: placed when the guest confirms by email, released when the hold expires.
  pending_confirmation: ['cancelled'],
  // A company order waiting for its approver: only the company approves; staff may cancel.
  awaiting_approval: ['cancelled'],
  placed: ['confirmed', 'cancelled'],
  confirmed: ['in_production', 'cancelled'],
  in_production: ['shipped'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};

const ACTION: Record<OrderStatus, string> = {
  pending_confirmation: 'Await confirmation',
  awaiting_approval: 'Await approval',
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

/** Who decides on a change a revised design asks of an order (the server checks too). */
export function canDecideChanges(role: string): boolean {
  return role === 'operations' || role === 'owner' || role === 'sales';
}

/** Approve, or refuse with a reason, one waiting change; `onDone` reloads the order. */
function ChangeDecision({ change, onDone }: { change: OrderChange; onDone: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [refusing, setRefusing] = useState(false);
  const [reason, setReason] = useState('');
  const run = async (act: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await act();
      await onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <FormAlert error={error} />
      {refusing ? (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => api.orderChanges.refuse(change.id, reason.trim()));
          }}
        >
          <TextField
            label="Why is the change refused?"
            value={reason}
            required
            maxLength={2000}
            onChange={(e) => setReason(e.target.value)}
          />
          <div className="form__actions">
            <button
              type="submit"
              className="button button--danger-quiet"
              disabled={busy || !reason.trim()}
            >
              Refuse the change
            </button>
            <button type="button" className="button" onClick={() => setRefusing(false)}>
              Back
            </button>
          </div>
        </form>
      ) : (
        <div className="form__actions">
          <button
            type="button"
            className="button button--primary"
            disabled={busy}
            onClick={() => void run(() => api.orderChanges.approve(change.id))}
          >
            Approve the change
          </button>
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => setRefusing(true)}
          >
            Refuse…
          </button>
        </div>
      )}
    </div>
  );
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
          {formatDate(o.promisedDate)} · {formatMoney(o.total, o.currency)}
          {o.bidId ? (
            <>
              {' '}
              <span className="badge badge--info" data-testid="order-from-bid">
                from a bid
              </span>
            </>
          ) : null}
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
      {o.provider ? (
        <ProviderRouting
          orderId={o.id}
          routing={o.provider}
          canRoute={allowedToMove}
          onRouted={() => void order.reload()}
        />
      ) : null}
      <CompanyOrderFacts order={o} />
      <OrderItems order={o} />
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
      <OrderChanges
        changes={o.changes ?? []}
        actions={(c) =>
          c.status === 'requested' && canDecideChanges(session.user.role) ? (
            <ChangeDecision change={c} onDone={() => order.reload()} />
          ) : null
        }
      />
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
                    {r.startDate ? formatDate(r.startDate) : '—'}
                    {r.endDate && r.endDate !== r.startDate ? ` – ${formatDate(r.endDate)}` : ''}
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

const ROUTING_LABELS: Record<string, string> = {
  routed: 'waiting for the provider to accept',
  accepted: 'accepted',
  unassigned: 'no provider could take it: decide where it is built',
};

/** Who builds the order and where its routing stands; owners and operations can send it on. */
function ProviderRouting({
  orderId,
  routing,
  canRoute,
  onRouted,
}: {
  orderId: string;
  routing: NonNullable<StaffOrder['provider']>;
  canRoute: boolean;
  onRouted: () => void;
}) {
  const providers = useResource(() => api.providers.list());
  const [target, setTarget] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const partners = (providers.data ?? []).filter((p) => p.kind === 'partner');
  const name =
    routing.id === null
      ? 'Our workshop'
      : (providers.data?.find((p) => p.id === routing.id)?.name ?? 'a partner');
  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.providers.routeOrder(orderId, target === '' ? null : target);
      onRouted();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="provider-title">
      <h2 id="provider-title">Provider</h2>
      <p>
        Built by <strong>{name}</strong> ·{' '}
        <span data-testid="routing-status">{ROUTING_LABELS[routing.status] ?? routing.status}</span>
        {routing.deadline ? (
          <>
            {' '}
            (by <DateTime value={routing.deadline} />)
          </>
        ) : null}
      </p>
      <FormAlert error={error} />
      {canRoute ? (
        <div className="form__actions">
          <label>
            Send to{' '}
            <select value={target} onChange={(e) => setTarget(e.target.value)}>
              <option value="">Our workshop</option>
              {partners.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="button" disabled={busy} onClick={() => void send()}>
            Send
          </button>
        </div>
      ) : null}
    </section>
  );
}
