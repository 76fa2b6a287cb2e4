// The studio's configuration state: one engine Session over the compiled model, running in the
// browser, so a click answers without a round trip. Every action updates the session and bumps a
// version; the snapshot (choices, every value's availability and ranges, overall ranges and the
// local price quote) is recomputed once per version. Explanations are asked for on demand.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  createSession,
  missingCustomerInput,
  priceOf,
  type Change,
  type Choices,
  type CompiledModel,
  type Explanation,
  type Objective,
  type Quote,
  type Ranges,
  type Restriction,
  type Session,
  type Value,
  type ValueInfo,
} from '@customerize/engine';

export interface StudioSnapshot {
  choices: Choices;
  values: Record<string, ValueInfo[]>;
  ranges: Ranges;
  quote: Quote;
  complete: boolean;
  /** Customer-input features (measurements, prescription) not entered yet, in model order:
   * only the customer gives them — no proposal or fill-in does — and ordering waits for them. */
  missingInput: string[];
  /** Complete designs: lead time (days) if one chosen option were swapped for an available
   * alternative, by feature then value — the delivery effect shown on those alternatives. */
  swapLead: Record<string, Record<string, number>>;
}

/** The last "choose it anyway": what changed, and the choices to go back to. */
export interface AppliedChange {
  feature: string;
  value: Value;
  changes: Change[];
  previous: Choices;
}

export interface Studio {
  compiled: CompiledModel;
  snapshot: StudioSnapshot;
  personalization: Record<string, string>;
  setPersonalization: (field: string, text: string) => void;
  /** Selects an available value; for an excluded one returns the explanation and changes nothing. */
  select: (feature: string, value: Value) => Explanation | null;
  /** Why an excluded value is excluded (minimal change and rules), computed when asked; null
   * when it is available. Explanations are prefetched in idle time, so this is usually free. */
  explain: (feature: string, value: Value) => Explanation | null;
  chooseAnyway: (feature: string, value: Value) => AppliedChange;
  lastChange: AppliedChange | null;
  undo: () => void;
  dismissChange: () => void;
  unselect: (feature: string) => void;
  /** Replaces every choice (preset, saved version, proposal), applied in the given order. */
  reset: (choices: Choices, personalization?: Record<string, string>) => void;
  /** Fills every open feature with the engine's optimal completion — except the customer's own
   * input, which stays open; false when none exists. */
  complete: (objective: Objective) => boolean;
}

/**
 * Availability and ranges of every value (Session.values(): one step's passes, no
 * explanations — the editor asks for one only when the customer opens an excluded value, and
 * prefetches them in idle time), which keeps a click within a frame on models with many
 * excluded values. A value the company's approval leaves out names it on the value itself.
 */
export function availability(session: Session): Record<string, ValueInfo[]> {
  const values = session.values();
  for (const infos of Object.values(values))
    for (const info of infos)
      if (info.explanation?.restrictions)
        info.explanation.restrictions = info.explanation.restrictions.map((r) => ({
          id: r.id,
          message: r.message ?? r.id,
        }));
  return values;
}

export function snapshotOf(
  session: Session,
  personalization: Record<string, string>,
): StudioSnapshot {
  const choices = session.choices();
  const features = session.compiled.model.features;
  const values = availability(session);
  const complete = features.every((f) => choices[f.id] !== undefined);
  // Lead time aggregates over the chosen options only, so for a complete design the swap's
  // lead time is exact from the option properties (no engine pass needed).
  const swapLead: Record<string, Record<string, number>> = {};
  if (complete) {
    for (const f of features) {
      if (f.type === 'int') continue;
      const byValue: Record<string, number> = {};
      for (const info of values[f.id] ?? []) {
        if (!info.available || info.value === choices[f.id]) continue;
        byValue[String(info.value)] = priceOf(session.compiled, {
          ...choices,
          [f.id]: info.value,
        }).leadTimeDays;
      }
      swapLead[f.id] = byValue;
    }
  }
  return {
    choices,
    values,
    ranges: session.ranges(),
    quote: priceOf(session.compiled, choices, personalization),
    complete,
    missingInput: missingCustomerInput(session.compiled, choices),
    swapLead,
  };
}

const NO_RESTRICTIONS: readonly Restriction[] = [];

export function useStudio(
  compiled: CompiledModel,
  initial: Choices,
  initialPersonalization: Record<string, string> = {},
  /** What the customer's company approved (empty: no restriction); fixed for the studio's life. */
  restrictions: readonly Restriction[] = NO_RESTRICTIONS,
): Studio {
  const session = useRef<Session | null>(null);
  const owner = useRef<CompiledModel | null>(null);
  const opts = restrictions.length ? { restrictions } : {};
  if (session.current === null || owner.current !== compiled) {
    session.current = createSession(compiled, initial, opts);
    owner.current = compiled;
  }
  const [version, setVersion] = useState(0);
  const [personalization, setPersonalizationState] = useState(initialPersonalization);
  const [lastChange, setLastChange] = useState<AppliedChange | null>(null);
  const bump = useCallback(() => setVersion((v) => v + 1), []);

  const snapshot = useMemo(
    () => snapshotOf(session.current!, personalization),
    // `version` stands for the session's mutable state.
    [version, personalization, compiled],
  );

  // Idle time after a step explains the excluded values one by one (the backend keeps the
  // answers for the step's choices), so opening one shows its explanation at once. A new step
  // stops the prefetch of the previous one. Only on the decision diagram, where one explanation
  // takes about a millisecond; a SAT explanation can take longer than an idle slice.
  useEffect(() => {
    const s = session.current!;
    if (s.compiled.stats.backend !== 'bdd') return;
    const pending: Array<[string, Value]> = [];
    for (const [f, infos] of Object.entries(snapshot.values))
      for (const info of infos)
        if (!info.available && !info.explanation) pending.push([f, info.value]);
    return prefetchInIdle(() => {
      const next = pending.shift();
      if (next) s.explain(next[0], next[1]);
      return pending.length > 0;
    });
  }, [snapshot]);

  const explain = useCallback(
    (feature: string, value: Value) => session.current!.explain(feature, value),
    [],
  );

  const select = useCallback(
    (feature: string, value: Value) => {
      const result = session.current!.select(feature, value);
      if (!result.ok) return result.explanation;
      setLastChange(null);
      bump();
      return null;
    },
    [bump],
  );

  const chooseAnyway = useCallback(
    (feature: string, value: Value) => {
      const previous = session.current!.choices();
      const changes = session.current!.selectAnyway(feature, value);
      const applied = { feature, value, changes, previous };
      setLastChange(applied);
      bump();
      return applied;
    },
    [bump],
  );

  const undo = useCallback(() => {
    setLastChange((change) => {
      if (change) session.current = createSession(compiled, change.previous, opts);
      return null;
    });
    bump();
    // `opts` follows `restrictions`, which are fixed for the studio’s life.
  }, [bump, compiled]);

  const unselect = useCallback(
    (feature: string) => {
      session.current!.unselect(feature);
      setLastChange(null);
      bump();
    },
    [bump],
  );

  const reset = useCallback(
    (choices: Choices, nextPersonalization?: Record<string, string>) => {
      session.current = createSession(compiled, choices, opts);
      if (nextPersonalization) setPersonalizationState(nextPersonalization);
      setLastChange(null);
      bump();
    },
    [bump, compiled],
  );

  const complete = useCallback(
    (objective: Objective) => {
      const s = session.current!;
      const best = s.optimize(objective);
      if (!best) return false;
      const chosen = s.choices();
      for (const [f, v] of Object.entries(best)) if (chosen[f] === undefined) s.select(f, v);
      setLastChange(null);
      bump();
      return true;
    },
    [bump],
  );

  const dismissChange = useCallback(() => setLastChange(null), []);

  const setPersonalization = useCallback((field: string, text: string) => {
    setPersonalizationState((p) => ({ ...p, [field]: text }));
  }, []);

  return {
    compiled,
    snapshot,
    personalization,
    setPersonalization,
    select,
    explain,
    chooseAnyway,
    lastChange,
    undo,
    dismissChange,
    unselect,
    reset,
    complete,
  };
}

/**
 * Runs `work` (one small unit per call; true while more is left) in the browser's idle time,
 * a few milliseconds at a time; the returned function cancels it. Without idle callbacks (old
 * browsers, tests) nothing runs: explanations are then computed when asked.
 */
function prefetchInIdle(work: () => boolean): () => void {
  const w = globalThis as typeof globalThis & {
    requestIdleCallback?: (cb: (d: { timeRemaining(): number }) => void) => number;
    cancelIdleCallback?: (id: number) => void;
  };
  if (!w.requestIdleCallback || !w.cancelIdleCallback) return () => {};
  const request = w.requestIdleCallback;
  let id = 0;
  let stopped = false;
  const run = (deadline: { timeRemaining(): number }): void => {
    let more = true;
    while (!stopped && more && deadline.timeRemaining() > 4) more = work();
    if (!stopped && more) id = request(run);
  };
  id = request(run);
  return () => {
    stopped = true;
    w.cancelIdleCallback!(id);
  };
}
