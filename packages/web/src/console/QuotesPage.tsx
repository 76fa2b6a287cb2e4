// `/console/quotes`: the firm's eQuotes (issue 12) — open, won, lost and expired, filtered by
// status and company; each with its lines, margin over cost, a PDF and a printable page. The
// owner approves quotes below the minimum margin; owner and sales mark open quotes lost.
import { useState } from 'react';
import { api } from '../api/client.ts';
import { companies as companiesApi } from '../api/companies.ts';
import { priceListsApi, type Company } from '../api/contracts.ts';
import {
  QUOTE_STATUSES,
  quoteStatusLabel,
  quoteSettings,
  staffQuotes,
  type QuoteSettings,
  type QuoteStatus,
  type StaffQuote,
} from '../api/quotes.ts';
import { formatMoney } from '../studio/format.ts';
import { FormAlert, SelectField, TextField } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import type { ConsolePageProps } from './routes.tsx';

const statusOptions = [
  { value: '', label: 'Any status' },
  ...QUOTE_STATUSES.map((s) => ({ value: s, label: s[0]!.toUpperCase() + s.slice(1) })),
];

export function QuotesPage({ session }: ConsolePageProps) {
  usePageTitle('Quotes', session.tenant.name);
  const [status, setStatus] = useState<QuoteStatus | ''>('');
  const [companyId, setCompanyId] = useState('');
  const companies = useResource(() => priceListsApi.companies());
  const [made, setMade] = useState<StaffQuote | null>(null);
  return (
    <>
      <PageHeader title="Quotes">
        Written offers to your business customers at their contract prices, valid until a date. A
        quote below your minimum margin waits for the owner’s approval before the buyer can order
        it.
      </PageHeader>
      <p role="status" className="status-text">
        {made
          ? `Quote ${made.number} made: ${made.totalText}, valid until ${made.validUntil}.`
          : ''}
      </p>
      <NewQuoteForm companies={companies.data ?? []} onMade={setMade} />
      {session.user.role === 'owner' ? <QuoteSettingsForm /> : null}
      <h2>Quotes</h2>
      <form className="form form--inline" aria-label="Filter quotes">
        <SelectField
          label="Status"
          value={status}
          options={statusOptions}
          onChange={(e) => setStatus(e.target.value as QuoteStatus | '')}
        />
        <SelectField
          label="Company"
          value={companyId}
          options={[
            { value: '', label: 'Every company' },
            ...(companies.data ?? []).map((c) => ({ value: c.id, label: c.name })),
          ]}
          onChange={(e) => setCompanyId(e.target.value)}
        />
      </form>
      <QuoteList
        key={`${status}|${companyId}|${made?.id ?? ''}`}
        status={status}
        companyId={companyId}
        isOwner={session.user.role === 'owner'}
      />
    </>
  );
}

function QuoteList({
  status,
  companyId,
  isOwner,
}: {
  status: QuoteStatus | '';
  companyId: string;
  isOwner: boolean;
}) {
  const quotes = useResource(() => staffQuotes.list({ status, companyId }));
  const [message, setMessage] = useState('');
  const changed = (q: StaffQuote, what: string) => {
    quotes.setData((list) => list?.map((x) => (x.id === q.id ? q : x)) ?? list);
    setMessage(`Quote ${q.number} ${what}.`);
  };
  return (
    <>
      <p role="status" className="status-text">
        {message}
      </p>
      <FormAlert error={quotes.error} />
      {quotes.loading && !quotes.data ? <Loading label="Loading quotes" /> : null}
      {quotes.data && quotes.data.length === 0 ? <p className="muted">No quotes.</p> : null}
      {(quotes.data ?? []).map((q) => (
        <QuoteCard key={q.id} quote={q} isOwner={isOwner} onChanged={changed} />
      ))}
    </>
  );
}

function QuoteCard({
  quote: q,
  isOwner,
  onChanged,
}: {
  quote: StaffQuote;
  isOwner: boolean;
  onChanged: (q: StaffQuote, what: string) => void;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const money = (n: number) => formatMoney(n, q.currency);
  const act = async (work: () => Promise<StaffQuote>, what: string) => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await work(), what);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const titleId = `quote-${q.id}`;
  return (
    <section className="card section" aria-labelledby={titleId} data-testid="quote">
      <h2 id={titleId}>
        {q.number} · {q.companyName}
      </h2>
      <dl className="facts">
        <dt>Status</dt>
        <dd data-testid="quote-status">{quoteStatusLabel(q)}</dd>
        <dt>Total</dt>
        <dd>
          {q.totalText} (list {money(q.listTotal)})
        </dd>
        <dt>Cost and margin</dt>
        <dd>
          {money(q.costTotal)} cost ·{' '}
          {q.marginBp === null ? '—' : `${(q.marginBp / 100).toFixed(1)} % margin`} (minimum{' '}
          {q.minMarginBp / 100} %, at least {money(q.marginFloor)})
        </dd>
        <dt>Valid until</dt>
        <dd>{q.validUntil}</dd>
        <dt>Payment terms</dt>
        <dd>{q.paymentTerms}</dd>
        <dt>Made by</dt>
        <dd>
          {q.createdByLabel}, revision {q.revision}
        </dd>
        {q.approvedByLabel ? (
          <>
            <dt>Approved by</dt>
            <dd>{q.approvedByLabel}</dd>
          </>
        ) : null}
        {q.lostReason ? (
          <>
            <dt>Lost</dt>
            <dd>{q.lostReason}</dd>
          </>
        ) : null}
        {q.orderId ? (
          <>
            <dt>Order</dt>
            <dd>
              <a href={`/console/orders/${q.orderId}`}>Open the order</a>
            </dd>
          </>
        ) : null}
      </dl>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col" className="num">
              Quantity
            </th>
            <th scope="col" className="num">
              Contract
            </th>
            <th scope="col" className="num">
              Extra discount
            </th>
            <th scope="col" className="num">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {q.lines.map((l, i) => (
            <tr key={i}>
              <th scope="row">
                {l.productName} (version {l.versionNumber})
              </th>
              <td className="num">{l.quantity}</td>
              <td className="num">{money(l.contractTotal)}</td>
              <td className="num">
                {l.discountBp > 0 ? `${l.discountBp / 100} % (${money(l.discount)})` : '—'}
              </td>
              <td className="num">{money(l.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <a href={staffQuotes.pdfHref(q.id)} download>
          Download PDF
        </a>{' '}
        ·{' '}
        <a href={staffQuotes.printHref(q.id)} target="_blank" rel="noreferrer">
          Printable page
        </a>
      </p>
      <FormAlert error={error} />
      {q.approval === 'pending' && isOwner ? (
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => void act(() => staffQuotes.approve(q.id), 'approved')}
        >
          Approve below the minimum margin
        </button>
      ) : null}
      {q.approval === 'pending' && !isOwner ? (
        <p className="muted">Below the minimum margin: waits for the owner’s approval.</p>
      ) : null}
      {q.status === 'open' ? (
        <form
          className="form form--inline"
          aria-label={`Mark ${q.number} lost`}
          onSubmit={(e) => {
            e.preventDefault();
            void act(() => staffQuotes.lost(q.id, reason), 'marked lost');
          }}
        >
          <TextField
            label="Reason lost"
            value={reason}
            required
            maxLength={500}
            onChange={(e) => setReason(e.target.value)}
          />
          <button type="submit" className="button button--secondary" disabled={busy}>
            Mark lost
          </button>
        </form>
      ) : null}
    </section>
  );
}

/** Sales quote one of a company's standard designs × a quantity, with an extra discount. */
function NewQuoteForm({
  companies,
  onMade,
}: {
  companies: Company[];
  onMade: (q: StaffQuote) => void;
}) {
  const [companyId, setCompanyId] = useState('');
  const [designs, setDesigns] = useState<
    {
      id: string;
      name: string;
      productId: string;
      fixed: Record<string, string | number | boolean>;
    }[]
  >([]);
  const [designId, setDesignId] = useState('');
  const [quantity, setQuantity] = useState('10');
  const [discount, setDiscount] = useState('0');
  const [validUntil, setValidUntil] = useState('');
  const [paymentTerms, setPaymentTerms] = useState('Net 30');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const pickCompany = (id: string) => {
    setCompanyId(id);
    setDesigns([]);
    setDesignId('');
    if (!id) return;
    void companiesApi
      .get(id)
      .then((p) => {
        const fixed = p.configurations
          .filter((c) => c.configuration.kind === 'fixed')
          .map((c) => ({
            id: c.configuration.id,
            name: `${c.configuration.name} (${c.product.name})`,
            productId: c.product.id,
            fixed: c.configuration.fixed,
          }));
        setDesigns(fixed);
        setDesignId(fixed[0]?.id ?? '');
      })
      .catch((e: unknown) => setError(e));
  };
  return (
    <form
      className="form card section"
      aria-label="New quote"
      onSubmit={(e) => {
        e.preventDefault();
        const design = designs.find((d) => d.id === designId);
        if (!design) return;
        setBusy(true);
        setError(null);
        void (async () => {
          try {
            const product = await api.catalog.get(design.productId);
            const versionId = product.publishedVersion?.id ?? '';
            onMade(
              await staffQuotes.create({
                companyId,
                lines: [
                  {
                    versionId,
                    choices: design.fixed,
                    quantity: Number(quantity),
                    discountBp: Math.round(Number(discount) * 100),
                  },
                ],
                ...(validUntil && { validUntil }),
                paymentTerms,
              }),
            );
          } catch (err) {
            setError(err);
          } finally {
            setBusy(false);
          }
        })();
      }}
    >
      <h2>New quote</h2>
      <SelectField
        label="Company"
        required
        value={companyId}
        options={[
          { value: '', label: 'Choose a company' },
          ...companies.map((c) => ({ value: c.id, label: c.name })),
        ]}
        onChange={(e) => pickCompany(e.target.value)}
      />
      <SelectField
        label="Standard design"
        required
        value={designId}
        options={designs.map((d) => ({ value: d.id, label: d.name }))}
        hint="The company’s approved standard designs."
        onChange={(e) => setDesignId(e.target.value)}
      />
      <TextField
        label="Quantity"
        type="number"
        min={1}
        step={1}
        required
        value={quantity}
        onChange={(e) => setQuantity(e.target.value)}
      />
      <TextField
        label="Extra discount (%)"
        type="number"
        min={0}
        max={100}
        step={0.01}
        required
        value={discount}
        hint="On top of the contract price. Below your minimum margin the owner must approve."
        onChange={(e) => setDiscount(e.target.value)}
      />
      <TextField
        label="Valid until"
        type="date"
        value={validUntil}
        hint="Empty: your default validity."
        onChange={(e) => setValidUntil(e.target.value)}
      />
      <TextField
        label="Payment terms"
        required
        maxLength={200}
        value={paymentTerms}
        onChange={(e) => setPaymentTerms(e.target.value)}
      />
      <FormAlert error={error} />
      <button type="submit" className="button" disabled={busy || !designId}>
        Make the quote
      </button>
    </form>
  );
}

/** The owner's minimum margin, cost basis and default validity. */
function QuoteSettingsForm() {
  const settings = useResource(() => quoteSettings.get());
  if (!settings.data) return <FormAlert error={settings.error} />;
  return <SettingsFields key={JSON.stringify(settings.data)} initial={settings.data} />;
}

function SettingsFields({ initial }: { initial: QuoteSettings }) {
  const [margin, setMargin] = useState(String(initial.minMarginBp / 100));
  const [cost, setCost] = useState(String(initial.estimatedCostBp / 100));
  const [days, setDays] = useState(String(initial.validityDays));
  const [saved, setSaved] = useState('');
  const [error, setError] = useState<unknown>(null);
  return (
    <form
      className="form form--inline card section"
      aria-label="Quote settings"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        void quoteSettings
          .put({
            minMarginBp: Math.round(Number(margin) * 100),
            estimatedCostBp: Math.round(Number(cost) * 100),
            validityDays: Number(days),
          })
          .then(() => setSaved('Saved.'))
          .catch((err: unknown) => setError(err));
      }}
    >
      <TextField
        label="Minimum margin over cost (%)"
        type="number"
        min={0}
        max={100}
        step={0.01}
        required
        value={margin}
        onChange={(e) => setMargin(e.target.value)}
      />
      <TextField
        label="Estimated cost where none is stated (% of list price)"
        type="number"
        min={0}
        max={100}
        step={0.01}
        required
        value={cost}
        hint="Your workshop’s stated costs (Providers) are used where they exist."
        onChange={(e) => setCost(e.target.value)}
      />
      <TextField
        label="Default validity (days)"
        type="number"
        min={1}
        max={365}
        required
        value={days}
        onChange={(e) => setDays(e.target.value)}
      />
      <button type="submit" className="button button--secondary">
        Save quote settings
      </button>
      <span role="status">{saved}</span>
      <FormAlert error={error} />
    </form>
  );
}
