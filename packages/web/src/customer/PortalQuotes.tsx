// The quotes part of a company portal (issue 12): a buyer asks for a quote of one of the
// company's standard designs × a quantity at the contract prices, sees the company's quotes
// (open, won, lost, expired), downloads each as a PDF, and orders a valid one at the quoted
// prices. The server re-checks everything; refusals (expired, outdated, awaiting approval)
// say what changed.
import { useState } from 'react';
import { api } from '../api/client.ts';
import type { CompanyPortal } from '../api/companies.ts';
import { companyQuotes, quoteStatusLabel, type Quote } from '../api/quotes.ts';
import { Link } from '../router/router.tsx';
import { loadStorefront } from '../studio/storefront.ts';
import { FormAlert, TextField } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { useResource } from '../ui/useResource.ts';

export function PortalQuotes({ portal }: { portal: CompanyPortal }) {
  const quotes = useResource(() => companyQuotes.list());
  const [message, setMessage] = useState('');
  const standard = portal.configurations.filter((c) => c.configuration.kind === 'fixed');
  const added = (q: Quote) => {
    quotes.setData((list) => [q, ...(list ?? [])]);
    setMessage(`Quote ${q.number} is ready: ${q.totalText}, valid until ${q.validUntil}.`);
  };
  const replaced = (q: Quote) =>
    quotes.setData((list) => list?.map((x) => (x.id === q.id ? q : x)) ?? list);
  return (
    <section aria-labelledby="quotes-title" className="section">
      <h2 id="quotes-title">Quotes</h2>
      <p role="status" className="status-text">
        {message}
      </p>
      {standard.map(({ configuration: c, product }) => (
        <QuoteRequestForm
          key={c.id}
          name={c.name}
          productSlug={product.slug}
          choices={c.fixed}
          onAdded={added}
        />
      ))}
      <FormAlert error={quotes.error} />
      {quotes.loading && !quotes.data ? <Loading label="Loading your company’s quotes" /> : null}
      {quotes.data && quotes.data.length === 0 ? <p className="muted">No quotes yet.</p> : null}
      {quotes.data && quotes.data.length > 0 ? (
        <table className="table" data-testid="company-quotes">
          <thead>
            <tr>
              <th scope="col">Quote</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Total
              </th>
              <th scope="col">Valid until</th>
              <th scope="col">Documents</th>
              <th scope="col">Order</th>
            </tr>
          </thead>
          <tbody>
            {quotes.data.map((q) => (
              <QuoteRow key={q.id} quote={q} onChanged={replaced} />
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function QuoteRequestForm({
  name,
  productSlug,
  choices,
  onAdded,
}: {
  name: string;
  productSlug: string;
  choices: Quote['lines'][number]['choices'];
  onAdded: (q: Quote) => void;
}) {
  const [quantity, setQuantity] = useState('10');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <form
      className="form form--inline"
      aria-label={`Request a quote for ${name}`}
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        void (async () => {
          try {
            const storefront = await loadStorefront();
            const detail = await api.shop(storefront.tenant.slug).product(productSlug);
            onAdded(
              await companyQuotes.request({
                lines: [{ versionId: detail.version.id, choices, quantity: Number(quantity) }],
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
      <TextField
        label={`Quantity of ${name}`}
        type="number"
        min={1}
        step={1}
        required
        value={quantity}
        onChange={(e) => setQuantity(e.target.value)}
      />
      <button type="submit" className="button" disabled={busy}>
        Request a quote
      </button>
      <FormAlert error={error} />
    </form>
  );
}

function QuoteRow({ quote: q, onChanged }: { quote: Quote; onChanged: (q: Quote) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [order, setOrder] = useState<{ id: string; token: string } | null>(null);
  const canOrder = q.status === 'open' && !q.awaitingApproval && !order;
  return (
    <tr data-testid="company-quote">
      <th scope="row">
        {q.number}
        <br />
        <span className="muted">
          {q.lines.map((l) => `${l.productName} × ${l.quantity}`).join(', ')}
        </span>
      </th>
      <td data-testid="company-quote-status">{order ? 'won' : quoteStatusLabel(q)}</td>
      <td className="num">{q.totalText}</td>
      <td>{q.validUntil}</td>
      <td>
        <a href={companyQuotes.pdfHref(q.id)} download>
          PDF
        </a>{' '}
        ·{' '}
        <a href={companyQuotes.printHref(q.id)} target="_blank" rel="noreferrer">
          Print
        </a>
      </td>
      <td>
        {order ? (
          <Link to={`/orders/${order.id}?token=${order.token}`}>Your order</Link>
        ) : canOrder ? (
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              setError(null);
              void companyQuotes
                .convert(q.id)
                .then((o) => {
                  setOrder({ id: o.id, token: o.token });
                  onChanged({ ...q, status: 'won', orderId: o.id });
                })
                .catch((err: unknown) => setError(err))
                .finally(() => setBusy(false));
            }}
          >
            Order {q.number} at the quoted prices
          </button>
        ) : null}
        <FormAlert error={error} />
      </td>
    </tr>
  );
}
