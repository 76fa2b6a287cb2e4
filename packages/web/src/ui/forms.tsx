// Accessible form building blocks shared by the console and the customer area.
// - <TextField>/<SelectField>: a <label>ed input; an error from the server (ApiError.errors, keyed
//   by field path) is shown under it and wired with aria-invalid + aria-describedby.
// - <FormAlert error>: the form-level message (role="alert", announced when it appears).
// - useSubmit(): runs an async action, tracks busy state, keeps the ApiError, and moves focus to
//   the first invalid input after a failed submit.

import {
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
  type InputHTMLAttributes,
  type ReactNode,
  type RefObject,
  type SelectHTMLAttributes,
} from 'react';
import { ApiError } from '../api/client.ts';
import { fieldMessage } from './fieldMessage.ts';

interface FieldChrome {
  label: string;
  /** Server error message for this field, if any. */
  error?: string | undefined;
  hint?: ReactNode;
}

function describedBy(hintId: string | null, errorId: string | null): string | undefined {
  const ids = [hintId, errorId].filter((x): x is string => x !== null);
  return ids.length ? ids.join(' ') : undefined;
}

export type TextFieldProps = FieldChrome & Omit<InputHTMLAttributes<HTMLInputElement>, 'id'>;

export function TextField({ label, error, hint, className, ...input }: TextFieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  return (
    <div className={`field${error ? ' field--invalid' : ''}${className ? ' ' + className : ''}`}>
      <label htmlFor={id}>
        {label}
        {input.required ? null : <span className="field__optional"> (optional)</span>}
      </label>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hintId, errorId)}
        {...input}
      />
      {hint ? (
        <p className="field__hint" id={hintId ?? undefined}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={errorId ?? undefined}>
          {fieldMessage(label, error)}
        </p>
      ) : null}
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

export type SelectFieldProps = FieldChrome &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> & { options: readonly Option[] };

export function SelectField({
  label,
  error,
  hint,
  options,
  className,
  ...select
}: SelectFieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  return (
    <div className={`field${error ? ' field--invalid' : ''}${className ? ' ' + className : ''}`}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hintId, errorId)}
        {...select}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint ? (
        <p className="field__hint" id={hintId ?? undefined}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={errorId ?? undefined}>
          {fieldMessage(label, error)}
        </p>
      ) : null}
    </div>
  );
}

/** The form-level message for a failed request; renders nothing without an error. */
export function FormAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const { title, detail, hasFieldErrors } = describeError(error);
  return (
    <div className="alert alert--error" role="alert">
      <p className="alert__title">{title}</p>
      {detail ? <p>{detail}</p> : null}
      {hasFieldErrors ? <p>Please correct the marked fields.</p> : null}
    </div>
  );
}

export function describeError(error: unknown): {
  title: string;
  detail: string | undefined;
  hasFieldErrors: boolean;
} {
  if (error instanceof ApiError) {
    return {
      title: error.title,
      detail: error.detail,
      hasFieldErrors: error.errors.some((e) => e.field !== ''),
    };
  }
  return {
    title: 'Something went wrong',
    detail: error instanceof Error ? error.message : undefined,
    hasFieldErrors: false,
  };
}

export interface Submit {
  busy: boolean;
  error: unknown;
  fieldErrors: Record<string, string>;
  /** Runs `action`; returns true when it succeeded. */
  run: (action: () => Promise<void>) => Promise<boolean>;
  reset: () => void;
}

export function useSubmit(formRef?: RefObject<HTMLElement | null>): Submit {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const attempt = useRef(0);
  const [focusAttempt, setFocusAttempt] = useState(0);

  const run = useCallback(async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (e) {
      setError(e);
      attempt.current += 1;
      setFocusAttempt(attempt.current);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);

  useEffect(() => {
    if (focusAttempt === 0) return;
    const invalid = formRef?.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    invalid?.focus();
  }, [focusAttempt, formRef]);

  const reset = useCallback(() => setError(null), []);
  const fieldErrors = error instanceof ApiError ? error.fieldErrors() : {};
  return { busy, error, fieldErrors, run, reset };
}
