// "Compare providers" (DealTime): a finished design's price and delivery date at every provider
// able to build it — the firm's own workshop and its partners — side by side, cheapest then
// earliest first, each with "Choose", which orders there through the studio's order panel.
import { useEffect, useState } from 'react';
import type { Choices } from '@customerize/engine';
import type { ShopApi } from '../api/client.ts';
import type { Personalization, ProviderQuote } from '../api/types.ts';
import { FormAlert } from '../ui/forms.tsx';
import { formatDate } from '../ui/dates.ts';
import { formatMoney } from './format.ts';

export function ProviderComparison({
  shop,
  versionId,
  choices,
  personalization,
  chosen,
  onChoose,
}: {
  shop: ShopApi;
  versionId: string;
  choices: Choices;
  personalization: Personalization;
  /** The provider chosen for this design, if any (id null: the own workshop). */
  chosen: ProviderQuote | null;
  onChoose: (quote: ProviderQuote) => void;
}) {
  const [open, setOpen] = useState(false);
  const [quotes, setQuotes] = useState<ProviderQuote[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const key = JSON.stringify([versionId, choices, personalization]);

  useEffect(() => {
    if (!open) return;
    const controller = new AbortController();
    setQuotes(null);
    setError(null);
    shop
      .providerQuotes({ versionId, choices, personalization }, controller.signal)
      .then((answer) => setQuotes(answer.quotes))
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setError(e);
      });
    return () => controller.abort();
    // `key` stands for the design.
  }, [open, key, shop]);

  return (
    <section className="comparison" aria-label="Compare providers">
      <button
        type="button"
        className="button button--block"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        Compare providers
      </button>
      {open ? (
        <div className="panel">
          <FormAlert error={error} />
          {quotes === null && !error ? <p role="status">Asking every workshop…</p> : null}
          {quotes && quotes.length === 0 ? (
            <p role="status">No workshop can build this design right now.</p>
          ) : null}
          {quotes && quotes.length > 0 ? (
            <ul className="comparison__list" aria-label="Who can build your design, and when">
              {quotes.map((q) => {
                const isChosen = chosen !== null && chosen.provider.id === q.provider.id;
                return (
                  <li key={q.provider.id ?? 'own'} className="comparison__item">
                    <span className="comparison__name">{q.provider.name}</span>
                    <span className="comparison__terms">
                      <strong>{formatMoney(q.total, q.currency)}</strong>, delivery by{' '}
                      <time dateTime={q.promisedDate}>{formatDate(q.promisedDate)}</time>
                    </span>
                    <button
                      type="button"
                      className="button button--small"
                      aria-pressed={isChosen}
                      aria-label={`Choose ${q.provider.name}`}
                      onClick={() => onChoose(q)}
                    >
                      {isChosen ? 'Chosen' : 'Choose'}
                    </button>
                  </li>
                );
              })}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
