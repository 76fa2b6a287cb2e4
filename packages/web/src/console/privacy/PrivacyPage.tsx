// `/console/privacy`: the firm's side of privacy and notifications, one section per tab:
// Outbox (mail sent or kept without SMTP), Webhooks (endpoints and the delivery log with retry),
// Audit log (owner), Feedback (ratings per option, research-consented only) and Incentives
// (rewards offered for opting in). Sections the role may not use say so instead of failing.
import { useState, type FormEvent } from 'react';
import type { ConsolePageProps } from '../routes.tsx';
import { ApiError } from '../../api/client.ts';
import { FormAlert, SelectField, TextField, useSubmit } from '../../ui/forms.tsx';
import { DateTime } from '../../ui/format.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { useResource, type Resource } from '../../ui/useResource.ts';
import { formatMoney } from '../../studio/format.ts';
import { dialogue } from '../../dialogue/api.ts';
import { privacy, PURPOSE_LABELS, WEBHOOK_EVENTS, type Purpose } from '../../privacy/api.ts';
import { TabList } from '../inbox/TabList.tsx';
import '../../dialogue/dialogue.css';

const TABS = [
  { id: 'outbox', label: 'Outbox' },
  { id: 'webhooks', label: 'Webhooks' },
  { id: 'audit', label: 'Audit log' },
  { id: 'feedback', label: 'Feedback' },
  { id: 'incentives', label: 'Incentives' },
] as const;
type Tab = (typeof TABS)[number]['id'];

export function PrivacyPage({ session }: ConsolePageProps) {
  usePageTitle('Privacy');
  const [tab, setTab] = useState<Tab>('outbox');
  const owner = session.user.role === 'owner';
  return (
    <>
      <PageHeader title="Privacy">
        Mail sent to customers, webhooks, who looked at customer data, feedback per option, and
        rewards for sharing preferences.
      </PageHeader>
      <TabList
        label="Privacy sections"
        idPrefix="privacy"
        tabs={TABS}
        selected={tab}
        onSelect={setTab}
      />
      <div role="tabpanel" id="privacy-panel" aria-labelledby={`privacy-${tab}`} className="stack">
        {tab === 'outbox' ? <Outbox /> : null}
        {tab === 'webhooks' ? <Webhooks /> : null}
        {tab === 'audit' ? <Audit /> : null}
        {tab === 'feedback' ? <Feedback /> : null}
        {tab === 'incentives' ? <Incentives owner={owner} /> : null}
      </div>
    </>
  );
}

function Forbidden<T>({ resource, label }: { resource: Resource<T>; label: string }) {
  if (resource.error instanceof ApiError && resource.error.status === 403) {
    return <p>Your role cannot see the {label}.</p>;
  }
  if (resource.error) return <FormAlert error={resource.error} />;
  if (resource.loading && resource.data === undefined)
    return <Loading label={`Loading the ${label}`} />;
  return null;
}

function Outbox() {
  const mail = useResource(() => privacy.outbox());
  return (
    <>
      <h2>Outbox</h2>
      <p>
        Links that act for the customer (verification, password reset, order and unsubscribe links)
        show as <code>[hidden]</code>: only the recipient gets them.
      </p>
      <Forbidden resource={mail} label="outbox" />
      {mail.data?.length === 0 ? <p>No mail yet.</p> : null}
      {mail.data?.length ? (
        <ul className="thread" aria-label="Mail">
          {mail.data.map((m) => (
            <li key={m.id} className="thread__msg">
              <details>
                <summary>
                  <DateTime value={m.createdAt} /> · {m.to} · {m.subject} ·{' '}
                  <span className="badge">{m.status}</span>
                </summary>
                {m.error ? <p role="note">Error: {m.error}</p> : null}
                <p className="thread__body">{m.text}</p>
              </details>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

function Webhooks() {
  const endpoints = useResource(() => privacy.webhooks());
  const deliveries = useResource(() => privacy.deliveries());
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>([]);
  const [secret, setSecret] = useState<string | null>(null);
  const add = useSubmit();
  const act = useSubmit();
  const onAdd = (event: FormEvent) => {
    event.preventDefault();
    void add.run(async () => {
      const created = await privacy.addWebhook({
        url: url.trim(),
        ...(events.length ? { events } : {}),
      });
      setSecret(created.secret);
      setUrl('');
      setEvents([]);
      await endpoints.reload();
    });
  };
  return (
    <>
      <h2>Webhooks</h2>
      <Forbidden resource={endpoints} label="webhooks" />
      {endpoints.data ? (
        <>
          <ul>
            {endpoints.data.map((e) => (
              <li key={e.id}>
                <code>{e.url}</code> — {e.events.length ? e.events.join(', ') : 'all events'}{' '}
                <button
                  type="button"
                  className="button button--ghost"
                  disabled={act.busy}
                  onClick={() =>
                    void act.run(async () => {
                      await privacy.removeWebhook(e.id);
                      await endpoints.reload();
                    })
                  }
                >
                  Remove {e.url}
                </button>
              </li>
            ))}
          </ul>
          <form onSubmit={onAdd} className="card stack">
            <TextField
              label="Endpoint URL"
              type="url"
              required
              value={url}
              error={add.fieldErrors.url}
              onChange={(e) => setUrl(e.target.value)}
            />
            <fieldset>
              <legend>Events (none ticked: all)</legend>
              {WEBHOOK_EVENTS.map((ev) => (
                <label key={ev} className="checkbox">
                  <input
                    type="checkbox"
                    checked={events.includes(ev)}
                    onChange={(e) =>
                      setEvents((s) => (e.target.checked ? [...s, ev] : s.filter((x) => x !== ev)))
                    }
                  />{' '}
                  {ev}
                </label>
              ))}
            </fieldset>
            <FormAlert error={add.error} />
            <button type="submit" className="button" disabled={add.busy}>
              Add endpoint
            </button>
          </form>
          {secret ? (
            <p role="status">
              Signing secret (shown only now): <code>{secret}</code>
            </p>
          ) : null}
          <h3>Delivery log</h3>
          <FormAlert error={act.error ?? deliveries.error} />
          {deliveries.data?.length === 0 ? <p>No deliveries yet.</p> : null}
          {deliveries.data?.length ? (
            <div className="table-wrap">
              <table className="table">
                <caption className="visually-hidden">Webhook deliveries</caption>
                <thead>
                  <tr>
                    <th scope="col">Created</th>
                    <th scope="col">Event</th>
                    <th scope="col">Status</th>
                    <th scope="col">Attempts</th>
                    <th scope="col">Last error</th>
                    <th scope="col">Action</th>
                  </tr>
                </thead>
                <tbody>
                  {deliveries.data.map((d) => (
                    <tr key={d.id}>
                      <td>
                        <DateTime value={d.createdAt} />
                      </td>
                      <td>{d.event}</td>
                      <td>{d.status}</td>
                      <td
                        title={d.attemptLog
                          .map(
                            (a) =>
                              `#${a.attempt} ${a.statusCode ?? a.error ?? ''} ${a.durationMs} ms`,
                          )
                          .join('\n')}
                      >
                        {d.attempts}
                      </td>
                      <td>{d.lastError ?? '—'}</td>
                      <td>
                        {d.status !== 'delivered' ? (
                          <button
                            type="button"
                            className="button button--ghost"
                            disabled={act.busy}
                            onClick={() =>
                              void act.run(async () => {
                                await privacy.retryDelivery(d.id);
                                await deliveries.reload();
                              })
                            }
                          >
                            Retry now
                          </button>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      ) : null}
    </>
  );
}

function Audit() {
  const entries = useResource(() => privacy.audit());
  return (
    <>
      <h2>Audit log</h2>
      <Forbidden resource={entries} label="audit log" />
      {entries.data?.length === 0 ? <p>Nobody has read or changed customer data yet.</p> : null}
      {entries.data?.length ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Staff reads and changes of customer data</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Customer</th>
              </tr>
            </thead>
            <tbody>
              {entries.data.map((a) => (
                <tr key={a.id}>
                  <td>
                    <DateTime value={a.at} />
                  </td>
                  <td>
                    {a.actorStaffId
                      ? `staff ${a.actorStaffId.slice(0, 8)}`
                      : a.actorApiKeyId
                        ? `API key ${a.actorApiKeyId.slice(0, 8)}`
                        : '—'}
                  </td>
                  <td>
                    {a.action} {a.resource}
                  </td>
                  <td>{a.customerId?.slice(0, 8) ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

function Feedback() {
  const ratings = useResource(() => dialogue.optionRatings());
  return (
    <>
      <h2>Feedback per option</h2>
      <p>
        From customers who allow co-creation research, and anonymous ratings kept after erasure.
      </p>
      <Forbidden resource={ratings} label="feedback" />
      {ratings.data?.length === 0 ? <p>No ratings yet.</p> : null}
      {ratings.data?.length ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Average rating per option</caption>
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">Feature</th>
                <th scope="col">Option</th>
                <th scope="col">Ratings</th>
                <th scope="col">Average</th>
                <th scope="col">1–5 stars</th>
              </tr>
            </thead>
            <tbody>
              {ratings.data.map((r) => (
                <tr key={`${r.product}:${r.feature}:${r.option}`}>
                  <td>{r.product}</td>
                  <td>{r.feature}</td>
                  <td>{r.option}</td>
                  <td>{r.ratings}</td>
                  <td>{r.average.toFixed(1)}</td>
                  <td>{r.distribution.join(' / ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

function Incentives({ owner }: { owner: boolean }) {
  const offers = useResource(() => privacy.incentives());
  const [purpose, setPurpose] = useState<Purpose>('personalization');
  const [kind, setKind] = useState<'discount' | 'early-access'>('discount');
  const [description, setDescription] = useState('');
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState('EUR');
  const add = useSubmit();
  const act = useSubmit();
  const onAdd = (event: FormEvent) => {
    event.preventDefault();
    void add.run(async () => {
      const minor = Math.round(Number(amount) * 100);
      await privacy.offerIncentive({
        purpose,
        kind,
        description: description.trim(),
        ...(kind === 'discount' && minor > 0
          ? { amount: minor, currency: currency.toUpperCase() }
          : {}),
      });
      setDescription('');
      setAmount('');
      await offers.reload();
    });
  };
  return (
    <>
      <h2>Incentives for sharing preferences</h2>
      <p>Granted when a customer opts in; never a condition for buying.</p>
      <Forbidden resource={offers} label="incentives" />
      {offers.data?.length === 0 ? <p>No rewards offered.</p> : null}
      <ul>
        {offers.data?.map((o) => (
          <li key={o.id}>
            {PURPOSE_LABELS[o.purpose] ?? o.purpose}: {o.description}
            {o.amount !== null && o.currency ? ` (${formatMoney(o.amount, o.currency)})` : ''}{' '}
            {o.active ? (
              owner ? (
                <button
                  type="button"
                  className="button button--ghost"
                  disabled={act.busy}
                  onClick={() =>
                    void act.run(async () => {
                      await privacy.endIncentive(o.id);
                      await offers.reload();
                    })
                  }
                >
                  Stop offering {o.description}
                </button>
              ) : null
            ) : (
              <span className="badge">ended</span>
            )}
          </li>
        ))}
      </ul>
      <FormAlert error={act.error} />
      {owner ? (
        <form onSubmit={onAdd} className="card stack">
          <SelectField
            label="For consent to"
            value={purpose}
            onChange={(e) => setPurpose(e.target.value as Purpose)}
            options={(['personalization', 'marketing', 'research', 'co-creation'] as const).map(
              (p) => ({
                value: p,
                label: PURPOSE_LABELS[p] ?? p,
              }),
            )}
          />
          <SelectField
            label="Reward"
            value={kind}
            onChange={(e) => setKind(e.target.value as 'discount' | 'early-access')}
            options={[
              { value: 'discount', label: 'Discount on the next order' },
              { value: 'early-access', label: 'Early access' },
            ]}
          />
          <TextField
            label="Description"
            required
            value={description}
            error={add.fieldErrors.description}
            onChange={(e) => setDescription(e.target.value)}
          />
          {kind === 'discount' ? (
            <>
              <TextField
                label="Amount"
                inputMode="decimal"
                required
                value={amount}
                error={add.fieldErrors.amount}
                onChange={(e) => setAmount(e.target.value)}
              />
              <TextField
                label="Currency"
                required
                maxLength={3}
                value={currency}
                error={add.fieldErrors.currency}
                onChange={(e) => setCurrency(e.target.value)}
              />
            </>
          ) : null}
          <FormAlert error={add.error} />
          <button type="submit" className="button" disabled={add.busy}>
            Offer the reward
          </button>
        </form>
      ) : null}
    </>
  );
}

export default PrivacyPage;
