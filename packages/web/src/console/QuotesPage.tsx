// `/console/quotes`: the firm's eQuotes (issue 12) — open, won, lost and expired, filtered by
// status and company; each with its lines, margin over cost, a PDF and a printable page. The
// owner approves quotes below the minimum margin; owner and sales mark open quotes lost.
import { useState } from 'react';
import { priceListsApi } from '../api/contracts.ts';
import {
  QUOTE_STATUSES,
  quoteStatusLabel,
  staffQuotes,
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
  return (
    <>
      <PageHeader title="Quotes">
        Written offers to your business customers at their contract prices, valid until a date. A
        quote below your minimum margin waits for the owner’s approval before the buyer can order
        it.
      </PageHeader>
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
        key={`${status}|${companyId}`}
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
