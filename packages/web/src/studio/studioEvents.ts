// Studio events (docs/studio-events.md): what a visit to the studio runs into — excluded options
// opened, explanations read, "Choose it anyway", conflicts left behind — and how far it gets
// (saved, quoted, ordered), sent in small batches to the firm. A visit is named by a random id
// made here, in memory only (never stored, never a person's id); events carry model ids and
// values only — never personal measurements (customer-input features), personalization texts,
// names or emails. The server decides what it keeps (visit rows under research consent, else
// anonymous counts where the firm allows them).
import { createContext, useContext } from 'react';
import type { Choices, ProductModel, Value } from '@customerize/engine';

export type EntryPath = 'needs' | 'options' | 'preset' | 'remix' | 'name_your_price';

export type StudioEvent = {
  type:
    | 'studio_opened'
    | 'excluded_opened'
    | 'why_read'
    | 'chose_anyway'
    | 'conflict_abandoned'
    | 'design_saved'
    | 'quoted'
    | 'ordered';
  first?: boolean;
  feature?: string;
  value?: Value;
  rules?: string[];
  firstRules?: string[];
  design?: Choices;
};

export type Batch = { visit: string; versionId: string; entry: EntryPath; events: StudioEvent[] };

/** Sends one batch; `leaving` when the page is going away (the request must outlive it). */
export type Sender = (batch: Batch, leaving: boolean) => void;

/** How often queued events are sent, and the most one batch carries (the server's limit). */
export const FLUSH_MS = 4000;
export const MAX_BATCH = 200;

export interface StudioTracker {
  readonly versionId: string;
  /** How the studio was entered. A provisional path (a blank design) gives way to the next one
   * given before the customer's first action (naming a price straight away). */
  enter(path: EntryPath, provisional?: boolean): void;
  excludedOpened(feature: string, value: Value, rules: string[], design: Choices): void;
  whyRead(feature: string, value: Value, rules: string[]): void;
  choseAnyway(feature: string, value: Value, rules: string[], design: Choices): void;
  designSaved(): void;
  quoted(): void;
  ordered(): void;
  /** Sends what is queued now (`leaving`: the page is being hidden or closed). */
  flush(leaving?: boolean): void;
  /** The page is going away: an open conflict counts as abandoned, then everything is sent. */
  leave(): void;
  /** Nothing happened yet but the opening (no way in chosen, no event). */
  idle(): boolean;
}

const NOOP: StudioTracker = {
  versionId: '',
  enter() {},
  excludedOpened() {},
  whyRead() {},
  choseAnyway() {},
  designSaved() {},
  quoted() {},
  ordered() {},
  flush() {},
  leave() {},
  idle: () => true,
};

function randomVisitId(): string {
  return globalThis.crypto.randomUUID();
}

/**
 * A visit's tracker. Events wait until the entry path is known (the customer's first way in),
 * then go out every FLUSH_MS and when the page is hidden. `first` and `firstRules` mark the
 * first event of a type and the first mention of a rule in the visit, so the firm can count
 * visits without any id.
 */
export function createStudioTracker(options: {
  model: ProductModel;
  versionId: string;
  send: Sender;
  /** Entered from a gallery remix link (`?remix=`): the path is fixed from the start. */
  entry?: EntryPath;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
  visit?: string;
}): StudioTracker {
  const visit = options.visit ?? randomVisitId();
  const personal = new Set(options.model.features.filter((f) => f.customerInput).map((f) => f.id));
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((t) => clearTimeout(t as number));
  let entry: EntryPath | null = options.entry ?? null;
  let locked = options.entry !== undefined;
  const queue: StudioEvent[] = [{ type: 'studio_opened', first: true }];
  const seen = new Set<StudioEvent['type']>(['studio_opened']);
  const touched = new Set<string>();
  let conflict: { feature: string; value: Value; rules: string[]; design: Choices } | null = null;
  let timer: unknown = null;
  /** Whether the customer began (a way in chosen, an event, a batch sent). */
  let begun = false;

  /** The design without the customer's own measurements (never sent). */
  const designOf = (choices: Choices): Choices =>
    Object.fromEntries(Object.entries(choices).filter(([f]) => !personal.has(f)));
  const valueOf = (feature: string, value: Value) => (personal.has(feature) ? {} : { value });

  const schedule = () => {
    if (timer !== null || !locked) return;
    timer = setTimer(() => {
      timer = null;
      flush(false);
    }, FLUSH_MS);
  };
  const push = (event: StudioEvent) => {
    if (!seen.has(event.type)) {
      seen.add(event.type);
      event.first = true;
    }
    if (event.rules) {
      const fresh = event.rules.filter((r) => !touched.has(r));
      fresh.forEach((r) => touched.add(r));
      if (fresh.length) event.firstRules = fresh;
    }
    queue.push(event);
    schedule();
  };
  const act = () => {
    begun = true;
    if (!locked) {
      entry ??= 'options';
      locked = true;
    }
  };
  function flush(leaving = false) {
    if (timer !== null) {
      clearTimer(timer);
      timer = null;
    }
    if (leaving) act();
    if (!locked || queue.length === 0) return;
    begun = true;
    while (queue.length > 0)
      options.send(
        { visit, versionId: options.versionId, entry: entry!, events: queue.splice(0, MAX_BATCH) },
        leaving,
      );
  }

  return {
    versionId: options.versionId,
    enter(path, provisional = false) {
      begun = true;
      if (locked) return;
      entry = path;
      if (!provisional) locked = true;
      schedule();
    },
    excludedOpened(feature, value, rules, design) {
      if (rules.length === 0) return;
      act();
      conflict = { feature, value, rules, design: designOf(design) };
      push({
        type: 'excluded_opened',
        feature,
        ...valueOf(feature, value),
        rules,
        design: designOf(design),
      });
    },
    whyRead(feature, value, rules) {
      if (rules.length === 0) return;
      act();
      push({ type: 'why_read', feature, ...valueOf(feature, value), rules });
    },
    choseAnyway(feature, value, rules, design) {
      if (rules.length === 0) return;
      act();
      conflict = null;
      push({
        type: 'chose_anyway',
        feature,
        ...valueOf(feature, value),
        rules,
        design: designOf(design),
      });
    },
    designSaved() {
      act();
      conflict = null;
      push({ type: 'design_saved' });
    },
    quoted() {
      act();
      push({ type: 'quoted' });
    },
    ordered() {
      act();
      conflict = null;
      push({ type: 'ordered' });
    },
    flush,
    idle: () => !begun && queue.length === 1 && queue[0]!.type === 'studio_opened',
    leave() {
      if (conflict) {
        const { feature, value, rules, design } = conflict;
        conflict = null;
        push({ type: 'conflict_abandoned', feature, ...valueOf(feature, value), rules, design });
      }
      flush(true);
    },
  };
}

/**
 * Sends a batch to the shop with fetch `keepalive`, so a batch sent while the page is hidden or
 * closed still arrives (sendBeacon cannot carry the CSRF header a signed-in customer's cookie
 * session needs). Failures are ignored: insight must never get in the customer's way.
 */
export function shopSender(tenant: string, csrfToken: () => string | null): Sender {
  return (batch) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const token = csrfToken();
    if (token) headers['x-csrf-token'] = token;
    void globalThis
      .fetch(`/api/v1/shop/${encodeURIComponent(tenant)}/studio-events`, {
        method: 'POST',
        headers,
        body: JSON.stringify(batch),
        credentials: 'include',
        keepalive: true,
      })
      .catch(() => undefined);
  };
}

/**
 * The current visit's tracker, kept across the studio's pages (the product studio, then the saved
 * design the customer orders from): in memory only, gone on reload.
 */
let current: StudioTracker | null = null;
let listening = false;

/** Makes `tracker` the current visit (ending the previous one) and sends its events when the
 * page is hidden (flush) or left (an open conflict is then abandoned). */
export function startVisit(tracker: StudioTracker): StudioTracker {
  // A visit that has not begun is replaced silently (React's development mode makes every
  // component's state twice; a real visit left for another product is ended).
  if (current && current !== tracker && !current.idle()) current.leave();
  current = tracker;
  if (!listening && typeof window !== 'undefined') {
    listening = true;
    window.addEventListener('pagehide', () => current?.leave());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') current?.flush(true);
    });
  }
  return tracker;
}

/** The visit in progress for this product version, or a tracker that records nothing. */
export function visitFor(versionId: string | null): StudioTracker {
  return current && versionId && current.versionId === versionId ? current : NOOP;
}

export const StudioEventsContext = createContext<StudioTracker>(NOOP);

export function useStudioEvents(): StudioTracker {
  return useContext(StudioEventsContext);
}
