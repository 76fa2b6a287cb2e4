// The always-visible summary: preview composed from the chosen options' layers, live total price,
// delivery date (client estimate from lead times; the server's capacity-aware promise once a
// complete design is quoted), price lines and what is still open. Sticky beside the editor on
// wide screens; on phones a bottom bar keeps price and date in view.
import type { ReactNode } from 'react';
import type { QuoteLine, ServerQuote } from '../api/types.ts';
import { termLabel, type ContractLine } from '../api/contracts.ts';
import type { Studio } from './useStudio.ts';
import type { StudioProduct } from './StudioEditor.tsx';
import { addDays, formatDays, formatMoney, formatMoneyRange } from './format.ts';
import { formatDate } from '../ui/dates.ts';
import { assetUrl, previewLayers } from './model.ts';
import { isMissingViolation, missingItems, type MissingItem } from './missing.ts';

export interface PriceDate {
  price: string;
  date: string;
}

/** The server's quote when it prices the complete design under a company contract. */
export function contractQuote(studio: Studio, serverQuote: ServerQuote | null): ServerQuote | null {
  if (!serverQuote || !studio.snapshot.complete) return null;
  return serverQuote.lines.some((l) => l.priceListId !== undefined) ? serverQuote : null;
}

/** Price and date as shown, from the local engine and (when fresh) the server's quote. */
export function priceAndDate(
  product: StudioProduct,
  studio: Studio,
  serverQuote: ServerQuote | null,
): PriceDate {
  const { snapshot } = studio;
  const currency = product.model.currency;
  // A company member's price is their contract's, which only the server knows.
  const contract = contractQuote(studio, serverQuote);
  if (contract)
    return {
      price: formatMoney(contract.total, contract.currency),
      date: `Delivery by ${formatDate(contract.promisedDate)}`,
    };
  const personal = snapshot.quote.lines
    .filter((l) => l.kind === 'personalization')
    .reduce((a, l) => a + l.amount, 0);
  const reward = rewardLines(serverQuote).reduce((a, l) => a + l.amount, 0);
  const price = snapshot.complete
    ? formatMoney(Math.max(0, snapshot.quote.total + reward), currency)
    : formatMoneyRange(
        snapshot.ranges.price.min + personal,
        snapshot.ranges.price.max + personal,
        currency,
      );
  const lead = snapshot.ranges.leadTimeDays;
  const date = serverQuote
    ? `Delivery by ${formatDate(serverQuote.promisedDate)}`
    : snapshot.complete
      ? `Delivery from ${formatDate(addDays(lead.min))} (estimate)`
      : `Ready in ${formatDays(lead.min, lead.max)}`;
  return { price, date };
}

/**
 * "Ready in 2 days with the stocked frame" — a design whose modules are all in stock, promised
 * sooner than made to order (server: stock/, docs/build-to-order.md#modules-and-stock).
 */
export function stockNote(serverQuote: ServerQuote | null, today = new Date()): string | null {
  const s = serverQuote?.fromStock;
  if (!s || !serverQuote.valid) return null;
  const start = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  const days = Math.max(
    1,
    Math.round((Date.parse(`${s.promisedDate}T00:00:00Z`) - start) / 86_400_000),
  );
  return `Ready in ${days} day${days === 1 ? '' : 's'} with ${s.label} (made to order: ${formatDate(s.madeToOrderDate)})`;
}

/**
 * The customer's earned rewards in the server's quote of this very design (signed in only): the
 * server takes them off at order time, once, so the studio shows them in the total and the lines.
 */
export function rewardLines(serverQuote: ServerQuote | null): QuoteLine[] {
  return serverQuote?.lines.filter((l) => l.kind === 'reward' || l.kind === 'offer') ?? [];
}

export function Preview({ product, studio }: { product: StudioProduct; studio: Studio }) {
  const layers = previewLayers(product.model, studio.snapshot.choices);
  return (
    <div className="preview" role="img" aria-label={`Preview of your ${product.name}`}>
      {['base', ...layers].map((key) => (
        <img
          key={key}
          src={assetUrl(product.assetsBase, key)}
          alt=""
          className="preview__layer"
          onLoad={(e) => e.currentTarget.classList.add('preview__layer--loaded')}
        />
      ))}
      {layers.length === 0 ? (
        <span className="preview__empty" aria-hidden="true">
          Your choices appear here
        </span>
      ) : null}
    </div>
  );
}

export function Summary({
  product,
  studio,
  serverQuote,
  quoting,
  children,
}: {
  product: StudioProduct;
  studio: Studio;
  serverQuote: ServerQuote | null;
  quoting: boolean;
  children?: ReactNode;
}) {
  const { snapshot } = studio;
  const { price, date } = priceAndDate(product, studio, serverQuote);
  const missing = missingItems(
    product.model,
    studio.compiled,
    snapshot.choices,
    studio.personalization,
  );
  // What is only missing is said once, as missing; the alert is for what the workshop refuses.
  const refusals = serverQuote
    ? serverQuote.violations.filter((v) => !isMissingViolation(v.rule, missing))
    : [];
  // Options still open are "choices left"; what only the customer can give (a measurement, a
  // personal field) is "still needed from you" — never both "cannot build" and "all done".
  const open = missing.filter((m) => !m.entered);
  const yours = missing.filter((m) => m.entered);
  const currency = product.model.currency;
  return (
    <aside className="summary" aria-labelledby="summary-title" id="summary">
      <Preview product={product} studio={studio} />
      <h2 id="summary-title" className="visually-hidden" tabIndex={-1}>
        Your design
      </h2>
      <div className="summary__figures">
        <p className="summary__price" data-testid="total">
          <span className="summary__caption">
            {snapshot.complete
              ? 'Total'
              : snapshot.ranges.price.min === snapshot.ranges.price.max
                ? 'Price'
                : 'Price range'}
          </span>
          <output aria-live="polite">{price}</output>
        </p>
        <p className="summary__date" data-testid="delivery">
          <output aria-live="polite">{date}</output>
          {quoting ? <span className="muted"> · checking the workshop…</span> : null}
        </p>
        {stockNote(serverQuote) ? (
          <p className="summary__stock" data-testid="from-stock">
            {stockNote(serverQuote)}
          </p>
        ) : null}
      </div>
      {serverQuote && !serverQuote.valid && refusals.length ? (
        <div className="alert alert--error" role="alert">
          <p className="alert__title">The workshop cannot build this design</p>
          {refusals.map((v) => (
            <p key={v.rule}>{v.message}</p>
          ))}
        </div>
      ) : null}
      {open.length ? (
        <p className="summary__open" data-testid="choices-left">
          {open.length === 1 ? 'One choice left: ' : `${open.length} choices left: `}
          <MissingLinks items={open} />
        </p>
      ) : null}
      {yours.length ? (
        <p className="summary__open summary__needed" data-testid="still-needed">
          Still needed from you: <MissingLinks items={yours} />
        </p>
      ) : null}
      {!open.length && !yours.length ? (
        <p className="summary__open summary__open--done">Every choice is made.</p>
      ) : null}
      <details className="summary__lines">
        <summary>Price details</summary>
        <table className="lines">
          <tbody>
            {(contractQuote(studio, serverQuote)?.lines ?? snapshot.quote.lines).map((l, i) => {
              const term = 'term' in l && l.term ? termLabel(l.term as ContractLine['term']) : null;
              return (
                <tr key={i}>
                  <td>
                    {l.label}
                    {term ? (
                      <>
                        {' '}
                        <span className="badge badge--info">{term}</span>
                      </>
                    ) : null}
                  </td>
                  <td className="num">{formatMoney(l.amount, currency)}</td>
                </tr>
              );
            })}
            {/* A contract quote's lines are the server's, reward included. */}
            {snapshot.complete && !contractQuote(studio, serverQuote)
              ? rewardLines(serverQuote).map((l, i) => (
                  <tr
                    key={`reward-${i}`}
                    data-testid={l.kind === 'offer' ? 'offer-line' : 'reward-line'}
                  >
                    <td>{l.kind === 'offer' ? l.label : `Your reward: ${l.label}`}</td>
                    <td className="num">{formatMoney(l.amount, currency)}</td>
                  </tr>
                ))
              : null}
          </tbody>
        </table>
      </details>
      {children}
    </aside>
  );
}

/** Links to where each missing item is chosen or entered, comma separated. */
function MissingLinks({ items }: { items: MissingItem[] }) {
  return (
    <>
      {items.map((m, i) => (
        <span key={`${m.kind}:${m.id}`}>
          {i ? ', ' : ''}
          <a href={m.href}>{m.label}</a>
        </span>
      ))}
    </>
  );
}
