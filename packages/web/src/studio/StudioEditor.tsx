// The studio editor: the model's groups as numbered steps, each feature with its options. Every
// option shows whether it is available, its price effect and delivery effect (from the engine,
// in the browser), and how popular it is. An unavailable option explains why in words and offers
// "Choose it anyway", which applies the engine's minimal change and shows what changed, with Undo.
import { useId, useState, type ReactNode } from 'react';
import type { Explanation, FeatureDef, ProductModel, Value, ValueInfo } from '@customerize/engine';
import { validatePersonalization, fieldOffered } from '@customerize/engine';
import type { Studio } from './useStudio.ts';
import { changeText, explanationText } from './explain.ts';
import { formatDays, formatDelta, formatMoney } from './format.ts';
import { featureLabel, stepsOf, valueDescription, valueLabel, valuePrice } from './model.ts';

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

  const pick = (feature: string, value: Value) => {
    const explanation = studio.select(feature, value);
    setBlocked(explanation ? { feature, value, explanation } : null);
  };

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
              currency={currency}
              infos={studio.snapshot.values[f.id] ?? []}
              chosen={studio.snapshot.choices[f.id]}
              popularity={product.popularity[f.id]}
              blocked={blocked?.feature === f.id ? blocked : null}
              onPick={(v) => pick(f.id, v)}
              onClear={() => {
                studio.unselect(f.id);
                setBlocked(null);
              }}
              onAnyway={() => {
                if (!blocked) return;
                studio.chooseAnyway(blocked.feature, blocked.value);
                setBlocked(null);
              }}
              onKeep={() => setBlocked(null)}
              change={
                studio.lastChange?.feature === f.id ? (
                  <ChangeNotice model={model} studio={studio} />
                ) : null
              }
              model={model}
            />
          ))}
        </section>
      ))}
      <PersonalizationStep product={product} studio={studio} number={steps.length + 1} />
    </div>
  );
}

function ChangeNotice({ model, studio }: { model: ProductModel; studio: Studio }) {
  const change = studio.lastChange;
  if (!change) return null;
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
        <button type="button" className="button button--small" onClick={studio.undo}>
          Undo
        </button>
        <button
          type="button"
          className="button button--small button--ghost"
          onClick={studio.dismissChange}
        >
          OK
        </button>
      </div>
    </div>
  );
}

interface FeatureBlockProps {
  feature: FeatureDef;
  model: ProductModel;
  currency: string;
  infos: ValueInfo[];
  chosen: Value | undefined;
  popularity: Record<string, number> | undefined;
  blocked: Blocked | null;
  change: ReactNode;
  onPick: (value: Value) => void;
  onClear: () => void;
  onAnyway: () => void;
  onKeep: () => void;
}

function FeatureBlock(props: FeatureBlockProps) {
  const { feature: f, infos, chosen, currency, blocked } = props;
  const id = useId();
  const helpId = `${id}-help`;
  const chosenPrice = valuePrice(f, chosen);
  const meta = (info: ValueInfo): string => {
    if (!info.available) return 'Not available with your choices';
    const parts = [formatDelta(valuePrice(f, info.value) - chosenPrice, currency)];
    if (info.ranges) {
      const d = info.ranges.leadTimeDays;
      parts.push(`ready in ${formatDays(d.min, d.max)}`);
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
          <span className="feature__todo"> · to choose</span>
        ) : (
          <span className="feature__chosen"> · {valueLabel(f, chosen)}</span>
        )}
      </legend>
      {f.help ? (
        <p className="feature__help" id={helpId}>
          {f.help}
        </p>
      ) : null}
      {f.type === 'int' ? (
        <div className="feature__int">
          <label htmlFor={`${id}-select`} className="visually-hidden">
            {featureLabel(f)}
          </label>
          <select
            id={`${id}-select`}
            className="select"
            value={chosen === undefined ? '' : String(chosen)}
            onChange={(e) => {
              if (e.target.value === '') props.onClear();
              else props.onPick(Number(e.target.value));
            }}
          >
            <option value="">Choose…</option>
            {infos.map((info) => (
              <option key={String(info.value)} value={String(info.value)}>
                {valueLabel(f, info.value)}
                {info.available ? '' : ' — not available with your choices'}
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
                  onChange={() => props.onPick(info.value)}
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
        <button type="button" className="link-button feature__clear" onClick={props.onClear}>
          Clear {featureLabel(f).toLowerCase()}
        </button>
      ) : null}
      {blocked ? (
        <BlockedNotice
          model={props.model}
          feature={f}
          blocked={blocked}
          onAnyway={props.onAnyway}
          onKeep={props.onKeep}
        />
      ) : null}
      {props.change}
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
  const { reasons, conflicts } = explanationText(model, blocked.explanation);
  const name = valueLabel(feature, blocked.value);
  const possible = conflicts.length > 0;
  return (
    <div className="notice notice--blocked" role="alert">
      <p className="notice__title">
        {possible
          ? `${name} is not possible with your current choices.`
          : `${name} cannot be built in any design.`}
      </p>
      {reasons.length ? (
        <ul>
          {reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      ) : null}
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
        const issue = issues.find((i) => i.field === f.id);
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
