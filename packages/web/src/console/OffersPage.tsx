// `/console/offers`: personal offers (GET/POST /offers, POST /offers/:id/end). Owner and sales
// staff create an offer — percent or amount off, a free option, a faster date — for a segment
// (reaching customers only under their personalization consent) or one customer, with a window
// and an optional usage limit; they see each offer's uses and end one early. Each change is in
// the audit log.
import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client.ts';
import { SEGMENT_LABELS, type Segment } from '../api/insights.ts';
import { offersApi, type NewOffer, type OfferKind, type StaffOffer } from '../api/offers.ts';
import { DateTime } from '../ui/format.tsx';
import { FormAlert, SelectField, TextField } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import type { ConsolePageProps } from './routes.tsx';

export function canManageOffers(role: string): boolean {
  return role === 'owner' || role === 'sales';
}

const KINDS: { value: OfferKind; label: string }[] = [
  { value: 'percent', label: 'Percent off' },
  { value: 'amount', label: 'Amount off' },
  { value: 'free-option', label: 'A free option' },
  { value: 'faster-date', label: 'A faster date, free' },
];

const today = () => new Date().toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

export function OffersPage({ session }: ConsolePageProps) {
  usePageTitle('Offers', session.tenant.name);
  const allowed = canManageOffers(session.user.role);
  const list = useResource(() =>
    allowed ? offersApi.list() : Promise.resolve({ offers: [] as StaffOffer[] }),
  );
  const [form, setForm] = useState({
    currency: 'EUR',
    title: '',
    kind: 'percent' as OfferKind,
    number: '',
    feature: '',
    value: '',
    productId: '',
    target: 'segment' as 'segment' | 'customer',
    segment: 'best' as Segment,
    customerId: '',
    startsOn: today(),
    endsOn: inDays(30),
    usageLimit: '',
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });
  const fieldErrors = error instanceof ApiError ? error.fieldErrors() : {};

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const n = Number(form.number);
    const input: NewOffer = {
      title: form.title.trim(),
      kind: form.kind,
      ...(form.kind === 'percent' ? { percent: n } : {}),
      ...(form.kind === 'amount'
        ? { amount: Math.round(n), currency: form.currency.trim().toUpperCase() }
        : {}),
      ...(form.kind === 'faster-date' ? { daysEarlier: n } : {}),
      ...(form.kind === 'free-option' ? { feature: form.feature, value: form.value } : {}),
      ...(form.productId.trim() ? { productId: form.productId.trim() } : {}),
      ...(form.target === 'segment'
        ? { segment: form.segment }
        : { customerId: form.customerId.trim() }),
      startsAt: new Date(`${form.startsOn}T00:00:00`).toISOString(),
      endsAt: new Date(`${form.endsOn}T23:59:59`).toISOString(),
      ...(form.usageLimit ? { usageLimit: Number(form.usageLimit) } : {}),
    };
    try {
      const created = await offersApi.create(input);
      list.setData((d) => ({ offers: [created, ...(d?.offers ?? [])] }));
      setForm({ ...form, title: '', number: '' });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const end = async (o: StaffOffer) => {
    setError(null);
    try {
      const ended = await offersApi.end(o.id);
      list.setData((d) => ({
        offers: (d?.offers ?? []).map((x) => (x.id === ended.id ? ended : x)),
      }));
    } catch (err) {
      setError(err);
    }
  };

  return (
    <>
      <PageHeader title="Offers">
        Personal offers for a segment of your customers or one customer. The server applies an offer
        once per customer, at order time, as its own price line; a segment offer reaches only
        customers who allow personalization.
      </PageHeader>
      {!allowed ? <p>Owners and sales staff manage offers.</p> : null}
      <FormAlert error={list.error ?? error} />
      {allowed ? (
        <form className="panel form" aria-label="New offer" onSubmit={(e) => void create(e)}>
          <TextField
            label="Title"
            required
            maxLength={200}
            value={form.title}
            onChange={set('title')}
            error={fieldErrors.title}
          />
          <SelectField
            label="What it gives"
            value={form.kind}
            onChange={set('kind')}
            options={KINDS}
          />
          {form.kind !== 'free-option' ? (
            <TextField
              label={
                form.kind === 'percent'
                  ? 'Percent off'
                  : form.kind === 'amount'
                    ? `Amount off (${form.currency}, minor units: 2500 is 25.00)`
                    : 'Days earlier'
              }
              inputMode="numeric"
              required
              value={form.number}
              onChange={set('number')}
              error={fieldErrors.percent ?? fieldErrors.amount ?? fieldErrors.daysEarlier}
            />
          ) : (
            <>
              <TextField
                label="Feature id"
                required
                value={form.feature}
                onChange={set('feature')}
                error={fieldErrors.feature}
              />
              <TextField
                label="Option id"
                required
                value={form.value}
                onChange={set('value')}
                error={fieldErrors.value}
              />
            </>
          )}
          {form.kind === 'amount' ? (
            <TextField
              label="Currency"
              required
              maxLength={3}
              value={form.currency}
              onChange={set('currency')}
              error={fieldErrors.currency}
            />
          ) : null}
          <TextField
            label="Product id (empty: every product)"
            value={form.productId}
            onChange={set('productId')}
            error={fieldErrors.productId}
          />
          <SelectField
            label="For"
            value={form.target}
            onChange={set('target')}
            options={[
              { value: 'segment', label: 'A segment' },
              { value: 'customer', label: 'One customer' },
            ]}
          />
          {form.target === 'segment' ? (
            <SelectField
              label="Segment"
              value={form.segment}
              onChange={set('segment')}
              options={Object.entries(SEGMENT_LABELS).map(([value, label]) => ({ value, label }))}
              error={fieldErrors.segment}
            />
          ) : (
            <TextField
              label="Customer id"
              required
              value={form.customerId}
              onChange={set('customerId')}
              error={fieldErrors.customerId ?? fieldErrors.segment}
            />
          )}
          <TextField
            label="Starts"
            type="date"
            required
            value={form.startsOn}
            onChange={set('startsOn')}
          />
          <TextField
            label="Ends"
            type="date"
            required
            value={form.endsOn}
            onChange={set('endsOn')}
            error={fieldErrors.endsAt}
          />
          <TextField
            label="Usage limit (all customers; empty: none)"
            inputMode="numeric"
            value={form.usageLimit}
            onChange={set('usageLimit')}
            error={fieldErrors.usageLimit}
          />
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create offer'}
          </button>
        </form>
      ) : null}
      {list.loading && !list.data ? <Loading label="Loading the offers" /> : null}
      {list.data?.offers.length ? (
        <div className="table-wrap" role="region" aria-label="Offers" tabIndex={0}>
          <table className="table">
            <thead>
              <tr>
                <th>Offer</th>
                <th>Gives</th>
                <th>For</th>
                <th>Valid</th>
                <th className="num">Uses</th>
                <th>Status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.data.offers.map((o) => (
                <tr key={o.id}>
                  <td>{o.title}</td>
                  <td>{o.gives}</td>
                  <td>
                    {o.segment
                      ? `Segment: ${SEGMENT_LABELS[o.segment]}`
                      : (o.customerName ?? o.customerId)}
                  </td>
                  <td>
                    <DateTime value={o.startsAt} /> – <DateTime value={o.endedAt ?? o.endsAt} />
                  </td>
                  <td className="num">
                    {o.uses}
                    {o.usageLimit !== null ? ` / ${o.usageLimit}` : ''}
                  </td>
                  <td>{o.status}</td>
                  <td>
                    {o.status === 'running' || o.status === 'scheduled' ? (
                      <button type="button" className="button" onClick={() => void end(o)}>
                        End
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : allowed && list.data ? (
        <p>No offers yet.</p>
      ) : null}
    </>
  );
}
