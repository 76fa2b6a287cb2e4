// The studio as customers use it: editor + summary, with the server's capacity-aware quote
// (debounced, only for complete designs), saving (first save creates the design and asks a name;
// every later save is a new version), ordering (guest email, the server's 409 answers shown
// with what to do next) and naming a price (./NamePrice.tsx).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Choices } from '@customerize/engine';
import { validatePersonalization } from '@customerize/engine';
import { ApiError, type ShopApi } from '../api/client.ts';
import type { Design, ProviderQuote, ServerQuote } from '../api/types.ts';
import { navigate } from '../router/router.tsx';
import { useSession } from '../session.tsx';
import { describeError, FormAlert, SelectField, TextField } from '../ui/forms.tsx';
import { useResource } from '../ui/useResource.ts';
import { memberPaymentTerms, termsLabel } from '../api/approvals.ts';
import { StudioEditor, type StudioProduct } from './StudioEditor.tsx';
import { Summary, priceAndDate } from './Summary.tsx';
import type { Studio } from './useStudio.ts';
import { designHref, rememberDesign } from './savedDesigns.ts';
import { formatMoney } from './format.ts';
import { formatDate } from '../ui/dates.ts';
import { focusSummary } from './focus.ts';
import { missingItems } from './missing.ts';
import { featureById, featureLabel } from './model.ts';
import { ProviderComparison } from './ProviderComparison.tsx';
import { NamePrice } from './NamePrice.tsx';
import { RecommendationsPanel } from './Recommendations.tsx';
import { linesApi, type LinesQuote } from '../api/contracts.ts';
import { ContractLinesTable, useLinesQuote } from './ContractLines.tsx';
import { offersApi } from '../api/offers.ts';
import { StudioEventsContext, useStudioEvents, visitFor } from './studioEvents.ts';

/**
 * The signed-in customer's current personal offers for this product, each with one click to use
 * it: the server re-checks and prices it in the quote (its own price line) and at the order.
 */
function YourOffers({
  productSlug,
  offer,
  onOffer,
}: {
  productSlug: string;
  offer: { id: string | null; refused: string };
  onOffer: (id: string | null) => void;
}) {
  const mine = useResource(() => offersApi.mine());
  const here = (mine.data?.offers ?? []).filter(
    (o) => o.productSlug === null || o.productSlug === productSlug,
  );
  if (!here.length && !offer.refused) return null;
  return (
    <section className="offers" aria-label="Your offers" data-testid="your-offers">
      {offer.refused ? (
        <p className="alert alert--warn" role="alert">
          {offer.refused}
        </p>
      ) : null}
      {here.length ? <p className="panel__lead">Your personal offers</p> : null}
      <ul className="offers__list">
        {here.map((o) => (
          <li key={o.id}>
            <strong>{o.title}</strong>: {o.gives}{' '}
            <span className="muted">(until {formatDate(o.validUntil.slice(0, 10))})</span>{' '}
            {offer.id === o.id ? (
              <button type="button" className="button" onClick={() => onOffer(null)}>
                Using this offer: stop using it
              </button>
            ) : (
              <button type="button" className="button" onClick={() => onOffer(o.id)}>
                Use this offer
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export interface DesignRef {
  id: string;
  token: string | null;
  name: string;
}

/** Debounced POST /quote of complete designs; null while stale or for incomplete designs. */
function useServerQuote(
  shop: ShopApi,
  product: StudioProduct,
  studio: Studio,
  offerId: string | null,
  onOfferRefused: (message: string) => void,
) {
  const { choices, complete } = studio.snapshot;
  const personalization = studio.personalization;
  const key = JSON.stringify([choices, personalization, offerId]);
  const [answer, setAnswer] = useState<{ key: string; quote: ServerQuote } | null>(null);
  const [quoting, setQuoting] = useState(false);
  useEffect(() => {
    if (!complete || !product.versionId) return;
    const versionId = product.versionId;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setQuoting(true);
      shop
        .quote(
          { versionId, choices, personalization, ...(offerId ? { offerId } : {}) },
          controller.signal,
        )
        .then((quote) => setAnswer({ key, quote }))
        .catch((e: unknown) => {
          // A named offer that cannot be used here: say why and quote without it.
          if (e instanceof ApiError && e.status === 409 && offerId) onOfferRefused(e.message);
        })
        .finally(() => {
          if (!controller.signal.aborted) setQuoting(false);
        });
    }, 350);
    return () => {
      clearTimeout(timer);
      controller.abort();
      setQuoting(false);
    };
    // `key` stands for choices and personalization.
  }, [key, complete, product.versionId, shop]);
  const fresh = answer && answer.key === key && complete ? answer.quote : null;
  return { quote: fresh, quoting, refresh: (q: ServerQuote) => setAnswer({ key, quote: q }) };
}

export function ShopStudio({
  shop,
  product,
  studio,
  design,
  onSaved,
}: {
  shop: ShopApi;
  product: StudioProduct;
  studio: Studio;
  design: DesignRef | null;
  onSaved: (design: Design, ref: DesignRef) => void;
}) {
  // A personal offer the customer chose (or arrived with: ?offer=<id> from their offer's link).
  const [offer, setOffer] = useState<{ id: string | null; refused: string }>(() => ({
    id: new URLSearchParams(window.location.search).get('offer'),
    refused: '',
  }));
  const server = useServerQuote(shop, product, studio, offer.id, (refused) =>
    setOffer({ id: null, refused }),
  );
  const [panel, setPanel] = useState<'none' | 'save' | 'order' | 'bid'>('none');
  const [status, setStatus] = useState('');
  // The provider chosen from the comparison, for this exact design only.
  const designKey = JSON.stringify([studio.snapshot.choices, studio.personalization]);
  const [chosen, setChosen] = useState<{ key: string; quote: ProviderQuote } | null>(null);
  const provider = chosen?.key === designKey ? chosen.quote : null;
  const { price, date } = priceAndDate(product, studio, server.quote);
  const afterRender = useRef<(() => void) | null>(null);
  useEffect(() => {
    afterRender.current?.();
    afterRender.current = null;
  });
  // The visit's studio events (./studioEvents.ts): a quote the server answered for the design.
  const events = visitFor(product.versionId);
  useEffect(() => {
    if (server.quote?.valid) events.quoted();
  }, [server.quote, events]);
  const { complete, missingInput } = studio.snapshot;
  const inputsNeeded = missingInput
    .map((id) => featureLabel(featureById(product.model, id) ?? { id, type: 'bool' }))
    .join(', ');
  const openChoices = product.model.features.some(
    (f) => studio.snapshot.choices[f.id] === undefined && !missingInput.includes(f.id),
  );
  // "Name your price" needs a design to price: finished, or partly designed.
  const anyChoice = Object.keys(studio.snapshot.choices).length > 0;
  const personalIssues = validatePersonalization(
    studio.compiled,
    studio.personalization,
    studio.snapshot.choices,
  );
  const stillNeeded = missingItems(
    product.model,
    studio.compiled,
    studio.snapshot.choices,
    studio.personalization,
  ).filter((m) => m.kind === 'field');
  const wrongPersonal = personalIssues.filter((i) => !stillNeeded.some((m) => m.id === i.field));

  return (
    <StudioEventsContext.Provider value={events}>
      <div className="studio">
        <StudioEditor product={product} studio={studio} />
        <Summary
          product={product}
          studio={studio}
          serverQuote={server.quote}
          quoting={server.quoting}
        >
          <RecommendationsPanel shop={shop} product={product} studio={studio} />
          <div className="summary__actions">
            {openChoices ? (
              <button
                type="button"
                className="button button--block"
                onClick={() => {
                  const ok = studio.complete({ sense: 'min', weights: { price: 1 } });
                  // This button goes away once the design is complete: keep the customer's place.
                  if (ok) afterRender.current = focusSummary;
                  setStatus(
                    !ok
                      ? 'No complete design fits these choices.'
                      : missingInput.length
                        ? `We filled in the open choices with the most affordable options. Still needed from you: ${inputsNeeded}.`
                        : 'We filled in the open choices with the most affordable options.',
                  );
                }}
              >
                Fill in the rest for me
              </button>
            ) : null}
            <button
              type="button"
              className="button button--block"
              aria-expanded={panel === 'save'}
              onClick={() => setPanel(panel === 'save' ? 'none' : 'save')}
            >
              {design ? 'Save a new version' : 'Save design'}
            </button>
            <button
              type="button"
              className="button button--primary button--block"
              aria-expanded={panel === 'order'}
              disabled={!complete}
              aria-describedby="order-hint"
              onClick={() => setPanel(panel === 'order' ? 'none' : 'order')}
            >
              Order
            </button>
            <p id="order-hint" className="field__hint">
              {complete
                ? 'Built to order for you. You confirm the price and date before anything is charged.'
                : !missingInput.length
                  ? 'Make every choice to order.'
                  : openChoices
                    ? `Make every choice and enter yours to order: ${inputsNeeded}.`
                    : `Only you can give these — enter them to order: ${inputsNeeded}.`}
            </p>
            {complete && server.quote?.valid && product.versionId ? (
              <ProviderComparison
                shop={shop}
                versionId={product.versionId}
                choices={studio.snapshot.choices}
                personalization={studio.personalization}
                chosen={provider}
                onChoose={(q) => {
                  setChosen({ key: designKey, quote: q });
                  setPanel('order');
                }}
              />
            ) : null}
            <button
              type="button"
              className="button button--block"
              aria-expanded={panel === 'bid'}
              disabled={!anyChoice || !product.versionId}
              aria-describedby="bid-hint"
              onClick={() => {
                if (panel !== 'bid') events.enter('name_your_price');
                setPanel(panel === 'bid' ? 'none' : 'bid');
              }}
            >
              Name your price
            </button>
            <p id="bid-hint" className="field__hint">
              {anyChoice
                ? 'Say what you insist on, what you will pay and by when; we answer at once.'
                : 'Make a choice or two to name your price for it.'}
            </p>
            <p role="status" className="status-text">
              {status}
            </p>
          </div>
          {panel === 'save' ? (
            <SavePanel
              shop={shop}
              product={product}
              studio={studio}
              design={design}
              onSaved={(d, ref) => {
                setPanel('none');
                setStatus(`Saved “${ref.name}”, version ${d.currentVersion}.`);
                onSaved(d, ref);
              }}
            />
          ) : null}
          {panel === 'bid' && anyChoice ? (
            <NamePrice shop={shop} product={product} studio={studio} quote={server.quote} />
          ) : null}
          {panel === 'order' && studio.snapshot.complete ? (
            <OrderPanel
              shop={shop}
              product={product}
              studio={studio}
              design={design}
              quote={server.quote}
              provider={provider}
              onQuote={server.refresh}
              offer={offer}
              onOffer={(id) => setOffer({ id, refused: '' })}
              blocked={personalIssues.length > 0}
              stillNeeded={stillNeeded.map((m) => m.label)}
              wrongPersonal={wrongPersonal.length > 0}
            />
          ) : null}
        </Summary>
        <div className="bottombar" aria-hidden="true">
          <span className="bottombar__price">{price}</span>
          <span className="bottombar__date">{date}</span>
          <a href="#summary" className="button button--primary button--small" tabIndex={-1}>
            Review
          </a>
        </div>
      </div>
    </StudioEventsContext.Provider>
  );
}

function SavePanel({
  shop,
  product,
  studio,
  design,
  onSaved,
}: {
  shop: ShopApi;
  product: StudioProduct;
  studio: Studio;
  design: DesignRef | null;
  onSaved: (design: Design, ref: DesignRef) => void;
}) {
  const { state } = useSession();
  const guest = !(state.status === 'signed-in' && state.session.user.kind === 'customer');
  const events = useStudioEvents();
  const form = useRef<HTMLFormElement>(null);
  const [name, setName] = useState(design?.name ?? `My ${product.name}`);
  const [email, setEmail] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!product.versionId) return;
    setBusy(true);
    setError(null);
    try {
      const choices: Choices = studio.snapshot.choices;
      const personalization = studio.personalization;
      let saved: Design;
      let ref: DesignRef;
      if (design) {
        saved = await shop.saveVersion(design.id, design.token, {
          choices,
          personalization,
          ...(note.trim() ? { note: note.trim() } : {}),
        });
        ref = design;
      } else {
        saved = await shop.createDesign({
          versionId: product.versionId,
          name: name.trim(),
          choices,
          personalization,
          ...(guest && email.trim() ? { email: email.trim() } : {}),
        });
        ref = { id: saved.id, token: saved.token ?? null, name: saved.name };
      }
      rememberDesign({
        id: ref.id,
        token: ref.token,
        name: saved.name ?? ref.name,
        productSlug: product.slug,
        savedAt: new Date().toISOString(),
      });
      events.designSaved();
      onSaved(saved, ref);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const fieldErrors = error instanceof ApiError ? error.fieldErrors() : {};
  return (
    <form
      ref={form}
      className="panel form"
      onSubmit={(e) => void submit(e)}
      aria-label="Save design"
    >
      <FormAlert error={error} />
      {design ? (
        <TextField
          label="What changed"
          value={note}
          maxLength={200}
          onChange={(e) => setNote(e.target.value)}
          hint="A note for this version, e.g. “with dynamo lights”."
        />
      ) : (
        <>
          <TextField
            label="Design name"
            required
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={fieldErrors.name}
          />
          {guest ? (
            <TextField
              label="Your email"
              type="email"
              autoComplete="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              error={fieldErrors.email}
              hint="We send you the link to this design. This browser remembers it too."
            />
          ) : null}
        </>
      )}
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? 'Saving…' : 'Save'}
      </button>
    </form>
  );
}

function OrderPanel({
  shop,
  product,
  studio,
  design,
  quote,
  provider,
  onQuote,
  offer,
  onOffer,
  blocked,
  stillNeeded,
  wrongPersonal,
}: {
  shop: ShopApi;
  product: StudioProduct;
  studio: Studio;
  design: DesignRef | null;
  quote: ServerQuote | null;
  /** Order from this provider (the comparison's choice), at its price and date. */
  provider: ProviderQuote | null;
  onQuote: (q: ServerQuote) => void;
  /** The personal offer in use (id null: none) and why the last one named was refused. */
  offer: { id: string | null; refused: string };
  onOffer: (id: string | null) => void;
  blocked: boolean;
  /** Labels of the required personal fields left empty. */
  stillNeeded: string[];
  /** Some personal text is filled in but not valid. */
  wrongPersonal: boolean;
}) {
  const { state } = useSession();
  const events = useStudioEvents();
  const guest = !(state.status === 'signed-in' && state.session.user.kind === 'customer');
  const [email, setEmail] = useState('');
  // A signed-in (company) buyer's purchase-order number, printed on the order.
  const [poNumber, setPoNumber] = useState('');
  // A company member chooses the payment terms among the company's allowed ones.
  const termsChoice = useResource(() =>
    guest
      ? Promise.resolve({ paymentTerms: null, allowedPaymentTerms: [] as string[] })
      : memberPaymentTerms(),
  );
  const allowedTerms = termsChoice.data?.allowedPaymentTerms ?? [];
  const [paymentTerms, setPaymentTerms] = useState('');
  const chosenTerms = paymentTerms || termsChoice.data?.paymentTerms || '';
  const po = {
    ...(!guest && poNumber.trim() ? { poNumber: poNumber.trim() } : {}),
    ...(!guest && allowedTerms.length > 0 && chosenTerms ? { paymentTerms: chosenTerms } : {}),
  };
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [changed, setChanged] = useState<ServerQuote | null>(null);
  const currency = product.model.currency;
  // Several units go through the multi-line quote and order (a company member's contract prices
  // every line). One unit stays the single-design order: its saved design, rewards and revisions.
  const [quantity, setQuantity] = useState('1');
  const units = Number(quantity);
  const byLines = units !== 1;
  const line =
    byLines && product.versionId && Number.isInteger(units) && units >= 1
      ? {
          versionId: product.versionId,
          choices: studio.snapshot.choices,
          personalization: studio.personalization,
          quantity: units,
        }
      : null;
  const lines = useLinesQuote(shop, blocked ? null : line);
  const [changedLines, setChangedLines] = useState<LinesQuote | null>(null);

  const placeLines = async () => {
    if (!line) return;
    setBusy(true);
    setError(null);
    try {
      const q = changedLines ?? lines.quote ?? (await linesApi.quote(shop, [line]));
      if (!q.valid) {
        setError(
          new ApiError({
            title: 'This design cannot be built',
            status: 409,
            detail: q.lines.flatMap((l) => l.violations.map((v) => v.message)).join(' '),
          }),
        );
        return;
      }
      const order = await linesApi.order(shop, {
        lines: [line],
        ...(guest ? { email: email.trim() } : {}),
        ...po,
        expected: { total: q.total, currency: q.currency, promisedDate: q.promisedDate },
      });
      events.ordered();
      events.flush();
      const token = order.token ?? null;
      navigate(
        `/orders/${encodeURIComponent(order.id)}${token ? `?token=${encodeURIComponent(token)}` : ''}`,
      );
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && e.extra.code === 'changed') {
        const next = e.extra.quote as LinesQuote | undefined;
        if (next) {
          setChangedLines(next);
          lines.refresh(next);
        }
      }
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const place = async (expected: ServerQuote | null) => {
    if (!product.versionId) return;
    setBusy(true);
    setError(null);
    try {
      const choices = studio.snapshot.choices;
      const personalization = studio.personalization;
      const q =
        expected ??
        (await shop.quote({
          versionId: product.versionId,
          choices,
          personalization,
          ...(offer.id ? { offerId: offer.id } : {}),
        }));
      // The workshop's quote stands for the design's validity; the chosen provider's terms are
      // what the order expects (a changed answer from the server is already that provider's).
      const terms = provider && !expected ? provider : q;
      if (terms === q) onQuote(q);
      if (!q.valid) {
        setError(
          new ApiError({
            title: 'This design cannot be built',
            status: 409,
            detail: q.violations.map((v) => v.message).join(' '),
          }),
        );
        return;
      }
      const order = await shop.order({
        ...(design
          ? { designId: design.id, ...(design.token ? { token: design.token } : {}) }
          : {}),
        versionId: product.versionId,
        choices,
        personalization,
        ...(guest ? { email: email.trim() } : {}),
        ...po,
        ...(provider ? { providerId: provider.provider.id } : {}),
        ...(offer.id ? { offerId: offer.id } : {}),
        expected: {
          total: terms.total,
          currency: terms.currency,
          promisedDate: terms.promisedDate,
        },
      });
      events.ordered();
      events.flush();
      const token = order.token ?? null;
      navigate(
        `/orders/${encodeURIComponent(order.id)}${token ? `?token=${encodeURIComponent(token)}` : ''}`,
      );
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && e.extra.code === 'changed') {
        const next = e.extra.quote as ServerQuote | undefined;
        if (next) {
          setChanged(next);
          onQuote(next);
        }
      }
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const fieldErrors = error instanceof ApiError ? error.fieldErrors() : {};
  const violations =
    error instanceof ApiError && Array.isArray(error.extra.violations)
      ? (error.extra.violations as Array<{ message?: string }>)
      : [];
  return (
    <form
      className="panel form"
      aria-label="Order"
      onSubmit={(e) => {
        e.preventDefault();
        if (byLines) void placeLines();
        else void place(changed ?? (provider ? null : quote));
      }}
    >
      <p className="panel__lead">
        {byLines ? (
          lines.quote ? (
            <>
              <strong>{formatMoney(lines.quote.total, lines.quote.currency)}</strong>
              {lines.quote.priceListId ? ' at your company’s contract prices' : ''}, delivery by{' '}
              <strong>{formatDate(lines.quote.promisedDate)}</strong>
              {provider ? '; several units are built in our own workshop' : ''}.
            </>
          ) : (
            'We price the quantity with the workshop…'
          )
        ) : provider && !changed ? (
          <>
            <strong>{formatMoney(provider.total, provider.currency)}</strong>, delivery by{' '}
            <strong>{formatDate(provider.promisedDate)}</strong>, built by{' '}
            <strong>{provider.provider.name}</strong>.
          </>
        ) : quote ? (
          <>
            <strong>{formatMoney(quote.total, quote.currency)}</strong>, delivery by{' '}
            <strong>{formatDate(quote.promisedDate)}</strong>.
          </>
        ) : (
          'We check the price and delivery date with the workshop when you order.'
        )}
      </p>
      {!guest && !byLines ? (
        <YourOffers productSlug={product.slug} offer={offer} onOffer={onOffer} />
      ) : null}
      {byLines && lines.quote ? <ContractLinesTable quote={lines.quote} /> : null}
      {error && !changed && !changedLines ? <OrderProblem error={error} /> : null}
      {byLines && lines.error && !error ? <OrderProblem error={lines.error} /> : null}
      {violations.length ? (
        <ul className="violations">
          {violations.map((v, i) => (
            <li key={i}>{v.message}</li>
          ))}
        </ul>
      ) : null}
      {error instanceof ApiError && error.extra.code === 'outdated' ? (
        <p>
          The product was updated since you started. Reload the page to design with the current
          version; your saved designs keep their choices.
        </p>
      ) : null}
      {changedLines ? (
        <div className="alert alert--warn" role="alert">
          <p className="alert__title">The price or delivery date has changed</p>
          <p>
            It is now {formatMoney(changedLines.total, changedLines.currency || currency)}, delivery
            by {formatDate(changedLines.promisedDate)}. Order at the new terms?
          </p>
        </div>
      ) : null}
      {changed ? (
        <div className="alert alert--warn" role="alert">
          <p className="alert__title">The price or delivery date has changed</p>
          <p>
            It is now {formatMoney(changed.total, changed.currency || currency)}, delivery by{' '}
            {formatDate(changed.promisedDate)}. Order at the new terms?
          </p>
        </div>
      ) : null}
      <TextField
        label="Quantity"
        type="number"
        required
        min={1}
        step={1}
        inputMode="numeric"
        value={quantity}
        onChange={(e) => {
          setQuantity(e.target.value);
          setChangedLines(null);
        }}
        error={
          (Number.isInteger(units) && units >= 1 ? undefined : 'must be a whole number from 1') ??
          fieldErrors['lines.0.quantity'] ??
          (lines.error instanceof ApiError
            ? lines.error.fieldErrors()['lines.0.quantity']
            : undefined)
        }
      />
      {!guest ? (
        <TextField
          label="Purchase order number"
          maxLength={64}
          value={poNumber}
          onChange={(e) => setPoNumber(e.target.value)}
          error={fieldErrors.poNumber}
        />
      ) : null}
      {allowedTerms.length > 0 ? (
        <SelectField
          label="Payment terms"
          value={chosenTerms}
          onChange={(e) => setPaymentTerms(e.target.value)}
          options={allowedTerms.map((t) => ({ value: t, label: termsLabel(t) }))}
          error={fieldErrors.paymentTerms}
        />
      ) : null}
      {guest ? (
        <TextField
          label="Email for the order"
          type="email"
          required
          autoComplete="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fieldErrors.email}
          hint="We send the confirmation and every status change here."
        />
      ) : null}
      {stillNeeded.length ? (
        <p className="field__error">Still needed to order: {stillNeeded.join(', ')}.</p>
      ) : null}
      {wrongPersonal ? (
        <p className="field__error">Please correct the personal touches first.</p>
      ) : null}
      <button
        type="submit"
        className="button button--primary"
        disabled={busy || blocked || (byLines && !line)}
      >
        {busy
          ? 'Placing the order…'
          : changed || changedLines
            ? 'Order at the new terms'
            : 'Place order'}
      </button>
    </form>
  );
}

export { designHref };

/** The order's refusal in words: title and the server's detail (no "marked fields" hint: the
 * fields it names — expected, versionId, choices — are not inputs the customer sees). */
function OrderProblem({ error }: { error: unknown }) {
  const { title, detail } = describeError(error);
  return (
    <div className="alert alert--error" role="alert">
      <p className="alert__title">{title}</p>
      {detail ? <p>{detail}</p> : null}
    </div>
  );
}
