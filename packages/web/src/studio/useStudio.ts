// The studio's configuration state: one engine Session over the compiled model, running in the
// browser, so a click answers without a round trip. Every action updates the session and bumps a
// version; the snapshot (choices, every value's availability/ranges/explanation, overall ranges
// and the local price quote) is recomputed once per version.
import { useCallback, useMemo, useRef, useState } from 'react';
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
 * Availability and ranges of every value, like Session.values() but without explanations: the
 * editor asks for an explanation only when the customer picks an excluded value (select()
 * returns it), which keeps a click within a frame on models with many excluded values.
 */
export function availability(session: Session): Record<string, ValueInfo[]> {
  const b = session.compiled.backend;
  const choices = session.choices();
  // A company's approved space (issue 12): every query sees the session's restrictions.
  const restrictions = session.restrictions();
  const q = restrictions.length ? { restrictions } : undefined;
  const dom = b.domains(choices, q);
  const chosenIds = Object.keys(choices);
  let alt: Record<string, Value[]>;
  if (b.alternatives) alt = b.alternatives(choices, q);
  else {
    alt = {};
    for (const f of chosenIds) {
      const others = { ...choices };
      delete others[f];
      alt[f] = b.domains(others, q)[f] ?? [];
    }
  }
  const ranges = b.valueRanges(choices, q);
  const overall = chosenIds.length ? b.ranges(choices, q) : undefined;
  const out: Record<string, ValueInfo[]> = {};
  for (const feat of session.compiled.ir.features) {
    const chosen = choices[feat.id];
    const avail = new Set(chosen !== undefined ? alt[feat.id] : dom[feat.id]);
    const byValue = new Map((ranges[feat.id] ?? []).map((r) => [r.value, r.ranges]));
    out[feat.id] = feat.values.map((value): ValueInfo => {
      if (!avail.has(value)) {
        // Left out by the company's approval itself: said so on the value, no engine pass needed.
        const by = restrictions.filter((r) => r.allowed[feat.id]?.includes(value) === false);
        return by.length
          ? {
              value,
              available: false,
              explanation: {
                conflicting: [],
                rules: [],
                restrictions: by.map((r) => ({ id: r.id, message: r.message ?? r.id })),
              },
            }
          : { value, available: false };
      }
      const r = chosen === value ? overall : byValue.get(value);
      return { value, available: true, ...(r ? { ranges: r } : {}) };
    });
  }
  return out;
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
    chooseAnyway,
    lastChange,
    undo,
    dismissChange,
    unselect,
    reset,
    complete,
  };
}
