// `/console/providers`: who builds the firm's orders — its own workshop and partners — with what
// each can build (values per feature), what that costs it, how the floor price is computed and a
// partner's own work centers. Owners and operations staff edit what a provider builds and its
// costs (ProviderOfferEditor) and add partners' work centers (ProviderCenterForm).
import { useState } from 'react';
import { api } from '../api/client.ts';
import type { Provider } from '../api/types.ts';
import { formatMoney } from '../studio/format.ts';
import { FormAlert } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import { ProviderCenterForm } from './ProviderCenterForm.tsx';
import { ProviderOfferEditor } from './ProviderOfferEditor.tsx';
import type { ConsolePageProps } from './routes.tsx';

const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function ProvidersPage({ session }: ConsolePageProps) {
  usePageTitle('Providers', session.tenant.name);
  const providers = useResource(() => api.providers.list());
  const products = useResource(() => api.catalog.list());
  const canManage = session.user.role === 'owner' || session.user.role === 'operations';
  const [status, setStatus] = useState('');
  const [error, setError] = useState<unknown>(null);
  const productName = (id: string) => products.data?.find((p) => p.id === id)?.name ?? id;

  const saved = (p: Provider, message: string) => {
    providers.setData((list) => list?.map((x) => (x.id === p.id ? p : x)));
    setStatus(message);
  };

  const toggle = async (p: Provider) => {
    setError(null);
    try {
      const saved = await api.providers.update(p.id, { active: !p.active });
      providers.setData((list) => list?.map((x) => (x.id === saved.id ? saved : x)));
      setStatus(`${saved.name} is now ${saved.active ? 'active' : 'paused'}.`);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <>
      <PageHeader title="Providers">
        Who builds your orders: your own workshop and your partners. An order a partner declines, or
        does not accept in time, moves on to the next provider that can build it.
      </PageHeader>
      <p role="status" className="status-text">
        {status}
      </p>
      <FormAlert error={error ?? providers.error} />
      {providers.loading && !providers.data ? <Loading label="Loading providers" /> : null}
      {(providers.data ?? []).map((p) => {
        const f = p.floorPolicy;
        return (
          <section key={p.id} className="card" aria-labelledby={`provider-${p.id}`}>
            <h2 id={`provider-${p.id}`}>
              {p.name}{' '}
              <span className="muted">({p.kind === 'own' ? 'own workshop' : 'partner'})</span>
            </h2>
            <dl className="facts facts--small">
              <div className="facts__row">
                <dt>Status</dt>
                <dd>{p.active ? 'Active' : 'Paused'}</dd>
              </div>
              <div className="facts__row">
                <dt>Accepts orders within</dt>
                <dd>
                  {p.acceptDeadlineHours === null
                    ? 'the firm’s setting (Settings)'
                    : `${p.acceptDeadlineHours} hours`}
                </dd>
              </div>
              <div className="facts__row">
                <dt>Extra lead time</dt>
                <dd>{p.extraLeadDays} days</dd>
              </div>
              <div className="facts__row">
                <dt>Floor price</dt>
                <dd>
                  cost + at least {f.marginPercent}% (minimum{' '}
                  {formatMoney(f.marginAbs, p.products[0]?.currency ?? 'EUR')})
                  {f.yield.enabled
                    ? `; ${f.yield.slackDiscountPercent}% less margin when under ${Math.round(f.yield.slackBelow * 100)}% booked, ${f.yield.fullPremiumPercent}% more when over ${Math.round(f.yield.fullAbove * 100)}%`
                    : '; yield management off'}
                </dd>
              </div>
            </dl>
            {p.products.length === 0 ? (
              <p className="muted">
                {p.kind === 'own'
                  ? 'Builds everything your published models allow.'
                  : 'Builds nothing yet.'}
              </p>
            ) : (
              <table className="lines">
                <caption className="visually-hidden">What {p.name} builds</caption>
                <thead>
                  <tr>
                    <th scope="col">Product</th>
                    <th scope="col">Can make</th>
                    <th scope="col">Costs</th>
                  </tr>
                </thead>
                <tbody>
                  {p.products.map((x) => (
                    <tr key={x.productId}>
                      <td>{productName(x.productId)}</td>
                      <td>
                        {Object.entries(x.allowed)
                          .map(([feature, values]) => `${feature}: ${values.join(', ')}`)
                          .join('; ') || 'anything the model allows'}
                      </td>
                      <td>
                        base {formatMoney(x.baseCost, x.currency)}
                        {Object.entries(x.optionCosts).map(
                          ([k, v]) => `; ${k} ${formatMoney(v, x.currency)}`,
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {p.kind === 'partner' ? (
              p.workCenters.length === 0 ? (
                <p className="muted">No work centers yet: orders cannot be scheduled here.</p>
              ) : (
                <table className="lines">
                  <caption>Work centers of {p.name}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Code</th>
                      <th scope="col">Name</th>
                      <th scope="col">Hours per day</th>
                      <th scope="col">Working days</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.workCenters.map((c) => (
                      <tr key={c.id}>
                        <td>{c.code}</td>
                        <td>{c.name}</td>
                        <td>{c.hoursPerDay}</td>
                        <td>{c.workingDays.map((d) => WEEKDAY_NAMES[d - 1]).join(', ')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )
            ) : null}
            {canManage ? (
              <details className="provider__edit">
                <summary>Edit what {p.name} builds and its costs</summary>
                <ProviderOfferEditor provider={p} products={products.data ?? []} onSaved={saved} />
              </details>
            ) : null}
            {canManage && p.kind === 'partner' ? (
              <details className="provider__edit">
                <summary>Add a work center to {p.name}</summary>
                <ProviderCenterForm provider={p} onSaved={saved} />
              </details>
            ) : null}
            {canManage ? (
              <button type="button" className="button" onClick={() => void toggle(p)}>
                {p.active ? `Pause ${p.name}` : `Activate ${p.name}`}
              </button>
            ) : null}
          </section>
        );
      })}
    </>
  );
}
