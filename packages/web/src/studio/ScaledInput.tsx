// The input of an int feature with a display scale: the customer reads and types the number as
// written on their paper (−2.50 D, "-2,50" works too) and the engine receives the integer (-10).
// What cannot be a value (between two steps, out of range, not a number) is said right under
// the input; nothing is chosen until the text is a value. Commits on Enter and when leaving.
import { useId, useState } from 'react';
import { formatScaled, parseScaled, type IntFeature, type ValueInfo } from '@customerize/engine';
import { featureLabel } from './model.ts';
import { decimalSeparator } from './format.ts';

export function ScaledInput({
  feature: f,
  chosen,
  infos,
  onPick,
  onClear,
}: {
  feature: IntFeature & { display: NonNullable<IntFeature['display']> };
  chosen: number | undefined;
  infos: ValueInfo[];
  onPick: (value: number) => void;
  onClear: () => void;
}) {
  const id = useId();
  const display = f.display;
  const decimal = decimalSeparator();
  const show = (value: number, d = display) => formatScaled(value, d, { decimal });
  // What the customer is typing (and what is wrong with it), while the chosen value is the one
  // they typed over: a value chosen elsewhere (fill in, undo, a preset) replaces the draft.
  const [typed, setTyped] = useState<{ over: number | undefined; text: string } | null>(null);
  const [wrong, setWrong] = useState<{ over: number | undefined; message: string } | null>(null);
  const draft = typed && typed.over === chosen ? typed.text : null;
  const error = wrong && wrong.over === chosen ? wrong.message : null;
  const setDraft = (text: string | null) => setTyped(text === null ? null : { over: chosen, text });
  const setError = (message: string | null) =>
    setWrong(message === null ? null : { over: chosen, message });
  const text =
    draft ?? (chosen === undefined ? '' : formatScaled(chosen, display, { unit: false, decimal }));

  const commit = () => {
    if (draft === null) return;
    if (draft.trim() === '') {
      setDraft(null);
      setError(null);
      if (chosen !== undefined) onClear();
      return;
    }
    const parsed = parseScaled(draft, display, f, { decimal });
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    setError(null);
    setDraft(null);
    if (parsed.value !== chosen) onPick(parsed.value);
  };

  const step = f.step ?? 1;
  const last = f.min + Math.floor((f.max - f.min) / step) * step;
  const available = infos.filter((i) => i.available).map((i) => i.value as number);
  const low = available.length ? Math.min(...available) : undefined;
  const high = available.length ? Math.max(...available) : undefined;
  const narrower =
    low === undefined || high === undefined || (low === f.min && high === last)
      ? ''
      : low === high
        ? ` With your other choices: only ${show(low)}.`
        : ` With your other choices: ${show(low)} to ${show(high)}.`;
  const hint = `From ${show(f.min)} to ${show(last)} in steps of ${show(step, { ...display, signed: false })}.${narrower}`;
  const inputId = `${id}-input`;

  return (
    <div className={`feature__int feature__scaled${error ? ' field--invalid' : ''}`}>
      <label htmlFor={inputId} className="visually-hidden">
        {featureLabel(f)}
      </label>
      <span className="feature__scaled-input">
        <input
          id={inputId}
          className="feature__number"
          type="text"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          placeholder={formatScaled(0, display, { unit: false, decimal })}
          value={text}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
          onChange={(e) => {
            setDraft(e.target.value);
            if (error) setError(null);
          }}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              commit();
            }
          }}
        />
        {display.unit ? <span className="feature__unit">{display.unit}</span> : null}
      </span>
      <p className="field__hint" id={`${id}-hint`}>
        {hint}
      </p>
      {error ? (
        <p className="field__error" id={`${id}-error`} role="alert">
          {error}.
        </p>
      ) : null}
    </div>
  );
}
