// One customer's history as staff read it: every kind of event in one list, oldest first.
// Events carry what staff need to recognise them (names, statuses, amounts) and never a secret:
// no token or password hash, no bid floor, no message text.

import { formatMoney } from '../http/money.ts';

export const TIMELINE_KINDS = [
  'design',
  'design-version',
  'order',
  'order-status',
  'order-change',
  'conversation',
  'revision',
  'feedback',
  'bid',
  'consent',
  'campaign',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export type TimelineEvent = {
  at: Date;
  kind: TimelineKind;
  /** One line for people, e.g. "Order 12 placed (1,250.00 EUR)". */
  summary: string;
  /** The record the event is about (design, order, conversation, bid), if any. */
  refId: string | null;
};

/** Oldest first; events at the same instant in the order of TIMELINE_KINDS, then by summary. */
export function inTimeOrder(events: TimelineEvent[]): TimelineEvent[] {
  const rank = (k: TimelineKind) => TIMELINE_KINDS.indexOf(k);
  return [...events].sort(
    (x, y) =>
      x.at.getTime() - y.at.getTime() ||
      rank(x.kind) - rank(y.kind) ||
      (x.summary < y.summary ? -1 : x.summary > y.summary ? 1 : 0),
  );
}

/**
 * "EUR 1,250.00" from minor units, with the currency's own minor units (JPY none, BHD three):
 * the same words as every other message (http/money.ts).
 */
export function money(minor: number, currency: string): string {
  return formatMoney(minor, currency);
}

export function eventView(e: TimelineEvent) {
  return { at: e.at.toISOString(), kind: e.kind, summary: e.summary, refId: e.refId };
}
