// "Name your price" in the studio: on a finished or partly designed product the customer marks
// each choice made so far "must have" or "flexible: any of these values", names the price they
// will pay and the latest delivery date, and gets exactly one of two answers: Accepted (the exact
// design that will be built, the price, the date, who builds it, how long the offer holds, and
// one button that places the order) or Not accepted (what they can do: raise the price, make
// named must-haves flexible with one click, accept a later date; when the same bid may come
// again). The plain logic is in ./bids.ts; the HTTP calls in ../api/bids.ts.
import { useEffect, useId, useRef, useState, type FormEvent, type RefObject } from 'react';
import type { FeatureDef, Value } from '@customerize/engine';
import { ApiError, type FieldError, type ShopApi } from '../api/client.ts';
import { shopBids, type BidAnswer } from '../api/bids.ts';
import type { ChoiceValue, ServerQuote } from '../api/types.ts';
import { navigate } from '../router/router.tsx';
import { useSession } from '../session.tsx';
import { formatDate, formatDateTime } from '../ui/dates.ts';
import { describeError, TextField } from '../ui/forms.tsx';
import { fieldMessage } from '../ui/fieldMessage.ts';
import {
  answerWords,
  bidProblem,
  buildBid,
  canBeFlexible,
  countdown,
  flexibleAll,
  listWords,
  markedChoices,
  type AcceptedWords,
  type Mark,
  type RefusedWords,
} from './bids.ts';
import { explanationText } from './explain.ts';
import { addDays, formatMoney, formatMoneyRange } from './format.ts';
import { featureLabel, featureValues, valueLabel } from './model.ts';
import type { StudioProduct } from './StudioEditor.tsx';
import type { Studio } from './useStudio.ts';
import './bids.css';

/** The date the studio quotes now: the server's promise, else the engine's estimate. */
function quotedDate(studio: Studio, quote: ServerQuote | null): string {
  if (quote) return quote.promisedDate;
  const lead = studio.snapshot.ranges.leadTimeDays;
  return addDays(studio.snapshot.complete ? lead.min : lead.max);
}

export function NamePrice({
  shop,
  product,
  studio,
  quote,
}: {
  shop: ShopApi;
  product: StudioProduct;
  studio: Studio;
  /** The server's quote of the complete design, when fresh. */
  quote: ServerQuote | null;
}) {
  const { state } = useSession();
  const guest = !(state.status === 'signed-in' && state.session.user.kind === 'customer');
  const { model } = product;
  const currency = model.currency;
  const { snapshot } = studio;
  const [marks, setMarks] = useState<Record<string, Mark>>({});
  const [priceText, setPriceText] = useState('');
  // Untouched, the latest date follows the date quoted now (the server's quote may come later).
  const [chosenDate, setChosenDate] = useState<string | null>(null);
  const quoted = quotedDate(studio, quote);
  const latestDate = chosenDate ?? quoted;
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [invalid, setInvalid] = useState<FieldError[]>([]);
  const [answer, setAnswer] = useState<BidAnswer | null>(null);
  const [status, setStatus] = useState('');
  const form = useRef<HTMLFormElement>(null);
  const answerHeading = useRef<HTMLHeadingElement>(null);
  const today = addDays(0);
  const chosen = markedChoices(model, snapshot.choices, marks);
  const open = model.features.filter(
    (f) => snapshot.choices[f.id] === undefined && !snapshot.missingInput.includes(f.id),
  );
  const yours = model.features.filter((f) => snapshot.missingInput.includes(f.id));
  const yoursMissing = yours.some((f) => errors[`mustHave.${f.id}`]);

  const serverErrors = error instanceof ApiError ? error.fieldErrors() : {};
  const errors: Record<string, string> = { ...serverErrors };
  for (const e of invalid) errors[e.field] ??= e.message;

  useEffect(() => {
    if (answer) answerHeading.current?.focus();
  }, [answer]);
  useEffect(() => {
    if (invalid.length) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [invalid]);

  const focusField = (name: string) =>
    form.current?.querySelector<HTMLInputElement>(`[name="${name}"]`)?.focus();
  const setMark = (feature: string, mark: Mark) => setMarks((m) => ({ ...m, [feature]: mark }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!product.versionId) return;
    const built = buildBid({
      versionId: product.versionId,
      model,
      choices: snapshot.choices,
      marks,
      priceText,
      latestDate,
      today,
      personalization: studio.personalization,
      missingInput: snapshot.missingInput,
      email: guest ? email : null,
    });
    setError(null);
    setStatus('');
    if (!built.ok) {
      setInvalid(built.errors);
      return;
    }
    setInvalid([]);
    setBusy(true);
    try {
      const next = await shopBids(shop).create(built.body);
      setAnswer(next);
    } catch (e) {
      setError(e);
      if (e instanceof ApiError && e.errors.length) {
        // Focus the first field the server named, once it is marked.
        setTimeout(
          () => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
          0,
        );
      }
    } finally {
      setBusy(false);
    }
  };

  const makeFlexible = (ids: string[]) => {
    const made: string[] = [];
    for (const id of ids) {
      const f = model.features.find((x) => x.id === id);
      if (!f || !canBeFlexible(f)) continue;
      setMark(id, flexibleAll(f));
      made.push(featureLabel(f));
    }
    setStatus(
      made.length
        ? `${listWords(made)} ${made.length === 1 ? 'is' : 'are'} now flexible: any value. Untick what you do not want, then name your price again.`
        : '',
    );
  };

  return (
    <div className="panel name-price">
      <form
        ref={form}
        className="form"
        aria-label="Name your price"
        noValidate
        onSubmit={(e) => void submit(e)}
      >
        <p className="panel__lead">
          Tell us what you insist on, what you will pay and by when. We answer at once: yes, with
          the exact product, or no, with what would work.
        </p>
        <BidProblem error={error} product={product} />
        <fieldset className="name-price__choices">
          <legend>Your choices so far</legend>
          {chosen.map(({ feature, value, mark }) => (
            <ChoiceMark
              key={feature.id}
              feature={feature}
              value={value}
              mark={mark}
              error={errors[`flexible.${feature.id}`] ?? errors[`mustHave.${feature.id}`]}
              onChange={(m) => setMark(feature.id, m)}
            />
          ))}
          <p className="field__hint">
            {open.length
              ? `Left open: ${listWords(open.map(featureLabel))}. We choose them to give you the most for your price.`
              : 'Every choice is made.'}
          </p>
          {yours.length ? (
            <p
              className={yoursMissing ? 'field__error' : 'field__hint'}
              role={yoursMissing ? 'alert' : undefined}
              data-testid="bid-needs-input"
            >
              Still needed from you:{' '}
              {yours.map((f, i) => (
                <span key={f.id}>
                  {i ? ', ' : ''}
                  <a href={`#feature-${f.id}`}>{featureLabel(f)}</a>
                </span>
              ))}
              . Only you can give {yours.length === 1 ? 'it' : 'them'}, and we build to{' '}
              {yours.length === 1 ? 'it' : 'them'}.
            </p>
          ) : null}
        </fieldset>
        <TextField
          name="price"
          label={`Your price (${currency})`}
          required
          inputMode="decimal"
          autoComplete="off"
          value={priceText}
          onChange={(e) => setPriceText(e.target.value)}
          error={errors['price.amount'] ?? errors['price.currency'] ?? errors.price}
          hint={
            snapshot.complete
              ? `The list price of this design is ${formatMoney(quote?.total ?? snapshot.quote.total, currency)}.`
              : `As designed so far, the list price is ${formatMoneyRange(snapshot.ranges.price.min, snapshot.ranges.price.max, currency)}.`
          }
        />
        <TextField
          name="latestDate"
          label="Latest delivery date"
          type="date"
          required
          min={today}
          value={latestDate}
          onChange={(e) => setChosenDate(e.target.value)}
          error={errors.latestDate}
          hint={`We quote ${formatDate(quoted)} for it now.`}
        />
        {guest ? (
          <TextField
            label="Your email"
            type="email"
            required
            autoComplete="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={errors.email}
            hint="We send the answer and the link to your bid here."
          />
        ) : null}
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Asking the workshop…' : answer ? 'Name this price again' : 'Name your price'}
        </button>
        <p role="status" className="status-text">
          {status}
        </p>
      </form>
      {answer ? (
        <BidAnswerView
          key={answer.id}
          answer={answer}
          product={product}
          shop={shop}
          headingRef={answerHeading}
          onRelax={makeFlexible}
          onPrice={() => focusField('price')}
          onDate={() => focusField('latestDate')}
        />
      ) : null}
    </div>
  );
}

/** One choice made so far: "must have", or "flexible" with the acceptable values ticked. */
function ChoiceMark({
  feature,
  value,
  mark,
  error,
  onChange,
}: {
  feature: FeatureDef;
  value: ChoiceValue;
  mark: Mark;
  error: string | undefined;
  onChange: (mark: Mark) => void;
}) {
  const id = useId();
  const label = featureLabel(feature);
  const flexible = canBeFlexible(feature);
  const errorId = error ? `${id}-error` : undefined;
  return (
    <fieldset
      className={`name-price__choice${error ? ' field--invalid' : ''}`}
      aria-describedby={errorId}
    >
      <legend>
        {label}: <strong>{valueLabel(feature, value as Value)}</strong>
      </legend>
      {flexible ? (
        <div className="name-price__marks">
          <label className="check">
            <input
              type="radio"
              name={`${id}-mark`}
              checked={mark.kind === 'must'}
              onChange={() => onChange({ kind: 'must' })}
            />
            Must have
          </label>
          <label className="check">
            <input
              type="radio"
              name={`${id}-mark`}
              checked={mark.kind === 'flexible'}
              onChange={() => onChange(flexibleAll(feature))}
            />
            Flexible: any of these values
          </label>
        </div>
      ) : (
        <p className="field__hint">Must have: only you can give it.</p>
      )}
      {mark.kind === 'flexible' ? (
        <div
          role="group"
          aria-label={`Acceptable values of ${label}`}
          className="name-price__values"
        >
          {featureValues(feature).map((v) => {
            const on = mark.values.some((x) => x === v);
            return (
              <label key={String(v)} className="check">
                <input
                  type="checkbox"
                  checked={on}
                  aria-invalid={error ? true : undefined}
                  onChange={(e) =>
                    onChange({
                      kind: 'flexible',
                      values: e.target.checked
                        ? [...mark.values, v]
                        : mark.values.filter((x) => x !== v),
                    })
                  }
                />
                {valueLabel(feature, v)}
              </label>
            );
          })}
        </div>
      ) : null}
      {error ? (
        <p className="field__error" id={errorId}>
          {fieldMessage(label, error)}
        </p>
      ) : null}
    </fieldset>
  );
}

/** What stands before an answer: rebid too soon, too many bids, contradictions, old version. */
function BidProblem({ error, product }: { error: unknown; product: StudioProduct }) {
  if (!error) return null;
  const known = bidProblem(error);
  const { title, detail, hasFieldErrors } = known
    ? { ...known, hasFieldErrors: false }
    : describeError(error);
  const extra = error instanceof ApiError ? error.extra : {};
  const explanation = extra.explanation as
    Parameters<typeof explanationText>[1] | string | undefined;
  const reasons =
    typeof explanation === 'string'
      ? [explanation]
      : explanation && Array.isArray(explanation.rules)
        ? [
            ...explanationText(product.model, explanation).reasons,
            ...explanationText(product.model, explanation).conflicts,
          ]
        : [];
  return (
    <div className="alert alert--error" role="alert">
      <p className="alert__title">{title}</p>
      {detail ? <p>{detail}</p> : null}
      {reasons.length ? (
        <ul className="violations">
          {reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      ) : null}
      {error instanceof ApiError && error.status === 409 ? (
        <p>Reload the page to design with the current version of this product.</p>
      ) : null}
      {hasFieldErrors ? <p>Please correct the marked fields.</p> : null}
    </div>
  );
}

function BidAnswerView({
  answer,
  product,
  shop,
  headingRef,
  onRelax,
  onPrice,
  onDate,
}: {
  answer: BidAnswer;
  product: StudioProduct;
  shop: ShopApi;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onRelax: (features: string[]) => void;
  onPrice: () => void;
  onDate: () => void;
}) {
  const words = answerWords(answer, product.model);
  const titleId = useId();
  return (
    <section
      className={`name-price__answer name-price__answer--${words.kind}`}
      aria-labelledby={titleId}
      data-testid="bid-answer"
    >
      <h3 id={titleId} ref={headingRef} tabIndex={-1}>
        {words.kind === 'accepted' ? 'Accepted' : 'Not accepted'}
      </h3>
      {words.kind === 'accepted' ? (
        <AcceptedOffer words={words} answer={answer} shop={shop} />
      ) : (
        <Refused
          words={words}
          answer={answer}
          onRelax={onRelax}
          onPrice={onPrice}
          onDate={onDate}
        />
      )}
    </section>
  );
}

/** An accepted offer: what will be built, for how much, by when, by whom, for how long it holds,
 * and the one button that places the order (then the order page, like ordering does). */
export function AcceptedOffer({
  words,
  answer,
  shop,
}: {
  words: AcceptedWords;
  answer: BidAnswer;
  shop: ShopApi;
}) {
  const left = useCountdown(words.expiresAt);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const order = await shopBids(shop).confirm(answer.id, answer.token ?? null);
      const token = order.token ?? null;
      navigate(
        `/orders/${encodeURIComponent(order.id)}${token ? `?token=${encodeURIComponent(token)}` : ''}`,
      );
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  const problem = bidProblem(error);
  const expired = left === null;
  return (
    <>
      <p>
        We build it for <strong data-testid="bid-price">{words.price}</strong> (list price{' '}
        {words.listPrice}), delivered by <strong>{words.date}</strong>, made by{' '}
        <strong data-testid="bid-provider">{words.provider}</strong>.
      </p>
      <h4>The design we will build</h4>
      <dl className="facts facts--small name-price__design">
        {words.design.map((d) => (
          <div className="facts__row" key={d.feature}>
            <dt>{d.label}</dt>
            <dd>
              {d.value}
              {d.source === 'open' ? <span className="muted"> (chosen for you)</span> : null}
            </dd>
          </div>
        ))}
      </dl>
      {expired ? (
        <p className="alert alert--warn">
          This offer has expired. Name your price again for a new answer.
        </p>
      ) : (
        <p>
          This offer holds until {formatDateTime(words.expiresAt)}:{' '}
          <span role="timer" className="name-price__timer">
            {left}
          </span>{' '}
          left.
        </p>
      )}
      {error ? (
        <div className="alert alert--error" role="alert">
          <p className="alert__title">{problem?.title ?? describeError(error).title}</p>
          <p>{problem?.detail ?? describeError(error).detail}</p>
        </div>
      ) : null}
      <button
        type="button"
        className="button button--primary button--block"
        disabled={busy || expired}
        onClick={() => void confirm()}
      >
        {busy ? 'Placing the order…' : 'Confirm and order'}
      </button>
    </>
  );
}

function Refused({
  words,
  answer,
  onRelax,
  onPrice,
  onDate,
}: {
  words: RefusedWords;
  answer: BidAnswer;
  onRelax: (features: string[]) => void;
  onPrice: () => void;
  onDate: () => void;
}) {
  const money = formatMoney(answer.price.amount, answer.price.currency);
  return (
    <>
      <p>
        We cannot build it for {money} by {formatDate(answer.latestDate)}.
        {words.suggestions.length ? ' What would work:' : ''}
      </p>
      {words.suggestions.length ? (
        <ul className="name-price__suggestions">
          {words.suggestions.map((s) => (
            <li key={s.kind}>
              {s.text}{' '}
              {s.kind === 'raise-price' ? (
                <button type="button" className="button button--small" onClick={onPrice}>
                  Change my price
                </button>
              ) : s.kind === 'later-date' ? (
                <button type="button" className="button button--small" onClick={onDate}>
                  Choose a later date
                </button>
              ) : (
                <span className="name-price__relax">
                  {s.features.map((f) => (
                    <button
                      key={f.id}
                      type="button"
                      className="button button--small"
                      onClick={() => onRelax([f.id])}
                    >
                      Make {f.label.toLowerCase()} flexible
                    </button>
                  ))}
                </span>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {words.acceptedFrom ? <p>{words.acceptedFrom}</p> : null}
      {words.rebid ? <p className="muted">{words.rebid}</p> : null}
    </>
  );
}

/** "29:59" until `expiresAt`, ticking every second; null once it has passed. */
function useCountdown(expiresAt: string): string | null {
  const [now, setNow] = useState(() => Date.now());
  const left = countdown(expiresAt, now);
  const running = left !== null;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return left;
}
