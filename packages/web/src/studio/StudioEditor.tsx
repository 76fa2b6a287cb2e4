// The studio editor: the model's groups as numbered steps, each feature with its options. Every
// option shows whether it is available, its price effect and delivery effect (from the engine,
// in the browser), and how popular it is. An unavailable option explains why in words and offers
// "Choose it anyway", which applies the engine's minimal change and shows what changed, with Undo.
import { memo, useId, useMemo, useRef, useState } from 'react';
import type {
  Explanation,
  FeatureDef,
  Interval,
  ProductModel,
  Value,
  ValueInfo,
} from '@customerize/engine';
import { validatePersonalization, fieldOffered } from '@customerize/engine';
import type { AppliedChange, Studio } from './useStudio.ts';
import { changeText, explanationText } from './explain.ts';
import { formatDays, formatDelta, formatMoney } from './format.ts';
import { featureLabel, stepsOf, valueDescription, valueLabel, valuePrice } from './model.ts';
import { ScaledInput } from './ScaledInput.tsx';
import { useStudioEvents } from './studioEvents.ts';

export interface StudioProduct {
  name: string;
  slug: string;
  description?: string;
  model: ProductModel;
  /** Model version the design is made with (null for a console draft preview). */
  versionId: string | null;
  popularity: Record<string, Record<string, number>>;
  assetsBase: string;
}

interface Blocked {
  feature: string;
  value: Value;
  explanation: Explanation;
}

export function StudioEditor({ product, studio }: { product: StudioProduct; studio: Studio }) {
  const { model } = product;
  const steps = stepsOf(model);
  const [blocked, setBlocked] = useState<Blocked | null>(null);
  const currency = model.currency;

  const { select, unselect, chooseAnyway, undo, dismissChange } = studio;
  // Studio events (./studioEvents.ts): the rules a customer runs into, never personal data.
  const events = useStudioEvents();
  const current = useRef({ choices: studio.snapshot.choices, blocked });
  current.current = { choices: studio.snapshot.choices, blocked };
  // Stable across clicks, so unchanged features skip rendering (see FeatureBlock's memo).
  const actions = useMemo<Actions>(
    () => ({
      pick: (feature, value) => {
        const explanation = select(feature, value);
        setBlocked(explanation ? { feature, value, explanation } : null);
        if (explanation)
          events.excludedOpened(
            feature,
            value,
            explanation.rules.map((r) => r.id),
            current.current.choices,
          );
      },
      clear: (feature) => {
        unselect(feature);
        setBlocked(null);
      },
      anyway: (feature, value) => {
        const rules = current.current.blocked?.explanation.rules.map((r) => r.id) ?? [];
        events.choseAnyway(feature, value, rules, current.current.choices);
        chooseAnyway(feature, value);
        setBlocked(null);
      },
      keep: () => setBlocked(null),
      undo,
      dismiss: dismissChange,
    }),
    [select, unselect, chooseAnyway, undo, dismissChange, events],
  );

  return (
    <div className="editor">
      <nav className="editor__steps" aria-label="Steps">
        <ol>
          {steps.map((s, i) => {
            const open = s.features.filter((f) => studio.snapshot.choices[f.id] === undefined);
            return (
              <li key={s.id}>
                <a href={`#step-${s.id}`}>
                  <span className="editor__stepno" aria-hidden="true">
                    {open.length === 0 ? '✓' : i + 1}
                  </span>
                  {s.label}
                  <span className="visually-hidden">
                    {open.length === 0 ? ' (done)' : ` (${open.length} to choose)`}
                  </span>
                </a>
              </li>
            );
          })}
        </ol>
      </nav>
      {steps.map((s, i) => (
        <section
          key={s.id}
          id={`step-${s.id}`}
          className="step"
          aria-labelledby={`step-${s.id}-title`}
        >
          <h2 id={`step-${s.id}-title`} className="step__title">
            <span className="step__no" aria-hidden="true">
              {i + 1}
            </span>
            {s.label}
          </h2>
          {s.help ? <p className="step__help">{s.help}</p> : null}
          {s.features.map((f) => (
            <FeatureBlock
              key={f.id}
              feature={f}
              model={model}
              currency={currency}
              infos={studio.snapshot.values[f.id] ?? EMPTY}
              chosen={studio.snapshot.choices[f.id]}
              popularity={product.popularity[f.id]}
              blocked={blocked?.feature === f.id ? blocked : null}
              swapLead={studio.snapshot.swapLead[f.id]}
              change={studio.lastChange?.feature === f.id ? studio.lastChange : null}
              actions={actions}
            />
          ))}
        </section>
      ))}
      <PersonalizationStep product={product} studio={studio} number={steps.length + 1} />
    </div>
  );
}

function ChangeNotice({
  model,
  change,
  actions,
}: {
  model: ProductModel;
  change: AppliedChange;
  actions: Actions;
}) {
  const others = change.changes.filter((c) => c.feature !== change.feature);
  return (
    <div className="notice notice--change" role="status">
      <p className="notice__title">
        Done:{' '}
        {valueLabel(
          model.features.find((f) => f.id === change.feature),
          change.value,
        )}
        .{others.length ? ' To make it possible we changed:' : ''}
      </p>
      {others.length ? (
        <ul>
          {others.map((c) => (
            <li key={c.feature}>{changeText(model, c)}</li>
          ))}
        </ul>
      ) : null}
      <div className="notice__actions">
        <button type="button" className="button button--small" onClick={actions.undo}>
          Undo
        </button>
        <button
          type="button"
          className="button button--small button--ghost"
          onClick={actions.dismiss}
        >
          OK
        </button>
      </div>
    </div>
  );
}

interface Actions {
  pick: (feature: string, value: Value) => void;
  clear: (feature: string) => void;
  anyway: (feature: string, value: Value) => void;
  keep: () => void;
  undo: () => void;
  dismiss: () => void;
}

const EMPTY: ValueInfo[] = [];

interface FeatureBlockProps {
  feature: FeatureDef;
  model: ProductModel;
  currency: string;
  infos: ValueInfo[];
  chosen: Value | undefined;
  popularity: Record<string, number> | undefined;
  blocked: Blocked | null;
  /** Lead time of each available alternative to the chosen value (complete designs). */
  swapLead: Record<string, number> | undefined;
  change: AppliedChange | null;
  actions: Actions;
}

function sameNumbers(a?: Record<string, number>, b?: Record<string, number>): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

const sameInterval = (a?: Interval, b?: Interval) => a?.min === b?.min && a?.max === b?.max;

/** Same availability and ranges for every value: the block would render the same. */
function sameInfos(a: ValueInfo[], b: ValueInfo[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    const y = b[i]!;
    return (
      x.value === y.value &&
      x.available === y.available &&
      sameInterval(x.ranges?.price, y.ranges?.price) &&
      sameInterval(x.ranges?.leadTimeDays, y.ranges?.leadTimeDays)
    );
  });
}

const FeatureBlock = memo(
  FeatureBlockView,
  (p, n) =>
    p.feature === n.feature &&
    p.chosen === n.chosen &&
    p.blocked === n.blocked &&
    p.change === n.change &&
    p.actions === n.actions &&
    p.popularity === n.popularity &&
    p.model === n.model &&
    sameNumbers(p.swapLead, n.swapLead) &&
    sameInfos(p.infos, n.infos),
);

function FeatureBlockView(props: FeatureBlockProps) {
  const { feature: f, infos, chosen, currency, blocked, actions } = props;
  const id = useId();
  const helpId = `${id}-help`;
  const chosenPrice = valuePrice(f, chosen);
  const meta = (info: ValueInfo): string => {
    if (!info.available)
      return info.explanation?.restrictions?.[0]?.message ?? 'Not available with your choices';
    const parts = [formatDelta(valuePrice(f, info.value) - chosenPrice, currency)];
    const swapped = props.swapLead?.[String(info.value)];
    if (info.ranges) {
      const d = info.ranges.leadTimeDays;
      parts.push(`ready in ${formatDays(d.min, d.max)}`);
    } else if (swapped !== undefined) {
      parts.push(`ready in ${formatDays(swapped, swapped)}`);
    }
    return parts.join(' · ');
  };
  const share = (v: Value) => props.popularity?.[String(v)];

  return (
    <fieldset
      className="feature"
      id={`feature-${f.id}`}
      aria-describedby={f.help ? helpId : undefined}
    >
      <legend className="feature__label">
        {featureLabel(f)}
        {chosen === undefined ? (
          <span className="feature__todo">
            {f.customerInput ? ' · yours to enter' : ' · to choose'}
          </span>
        ) : (
          <span className="feature__chosen"> · {valueLabel(f, chosen)}</span>
        )}
      </legend>
      {f.help ? (
        <p className="feature__help" id={helpId}>
          {f.help}
        </p>
      ) : null}
      {f.type === 'int' && f.display ? (
        <ScaledInput
          feature={{ ...f, display: f.display }}
          chosen={typeof chosen === 'number' ? chosen : undefined}
          infos={infos}
          onPick={(value) => actions.pick(f.id, value)}
          onClear={() => actions.clear(f.id)}
        />
      ) : f.type === 'int' ? (
        <div className="feature__int">
          <label htmlFor={`${id}-select`} className="visually-hidden">
            {featureLabel(f)}
          </label>
          <select
            id={`${id}-select`}
            className="select"
            value={chosen === undefined ? '' : String(chosen)}
            onChange={(e) => {
              if (e.target.value === '') actions.clear(f.id);
              else actions.pick(f.id, Number(e.target.value));
            }}
          >
            <option value="">{f.customerInput ? 'Enter yours…' : 'Choose…'}</option>
            {infos.map((info) => (
              <option key={String(info.value)} value={String(info.value)}>
                {valueLabel(f, info.value)}
                {info.available
                  ? ''
                  : ` — ${info.explanation?.restrictions?.[0]?.message ?? 'not available with your choices'}`}
              </option>
            ))}
          </select>
          {f.linear?.price ? (
            <span className="muted">
              {formatMoney(f.linear.price.perUnit, currency)} per {f.unit ?? 'step'}
            </span>
          ) : null}
        </div>
      ) : (
        <ul className="options">
          {infos.map((info) => {
            const key = String(info.value);
            const optionId = `${id}-${key}`;
            const checked = chosen === info.value;
            const pct = share(info.value);
            const desc = valueDescription(f, info.value);
            return (
              <li
                key={key}
                className={`option${checked ? ' option--chosen' : ''}${info.available ? '' : ' option--blocked'}`}
              >
                <input
                  type="radio"
                  id={optionId}
                  name={`${id}-radio`}
                  checked={checked}
                  onChange={() => actions.pick(f.id, info.value)}
                  aria-describedby={`${optionId}-meta`}
                />
                <label htmlFor={optionId}>
                  <span className="option__name">{valueLabel(f, info.value)}</span>
                  {desc ? <span className="option__desc">{desc}</span> : null}
                  <span className="option__meta" id={`${optionId}-meta`}>
                    <span className={info.available ? 'option__effect' : 'option__why'}>
                      {meta(info)}
                    </span>
                    {pct !== undefined ? (
                      <span className="option__pop">Chosen by {Math.round(pct)}% of customers</span>
                    ) : null}
                  </span>
                </label>
              </li>
            );
          })}
        </ul>
      )}
      {chosen !== undefined ? (
        <button
          type="button"
          className="link-button feature__clear"
          onClick={() => actions.clear(f.id)}
        >
          Clear {featureLabel(f).toLowerCase()}
        </button>
      ) : null}
      {blocked ? (
        <BlockedNotice
          model={props.model}
          feature={f}
          blocked={blocked}
          onAnyway={() => actions.anyway(blocked.feature, blocked.value)}
          onKeep={actions.keep}
        />
      ) : null}
      {props.change ? (
        <ChangeNotice model={props.model} change={props.change} actions={actions} />
      ) : null}
    </fieldset>
  );
}

function BlockedNotice({
  model,
  feature,
  blocked,
  onAnyway,
  onKeep,
}: {
  model: ProductModel;
  feature: FeatureDef;
  blocked: Blocked;
  onAnyway: () => void;
  onKeep: () => void;
}) {
  const { reasons, conflicts, notApproved } = explanationText(model, blocked.explanation);
  const name = valueLabel(feature, blocked.value);
  const events = useStudioEvents();
  const possible = conflicts.length > 0;
  // Excluded by the company's approval, not by what can be built (issue 12).
  if (notApproved.length > 0 && !possible)
    return (
      <div className="notice notice--blocked notice--not-approved" role="alert">
        <p className="notice__title">
          {name}: {notApproved.join('; ')}.
        </p>
        <p>Your company chose what you can order; ask your company admin to approve more.</p>
        <div className="notice__actions">
          <button type="button" className="button button--small" onClick={onKeep}>
            Keep my choices
          </button>
        </div>
      </div>
    );
  return (
    <div className="notice notice--blocked" role="alert">
      <p className="notice__title">
        {possible
          ? `${name} is not possible with your current choices.`
          : `${name} cannot be built in any design.`}
      </p>
      {possible ? (
        <p>
          In the way: <strong>{conflicts.join('; ')}</strong>.
        </p>
      ) : null}
      <div className="notice__actions">
        {possible ? (
          <button type="button" className="button button--small button--primary" onClick={onAnyway}>
            Choose it anyway
          </button>
        ) : null}
        <button type="button" className="button button--small" onClick={onKeep}>
          Keep my choices
        </button>
      </div>
      {/* After the actions, which stay the next Tab stops. */}
      {reasons.length ? (
        <details
          className="notice__why"
          onToggle={(e) => {
            if (e.currentTarget.open)
              events.whyRead(
                feature.id,
                blocked.value,
                blocked.explanation.rules.map((r) => r.id),
              );
          }}
        >
          <summary>Why?</summary>
          <ul>
            {reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

function PersonalizationStep({
  product,
  studio,
  number,
}: {
  product: StudioProduct;
  studio: Studio;
  number: number;
}) {
  const fields = product.model.personalization ?? [];
  const config = studio.snapshot.choices;
  const offered = fields.filter((f) => fieldOffered(studio.compiled, f, config));
  if (offered.length === 0) return null;
  const issues = validatePersonalization(
    studio.compiled,
    Object.fromEntries(
      Object.entries(studio.personalization).filter(([k]) => offered.some((f) => f.id === k)),
    ),
    config,
  );
  return (
    <section id="step-personal" className="step" aria-labelledby="step-personal-title">
      <h2 id="step-personal-title" className="step__title">
        <span className="step__no" aria-hidden="true">
          {number}
        </span>
        Personal touches
      </h2>
      {offered.map((f) => {
        const text = studio.personalization[f.id] ?? '';
        // A required field left empty is said in its label and at ordering, not as an error
        // before the customer has typed anything.
        const issue = text === '' ? undefined : issues.find((i) => i.field === f.id);
        const inputId = `personal-${f.id}`;
        const hint = [
          f.help,
          f.price ? `${formatMoney(f.price, product.model.currency)} when filled in.` : null,
          `Up to ${f.maxLength} characters.`,
        ]
          .filter(Boolean)
          .join(' ');
        return (
          <div key={f.id} className={`field${issue && text ? ' field--invalid' : ''}`}>
            <label htmlFor={inputId}>
              {f.label ?? f.id}
              {f.required ? null : <span className="field__optional"> (optional)</span>}
            </label>
            <input
              id={inputId}
              value={text}
              onChange={(e) => studio.setPersonalization(f.id, e.target.value)}
              aria-invalid={issue ? true : undefined}
              aria-describedby={`${inputId}-hint${issue ? ` ${inputId}-error` : ''}`}
            />
            <p className="field__hint" id={`${inputId}-hint`}>
              {hint} {[...text].length}/{f.maxLength}
            </p>
            {issue ? (
              <p className="field__error" id={`${inputId}-error`}>
                {issue.message.charAt(0).toUpperCase() + issue.message.slice(1)}.
              </p>
            ) : null}
          </div>
        );
      })}
    </section>
  );
}
