// "Where customers get stuck" and the funnel, computed from the daily counters (pre-aggregated at
// ingestion, so a period of a million events is a few thousand rows). Plain functions over the
// summed counter rows and what the models say about their rules.
import { ENTRY_PATHS, EVENT_TYPES, FUNNEL_STEPS, type EntryPath } from './studio-events.ts';
import type { CountRow } from './studio-events.store.ts';

export type ProductInfo = { id: string; slug: string; name: string; currency: string };
/** Per version: rule index → id and message (from the version's compiled model). */
export type VersionRules = Map<string, { id: string; message: string }[]>;

export type StuckRule = {
  productId: string;
  productSlug: string;
  productName: string;
  rule: string;
  message: string;
  excludedOpened: number;
  whyRead: number;
  choseAnyway: number;
  abandoned: number;
  /** Studio sessions in which the rule was named at least once. */
  sessions: number;
  /** sessions / studio sessions opened for the product in the period (0 when none opened). */
  share: number;
  /** Sum of the server's prices of the designs abandoned after a conflict the rule was part of. */
  revenueBlocked: number;
  currency: string;
};

export type ProductSessions = ProductInfo & { sessionsOpened: number };

const type = (name: (typeof EVENT_TYPES)[number]) => EVENT_TYPES.indexOf(name);

/** Studio sessions opened per product (the denominator of each rule's share). */
export function sessionsOpened(rows: CountRow[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows)
    if (r.rule === -1 && r.type === type('studio_opened'))
      out.set(r.productId, (out.get(r.productId) ?? 0) + r.sessions);
  return out;
}

/**
 * Every rule customers ran into, per product, merged across the product's versions by rule id
 * (the message of the newest version that has it), sorted by sessions touched, then by how often
 * its exclusions were opened, then by id.
 */
export function stuckRules(
  rows: CountRow[],
  products: Map<string, ProductInfo>,
  rulesOf: VersionRules,
  versionOrder: Map<string, number>,
): StuckRule[] {
  const opened = sessionsOpened(rows);
  const out = new Map<string, StuckRule & { newest: number }>();
  for (const r of rows) {
    if (r.rule < 0) continue;
    const product = products.get(r.productId);
    const rule = rulesOf.get(r.versionId)?.[r.rule];
    if (!product || !rule) continue;
    const key = `${r.productId}\u0000${rule.id}`;
    const newest = versionOrder.get(r.versionId) ?? 0;
    let row = out.get(key);
    if (!row) {
      row = {
        productId: product.id,
        productSlug: product.slug,
        productName: product.name,
        rule: rule.id,
        message: rule.message,
        excludedOpened: 0,
        whyRead: 0,
        choseAnyway: 0,
        abandoned: 0,
        sessions: 0,
        share: 0,
        revenueBlocked: 0,
        currency: product.currency,
        newest,
      };
      out.set(key, row);
    }
    if (newest > row.newest) {
      row.message = rule.message;
      row.newest = newest;
    }
    if (r.type === type('excluded_opened')) row.excludedOpened += r.events;
    if (r.type === type('why_read')) row.whyRead += r.events;
    if (r.type === type('chose_anyway')) row.choseAnyway += r.events;
    if (r.type === type('conflict_abandoned')) {
      row.abandoned += r.events;
      row.revenueBlocked += r.revenue;
    }
    row.sessions += r.sessions;
  }
  return [...out.values()]
    .map(({ newest: _newest, ...row }) => {
      const total = opened.get(row.productId) ?? 0;
      return { ...row, share: total > 0 ? Math.min(1, row.sessions / total) : 0 };
    })
    .sort(
      (a, b) =>
        b.sessions - a.sessions ||
        b.excludedOpened - a.excludedOpened ||
        a.productSlug.localeCompare(b.productSlug) ||
        a.rule.localeCompare(b.rule),
    );
}

export type FunnelRow = {
  productId: string;
  productSlug: string;
  productName: string;
  /** An entry path, or `all` for the product as a whole. */
  entry: EntryPath | 'all';
  opened: number;
  saved: number;
  quoted: number;
  ordered: number;
  /** Each step's sessions over the sessions opened (0 when none opened). */
  savedRate: number;
  quotedRate: number;
  orderedRate: number;
};

/**
 * Sessions reaching each step, per product (every product listed, `all` first) and per entry
 * path that has sessions. A session counts at a step once (its first such event).
 */
export function funnel(rows: CountRow[], products: ProductInfo[]): FunnelRow[] {
  const step = new Map<number, keyof Pick<FunnelRow, 'opened' | 'saved' | 'quoted' | 'ordered'>>([
    [type(FUNNEL_STEPS[0]), 'opened'],
    [type(FUNNEL_STEPS[1]), 'saved'],
    [type(FUNNEL_STEPS[2]), 'quoted'],
    [type(FUNNEL_STEPS[3]), 'ordered'],
  ]);
  const out: FunnelRow[] = [];
  const blank = (p: ProductInfo, entry: FunnelRow['entry']): FunnelRow => ({
    productId: p.id,
    productSlug: p.slug,
    productName: p.name,
    entry,
    opened: 0,
    saved: 0,
    quoted: 0,
    ordered: 0,
    savedRate: 0,
    quotedRate: 0,
    orderedRate: 0,
  });
  for (const p of products) {
    const all = blank(p, 'all');
    const byEntry = new Map<number, FunnelRow>();
    for (const r of rows) {
      const name = step.get(r.type);
      if (r.productId !== p.id || r.rule !== -1 || !name) continue;
      const entryName = ENTRY_PATHS[r.entry];
      if (!entryName) continue;
      const row = byEntry.get(r.entry) ?? blank(p, entryName);
      byEntry.set(r.entry, row);
      row[name] += r.sessions;
      all[name] += r.sessions;
    }
    const rate = (n: number, of: number) => (of > 0 ? n / of : 0);
    for (const row of [
      all,
      ...[...byEntry.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]),
    ]) {
      row.savedRate = rate(row.saved, row.opened);
      row.quotedRate = rate(row.quoted, row.opened);
      row.orderedRate = rate(row.ordered, row.opened);
      out.push(row);
    }
  }
  return out;
}
