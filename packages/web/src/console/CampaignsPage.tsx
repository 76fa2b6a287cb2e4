// `/console/campaigns`: the firm's campaigns and a form to write one (template with personal
// fields, segment, hold-out, attribution window), plus the frequency cap. `/console/campaigns/:id`:
// one campaign — preview for a sample recipient, send now or at a time, cancel, and the results:
// conversion and revenue per customer, mailed vs hold-out, with 95 % confidence intervals.
// Owner and sales staff only (the server's guards).
import { useId, useRef, useState } from 'react';
import {
  campaigns,
  type Campaign,
  type CampaignInput,
  type Difference,
  type Results,
} from '../api/campaigns.ts';
import { canReadCustomers, SEGMENT_LABELS, type Segment } from '../api/insights.ts';
import { offersApi } from '../api/offers.ts';
import { Link, navigate } from '../router/router.tsx';
import { formatMoney } from '../studio/format.ts';
import { DateTime } from '../ui/format.tsx';
import { FormAlert, SelectField, TextField, useSubmit } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import type { ConsolePageProps } from './routes.tsx';

const STATUS_LABELS: Record<Campaign['status'], string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  sending: 'Sending',
  sent: 'Sent',
  cancelled: 'Cancelled',
};

const audienceOptions = [
  { value: '', label: 'Every customer with marketing consent' },
  ...Object.entries(SEGMENT_LABELS).map(([value, label]) => ({
    value,
    label: `Segment: ${label}`,
  })),
];

const DEFAULT_BODY =
  'Hello {{name}},\n\nYour {{lastDesign.name|design}} is waiting for you: {{lastDesign.link|}}\n{{lastDesign.picture}}\n\nCustomers like you chose this most: {{recommended.name|see what is new}} {{recommended.link|}}\n\n{{offer}}\n\nVisit us: {{shop.link}}';

export function CampaignsPage({ session }: ConsolePageProps) {
  usePageTitle('Campaigns', session.tenant.name);
  const allowed = canReadCustomers(session.user.role);
  const list = useResource(() => (allowed ? campaigns.list() : Promise.resolve([] as Campaign[])));
  return (
    <>
      <PageHeader title="Campaigns">
        Write one message with personal fields and send it to a segment — only to customers with
        marketing consent, within your frequency cap. A random hold-out gets nothing, so you can see
        what the campaign earned.
      </PageHeader>
      {!allowed ? (
        <p className="card">Campaigns are for owners and sales staff.</p>
      ) : (
        <>
          <NewCampaign />
          <section className="section" aria-labelledby="campaigns-title">
            <h2 id="campaigns-title">Your campaigns</h2>
            <FormAlert error={list.error} />
            {list.loading && !list.data ? <Loading label="Loading the campaigns" /> : null}
            {list.data?.length === 0 ? <p>No campaigns yet.</p> : null}
            {list.data?.length ? (
              <div className="table-wrap" role="region" aria-label="Campaigns" tabIndex={0}>
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Campaign</th>
                      <th scope="col">Audience</th>
                      <th scope="col">Status</th>
                      <th scope="col">Sent / hold-out</th>
                      <th scope="col">Created</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.data.map((c) => (
                      <tr key={c.id}>
                        <td>
                          <Link to={`/console/campaigns/${encodeURIComponent(c.id)}`}>
                            {c.name}
                          </Link>
                        </td>
                        <td>{c.segment ? SEGMENT_LABELS[c.segment] : 'Everyone consenting'}</td>
                        <td>{STATUS_LABELS[c.status]}</td>
                        <td>{c.counts ? `${c.counts.sent} / ${c.counts.holdout}` : '—'}</td>
                        <td>
                          <DateTime value={c.createdAt} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </section>
          <FrequencyCapForm />
        </>
      )}
    </>
  );
}

function FieldHelp() {
  const fields = useResource(() => campaigns.fields());
  if (!fields.data) return null;
  return (
    <details className="field__hint">
      <summary>Personal fields you can use</summary>
      <p>
        Write <code>{'{{field}}'}</code>, or{' '}
        <code>{'{{field|words for customers without it}}'}</code>. Blank lines start a new
        paragraph. Every mail gets an unsubscribe link.
      </p>
      <ul>
        {fields.data.map((f) => (
          <li key={f.field}>
            <code>{`{{${f.field}}}`}</code> — {f.help}
          </li>
        ))}
      </ul>
    </details>
  );
}

function NewCampaign() {
  const form = useRef<HTMLFormElement>(null);
  const submit = useSubmit(form);
  const bodyId = useId();
  const [input, setInput] = useState<CampaignInput>({
    name: '',
    subject: '{{name}}, something for you',
    body: DEFAULT_BODY,
    segment: null,
    holdoutPercent: 10,
    attributionDays: 14,
    offerId: null,
  });
  // The offers a campaign may carry: those not ended or used up.
  const offers = useResource(() => offersApi.list());
  const offerOptions = [
    { value: '', label: 'No offer' },
    ...(offers.data?.offers ?? [])
      .filter((o) => o.status === 'running' || o.status === 'scheduled')
      .map((o) => ({
        value: o.id,
        label: `${o.title} — ${o.gives} (${o.segment ? `segment: ${SEGMENT_LABELS[o.segment]}` : `for ${o.customerName ?? 'one customer'}`})`,
      })),
  ];
  const set = (change: Partial<CampaignInput>) => setInput((i) => ({ ...i, ...change }));
  const save = () =>
    submit.run(async () => {
      const made = await campaigns.create(input);
      navigate(`/console/campaigns/${encodeURIComponent(made.id)}`);
    });
  return (
    <form
      ref={form}
      className="card form"
      aria-labelledby="new-campaign-title"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 id="new-campaign-title">New campaign</h2>
      <FormAlert error={submit.error} />
      <TextField
        label="Name"
        required
        value={input.name}
        error={submit.fieldErrors.name}
        onChange={(e) => set({ name: e.target.value })}
      />
      <TextField
        label="Subject"
        required
        value={input.subject}
        error={submit.fieldErrors.subject}
        onChange={(e) => set({ subject: e.target.value })}
      />
      <div className={`field${submit.fieldErrors.body ? ' field--invalid' : ''}`}>
        <label htmlFor={bodyId}>Message</label>
        <textarea
          id={bodyId}
          rows={12}
          required
          value={input.body}
          aria-invalid={submit.fieldErrors.body ? true : undefined}
          aria-describedby={submit.fieldErrors.body ? `${bodyId}-error` : undefined}
          onChange={(e) => set({ body: e.target.value })}
        />
        {submit.fieldErrors.body ? (
          <p className="field__error" id={`${bodyId}-error`}>
            {submit.fieldErrors.body}
          </p>
        ) : null}
        <FieldHelp />
      </div>
      <SelectField
        label="Audience"
        value={input.segment ?? ''}
        options={audienceOptions}
        onChange={(e) => set({ segment: (e.target.value || null) as Segment | null })}
      />
      <SelectField
        label="Offer ({{offer}})"
        value={input.offerId ?? ''}
        options={offerOptions}
        error={submit.fieldErrors.offerId}
        onChange={(e) => set({ offerId: e.target.value || null })}
      />
      <TextField
        label="Hold-out (% of the audience that gets nothing)"
        type="number"
        min={0}
        max={50}
        required
        value={String(input.holdoutPercent)}
        error={submit.fieldErrors.holdoutPercent}
        onChange={(e) => set({ holdoutPercent: Number(e.target.value) })}
      />
      <TextField
        label="Attribution window (days after sending in which orders count)"
        type="number"
        min={1}
        max={90}
        required
        value={String(input.attributionDays)}
        error={submit.fieldErrors.attributionDays}
        onChange={(e) => set({ attributionDays: Number(e.target.value) })}
      />
      <button type="submit" className="button button--primary" disabled={submit.busy}>
        {submit.busy ? 'Saving…' : 'Save as draft'}
      </button>
    </form>
  );
}

function FrequencyCapForm() {
  const cap = useResource(() => campaigns.cap());
  const submit = useSubmit();
  const [draft, setDraft] = useState<{ maxMails: string; perDays: string } | null>(null);
  const shown = draft ?? {
    maxMails: String(cap.data?.maxMails ?? ''),
    perDays: String(cap.data?.perDays ?? ''),
  };
  return (
    <form
      className="card form form--grid"
      aria-labelledby="cap-title"
      onSubmit={(e) => {
        e.preventDefault();
        void submit.run(async () => {
          const saved = await campaigns.setCap({
            maxMails: Number(shown.maxMails),
            perDays: Number(shown.perDays),
          });
          cap.setData(() => saved);
          setDraft(null);
        });
      }}
    >
      <h2 id="cap-title">Frequency cap</h2>
      <FormAlert error={cap.error ?? submit.error} />
      <TextField
        label="At most this many campaign mails per customer"
        type="number"
        min={1}
        max={100}
        required
        value={shown.maxMails}
        onChange={(e) => setDraft({ ...shown, maxMails: e.target.value })}
      />
      <TextField
        label="per this many days"
        type="number"
        min={1}
        max={365}
        required
        value={shown.perDays}
        onChange={(e) => setDraft({ ...shown, perDays: e.target.value })}
      />
      <button type="submit" className="button" disabled={submit.busy}>
        Save the cap
      </button>
    </form>
  );
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const pctPoints = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} points`;

function interval(d: Difference, show: (x: number) => string): string {
  return d.ci ? `${show(d.ci.low)} to ${show(d.ci.high)}` : 'not enough customers';
}

function ResultsView({ results }: { results: Results }) {
  const money = (minor: number) => formatMoney(Math.round(minor), results.currency);
  const signed = (minor: number) => `${minor >= 0 ? '+' : '−'}${money(Math.abs(minor))}`;
  const u = results.uplift;
  if (!results.window || !u) return <p>Results appear once the campaign is sent.</p>;
  return (
    <>
      <p>
        Orders from <DateTime value={results.window.start} /> to{' '}
        <DateTime value={results.window.end} />
        {results.window.complete ? '.' : ' (the window is still open).'}
      </p>
      <div className="table-wrap" role="region" aria-label="Results" tabIndex={0}>
        <table className="table" data-testid="campaign-results">
          <thead>
            <tr>
              <th scope="col" />
              <th scope="col">Mailed</th>
              <th scope="col">Hold-out</th>
              <th scope="col">Difference</th>
              <th scope="col">95 % confidence interval</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Customers</th>
              <td>{u.mailed.customers}</td>
              <td>{u.holdout.customers}</td>
              <td />
              <td />
            </tr>
            <tr>
              <th scope="row">Conversion</th>
              <td>
                {pct(u.mailed.conversionRate)} ({u.mailed.converted})
              </td>
              <td>
                {pct(u.holdout.conversionRate)} ({u.holdout.converted})
              </td>
              <td>{pctPoints(u.conversion.difference)}</td>
              <td>{interval(u.conversion, pctPoints)}</td>
            </tr>
            <tr>
              <th scope="row">Revenue per customer</th>
              <td>{money(u.mailed.revenuePerCustomer)}</td>
              <td>{money(u.holdout.revenuePerCustomer)}</td>
              <td>{signed(u.revenuePerCustomer.difference)}</td>
              <td>{interval(u.revenuePerCustomer, signed)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      {results.verdict ? (
        <ul data-testid="campaign-verdict">
          <li>{results.verdict.conversion}</li>
          <li>{results.verdict.revenuePerCustomer}</li>
        </ul>
      ) : null}
    </>
  );
}

export function CampaignPage({ params, session }: ConsolePageProps) {
  const id = params.id ?? '';
  const campaign = useResource(() => campaigns.get(id));
  const results = useResource(() => campaigns.results(id));
  const preview = useResource(() => campaigns.preview(id).catch(() => null));
  const action = useSubmit();
  const [at, setAt] = useState('');
  usePageTitle(campaign.data?.name ?? 'Campaign', session.tenant.name);
  const c = campaign.data;
  const act = (fn: () => Promise<Campaign>) =>
    action.run(async () => {
      const next = await fn();
      campaign.setData(() => next);
      await results.reload();
    });
  return (
    <>
      <p>
        <Link to="/console/campaigns">← Campaigns</Link>
      </p>
      <FormAlert error={campaign.error} />
      {!c ? (
        <Loading label="Loading the campaign" />
      ) : (
        <>
          <PageHeader title={c.name}>
            {STATUS_LABELS[c.status]} ·{' '}
            {c.segment
              ? `Segment: ${SEGMENT_LABELS[c.segment]}`
              : 'Every customer with marketing consent'}{' '}
            · hold-out {c.holdoutPercent} % · orders counted for {c.attributionDays} days
          </PageHeader>
          <section className="card" aria-labelledby="send-title">
            <h2 id="send-title">Sending</h2>
            <FormAlert error={action.error} />
            {c.counts ? (
              <p data-testid="campaign-counts">
                Audience {c.counts.audience}: {c.counts.sent} sent, {c.counts.holdout} held out,{' '}
                {c.counts.queued} waiting; skipped {c.counts.skipped.noConsent} (consent withdrawn),{' '}
                {c.counts.skipped.frequencyCap} (frequency cap), {c.counts.skipped.unsubscribed}{' '}
                (unsubscribed).
              </p>
            ) : null}
            {c.scheduledAt ? (
              <p>
                Scheduled for <DateTime value={c.scheduledAt} />.
              </p>
            ) : null}
            {c.status === 'draft' ? (
              <form
                className="form form--grid"
                onSubmit={(e) => {
                  e.preventDefault();
                  void act(() => campaigns.schedule(c.id, at ? new Date(at).toISOString() : null));
                }}
              >
                <TextField
                  label="Send at (empty: now)"
                  type="datetime-local"
                  value={at}
                  onChange={(e) => setAt(e.target.value)}
                />
                <button type="submit" className="button button--primary" disabled={action.busy}>
                  {at ? 'Schedule' : 'Send now'}
                </button>
              </form>
            ) : null}
            {c.status === 'scheduled' || c.status === 'sending' ? (
              <button
                type="button"
                className="button"
                disabled={action.busy}
                onClick={() => void act(() => campaigns.cancel(c.id))}
              >
                Stop the campaign
              </button>
            ) : null}
            <button type="button" className="button" onClick={() => void campaign.reload()}>
              Refresh
            </button>
          </section>
          <section className="card" aria-labelledby="preview-title">
            <h2 id="preview-title">Preview</h2>
            {preview.data ? (
              <>
                <p>
                  As {preview.data.customerName} would get it (the first customer of the audience).
                </p>
                <p>
                  <strong>Subject:</strong> {preview.data.subject}
                </p>
                <iframe
                  title="Message preview"
                  sandbox=""
                  srcDoc={preview.data.html}
                  style={{ width: '100%', minHeight: '24rem', border: '1px solid #ccc' }}
                />
              </>
            ) : preview.loading ? (
              <Loading label="Rendering the preview" />
            ) : (
              <p>No customer of this audience has given marketing consent yet.</p>
            )}
            <details>
              <summary>Template</summary>
              <p>
                <strong>Subject:</strong> <code>{c.subject}</code>
              </p>
              <pre>{c.body}</pre>
            </details>
          </section>
          <section className="card" aria-labelledby="results-title">
            <h2 id="results-title">Results</h2>
            <FormAlert error={results.error} />
            {results.data ? <ResultsView results={results.data} /> : null}
          </section>
        </>
      )}
    </>
  );
}
