// `/orders/:id?token=…`: one order as the customer sees it: status, promised date, what was
// ordered with its price lines, the timeline of every status change, and the changes revised
// designs made (or could not make) to it.
import { CompanyOrderFacts } from './CompanyOrderFacts.tsx';
import type { Choices, ProductModel } from '@customerize/engine';
import type { PageProps } from '../routes.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { Loading } from '../ui/Loading.tsx';
import { FormAlert } from '../ui/forms.tsx';
import { DateTime } from '../ui/format.tsx';
import { Link } from '../router/router.tsx';
import { useResource } from '../ui/useResource.ts';
import { ORDER_STATUS_LABELS, type CustomerOrder, type OrderStatus } from '../api/types.ts';
import { shopApi } from '../studio/storefront.ts';
import { formatMoney } from '../studio/format.ts';
import { formatDate } from '../ui/dates.ts';
import { featureLabel, valueLabel } from '../studio/model.ts';
import { LazyConversationPanel } from '../dialogue/LazyConversationPanel.tsx';
import { OrderChanges } from './OrderChanges.tsx';

const FLOW: OrderStatus[] = ['placed', 'confirmed', 'in_production', 'shipped', 'delivered'];

export function statusLabel(status: string): string {
  return ORDER_STATUS_LABELS[status as OrderStatus] ?? status;
}

export function productName(order: CustomerOrder): string {
  const p = order.product;
  if (!p) return 'Your product';
  return typeof p === 'string' ? p : (p.name ?? p.slug ?? 'Your product');
}

export function OrderPage({ params }: PageProps) {
  const id = params.id ?? '';
  return <OrderLoader key={id} id={id} />;
}

function OrderLoader({ id }: { id: string }) {
  const search = new URLSearchParams(window.location.search);
  const token = search.get('token');
  // `?confirm=` is the link emailed to a guest: following it confirms the order.
  const confirm = search.get('confirm');
  const order = useResource(async () => {
    const shop = await shopApi();
    const o = confirm ? await shop.confirmOrder(id, confirm) : await shop.getOrder(id, token);
    // The product's model names the choices as the studio showed them (−2.50 D, not -10);
    // without it the order still shows its price lines.
    const slug = typeof o.product === 'object' ? o.product?.slug : undefined;
    const model = slug
      ? await shop.product(slug).then(
          (p) => p.model as ProductModel,
          () => undefined,
        )
      : undefined;
    return { ...o, model };
  });
  usePageTitle(order.data ? `Order ${order.data.number}` : 'Your order');
  if (order.error) {
    return (
      <div className="container page">
        <h1>Your order</h1>
        <FormAlert error={order.error} />
        <p>
          <Link to="/">Back to the start</Link>
        </p>
      </div>
    );
  }
  const o = order.data;
  if (!o) return <Loading label="Loading your order" />;
  const reached = FLOW.indexOf(o.status);
  return (
    <div className="container page">
      <p className="eyebrow">Order {o.number}</p>
      <h1>{productName(o)}</h1>
      <div className="order-status">
        <p>
          Status: <strong data-testid="order-status">{statusLabel(o.status)}</strong>
        </p>
        <p>
          {o.status === 'pending_confirmation' ? (
            'We emailed you a link: follow it to confirm this order. Its production time is reserved for a short while; unconfirmed orders are released.'
          ) : o.status === 'awaiting_approval' ? (
            'Your company’s approver must approve this order before it is placed. We email you when they decide; nothing is booked until then.'
          ) : o.status === 'delivered' ? (
            'Delivered.'
          ) : o.status === 'cancelled' ? (
            'This order was cancelled.'
          ) : (
            <>
              Delivery by <strong>{formatDate(o.promisedDate)}</strong>
            </>
          )}
        </p>
      </div>
      {o.status !== 'cancelled' ? (
        <ol className="progress" aria-label="Progress">
          {FLOW.map((s, i) => (
            <li
              key={s}
              className={i <= reached ? 'progress__done' : undefined}
              aria-current={i === reached ? 'step' : undefined}
            >
              {statusLabel(s)}
            </li>
          ))}
        </ol>
      ) : null}
      <CompanyOrderFacts order={o} />
      <div className="order-grid">
        <section aria-labelledby="lines-title" className="card">
          <h2 id="lines-title">What you ordered</h2>
          <table className="lines">
            <tbody>
              {o.lines.map((l, i) => (
                <tr key={i}>
                  <td>{l.label}</td>
                  <td className="num">{formatMoney(l.amount, o.currency)}</td>
                </tr>
              ))}
              {Object.entries(o.personalization ?? {}).map(([k, v]) => (
                <tr key={`p-${k}`}>
                  <td colSpan={2} className="muted">
                    {o.model?.personalization?.find((f) => f.id === k)?.label ?? k}: “{v}”
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Total</th>
                <td className="num">
                  <strong>{formatMoney(o.total, o.currency)}</strong>
                </td>
              </tr>
              {o.bidId ? (
                <tr>
                  <td colSpan={2} className="muted" data-testid="order-from-bid">
                    The price you named: your bid was accepted.
                  </td>
                </tr>
              ) : null}
            </tfoot>
          </table>
          {o.model ? <ChosenValues model={o.model} choices={o.choices} /> : null}
        </section>
        <section aria-labelledby="timeline-title" className="card">
          <h2 id="timeline-title">Timeline</h2>
          <ol className="timeline">
            {o.timeline.map((t, i) => (
              <li key={i}>
                <strong>{statusLabel(t.status)}</strong> <DateTime value={t.at} />
                {t.note ? <span className="muted"> — {t.note}</span> : null}
              </li>
            ))}
          </ol>
        </section>
      </div>
      <OrderChanges changes={o.changes ?? []} />
      <p>
        <button type="button" className="button" onClick={() => void order.reload()}>
          Refresh status
        </button>
      </p>
      <LazyConversationPanel subject={{ kind: 'order', id: o.id }} />
    </div>
  );
}

/** Every choice of the order, named as the studio showed it. */
function ChosenValues({ model, choices }: { model: ProductModel; choices: Choices }) {
  const chosen = model.features.filter((f) => choices[f.id] !== undefined);
  if (chosen.length === 0) return null;
  return (
    <dl className="facts facts--small" aria-label="Your choices">
      {chosen.map((f) => (
        <div key={f.id} className="facts__row">
          <dt>{featureLabel(f)}</dt>
          <dd>{valueLabel(f, choices[f.id])}</dd>
        </div>
      ))}
    </dl>
  );
}
