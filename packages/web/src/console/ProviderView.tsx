// The provider view of the console: a partner provider's staff see the orders routed to their
// provider — only what building each needs — and accept or decline each before its deadline.
import { useState } from 'react';
import { api } from '../api/client.ts';
import type { BuildOrder, Session } from '../api/types.ts';
import { useSession } from '../session.tsx';
import { DateTime } from '../ui/format.tsx';
import { FormAlert, TextField } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { formatDate } from '../ui/dates.ts';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';

export function ProviderView({ session }: { session: Session }) {
  usePageTitle('Orders to build', session.tenant.name);
  const { signOut } = useSession();
  const orders = useResource(() => api.providerView.orders());
  const [status, setStatus] = useState('');
  return (
    <div className="shell shell--console">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="topbar topbar--console">
        <div className="topbar__inner topbar__inner--wide">
          <span className="brand">
            <span className="brand__name">{session.tenant.name}</span>
            <span className="brand__tag">Provider view</span>
          </span>
          <div className="whoami">
            <span className="whoami__text">
              <span className="whoami__name">{session.user.name || session.user.email}</span>
            </span>
            <button type="button" className="button button--ghost" onClick={() => void signOut()}>
              Sign out
            </button>
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="console-main">
        <h1>Orders to build</h1>
        <p role="status" className="status-text">
          {status}
        </p>
        <FormAlert error={orders.error} />
        {orders.loading && !orders.data ? <Loading label="Loading orders" /> : null}
        {orders.data && orders.data.length === 0 ? <p>No orders are routed to you.</p> : null}
        {(orders.data ?? []).map((o) => (
          <BuildOrderCard
            key={o.id}
            order={o}
            onDone={(message) => {
              setStatus(message);
              void orders.reload();
            }}
          />
        ))}
      </main>
    </div>
  );
}

function BuildOrderCard({
  order: o,
  onDone,
}: {
  order: BuildOrder;
  onDone: (message: string) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const run = async (act: () => Promise<unknown>, message: string) => {
    setBusy(true);
    setError(null);
    try {
      await act();
      onDone(message);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby={`order-${o.id}`}>
      <h2 id={`order-${o.id}`}>
        Order {o.number}: {o.product.name}
      </h2>
      <p>
        Deliver by {formatDate(o.promisedDate)} ·{' '}
        <span data-testid={`routing-${o.number}`}>
          {o.routingStatus === 'routed' ? 'waiting for your answer' : o.routingStatus}
        </span>
        {o.deadline ? (
          <>
            {' '}
            (answer by <DateTime value={o.deadline} />)
          </>
        ) : null}
      </p>
      <dl className="facts facts--small">
        {Object.entries(o.choices).map(([k, v]) => (
          <div key={k} className="facts__row">
            <dt>{k}</dt>
            <dd>{String(v)}</dd>
          </div>
        ))}
        {Object.entries(o.personalization).map(([k, v]) => (
          <div key={k} className="facts__row">
            <dt>{k}</dt>
            <dd>“{v}”</dd>
          </div>
        ))}
      </dl>
      {o.routing.length ? (
        <table className="lines">
          <caption>Routing</caption>
          <tbody>
            {o.routing.map((r, i) => (
              <tr key={i}>
                <td>{r.operation}</td>
                <td>{r.center}</td>
                <td className="num">{r.hours} h</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <FormAlert error={error} />
      {o.routingStatus === 'routed' ? (
        declining ? (
          <form
            className="form"
            onSubmit={(e) => {
              e.preventDefault();
              void run(
                () => api.providerView.decline(o.id, reason.trim()),
                `Declined order ${o.number}.`,
              );
            }}
          >
            <TextField
              label="Why can you not build it?"
              value={reason}
              required
              maxLength={1000}
              onChange={(e) => setReason(e.target.value)}
            />
            <div className="form__actions">
              <button type="submit" className="button button--danger-quiet" disabled={busy}>
                Decline order {o.number}
              </button>
              <button type="button" className="button" onClick={() => setDeclining(false)}>
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
              onClick={() =>
                void run(() => api.providerView.accept(o.id), `Accepted order ${o.number}.`)
              }
            >
              Accept order {o.number}
            </button>
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => setDeclining(true)}
            >
              Decline…
            </button>
          </div>
        )
      ) : null}
    </section>
  );
}
