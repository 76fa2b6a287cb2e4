// SQL of studio events; every query is scoped by tenant. A batch is written with one multi-row
// statement per table (counters and drops are upserts that add to the day's row).
import { and, eq, gte, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import type { CountDelta, DropReason, ParsedEvent } from './studio-events.ts';
import {
  studioEventCounts,
  studioEventDrops,
  studioEvents,
  studioSessions,
} from './studio-events.schema.ts';

export type CounterKey = {
  day: string;
  productId: string;
  versionId: string;
  entry: number;
};

export async function addCounts(
  db: Db,
  tenantId: string,
  key: CounterKey,
  deltas: CountDelta[],
): Promise<void> {
  if (deltas.length === 0) return;
  await db
    .insert(studioEventCounts)
    .values(deltas.map((d) => ({ tenantId, ...key, ...d })))
    .onConflictDoUpdate({
      target: [
        studioEventCounts.tenantId,
        studioEventCounts.day,
        studioEventCounts.versionId,
        studioEventCounts.entry,
        studioEventCounts.type,
        studioEventCounts.rule,
      ],
      set: {
        events: sql`${studioEventCounts.events} + excluded.events`,
        sessions: sql`${studioEventCounts.sessions} + excluded.sessions`,
        revenue: sql`${studioEventCounts.revenue} + excluded.revenue`,
      },
    });
}

export async function addDrops(
  db: Db,
  tenantId: string,
  day: string,
  drops: Map<DropReason, number>,
): Promise<void> {
  if (drops.size === 0) return;
  await db
    .insert(studioEventDrops)
    .values([...drops].map(([reason, count]) => ({ tenantId, day, reason, count })))
    .onConflictDoUpdate({
      target: [studioEventDrops.tenantId, studioEventDrops.day, studioEventDrops.reason],
      set: { count: sql`${studioEventDrops.count} + excluded.count` },
    });
}

/** The visit's row (made on its first batch); its id for the events. */
export async function visitSession(
  db: Db,
  tenantId: string,
  row: { id: string; visit: string; productId: string; versionId: string; entry: number; at: Date },
): Promise<string> {
  const inserted = await db
    .insert(studioSessions)
    .values({
      id: row.id,
      tenantId,
      visit: row.visit,
      productId: row.productId,
      versionId: row.versionId,
      entry: row.entry,
      openedAt: row.at,
    })
    .onConflictDoNothing()
    .returning({ id: studioSessions.id });
  if (inserted[0]) return inserted[0].id;
  const [existing] = await db
    .select({ id: studioSessions.id })
    .from(studioSessions)
    .where(and(eq(studioSessions.tenantId, tenantId), eq(studioSessions.visit, row.visit)));
  return existing!.id;
}

export async function insertSessionEvents(
  db: Db,
  tenantId: string,
  sessionId: string,
  at: Date,
  events: ParsedEvent[],
): Promise<void> {
  if (events.length === 0) return;
  await db.insert(studioEvents).values(
    events.map((e) => ({
      tenantId,
      sessionId,
      type: e.type,
      at,
      feature: e.feature,
      value: e.value,
      rules: e.rules.length > 0 ? e.rules : null,
      price: e.price,
    })),
  );
}

export type CountRow = {
  productId: string;
  versionId: string;
  entry: number;
  type: number;
  rule: number;
  events: number;
  sessions: number;
  revenue: number;
};

/** The counters of a period summed over days (optionally one product). */
export async function sumCounts(
  db: Db,
  tenantId: string,
  range: { from: string; to: string; productId?: string },
  onlyTypeRows = false,
): Promise<CountRow[]> {
  const c = studioEventCounts;
  const rows = await db
    .select({
      productId: c.productId,
      versionId: c.versionId,
      entry: c.entry,
      type: c.type,
      rule: c.rule,
      events: sql<number>`sum(${c.events})::int`,
      sessions: sql<number>`sum(${c.sessions})::int`,
      revenue: sql<number>`sum(${c.revenue})::bigint`,
    })
    .from(c)
    .where(
      and(
        eq(c.tenantId, tenantId),
        gte(c.day, range.from),
        lte(c.day, range.to),
        ...(range.productId ? [eq(c.productId, range.productId)] : []),
        ...(onlyTypeRows ? [eq(c.rule, -1)] : []),
      ),
    )
    .groupBy(c.productId, c.versionId, c.entry, c.type, c.rule);
  return rows.map((r) => ({ ...r, revenue: Number(r.revenue) }));
}

export async function sumDrops(
  db: Db,
  tenantId: string,
  range: { from: string; to: string },
): Promise<{ reason: string; count: number }[]> {
  const d = studioEventDrops;
  return db
    .select({ reason: d.reason, count: sql<number>`sum(${d.count})::int` })
    .from(d)
    .where(and(eq(d.tenantId, tenantId), gte(d.day, range.from), lte(d.day, range.to)))
    .groupBy(d.reason)
    .orderBy(d.reason);
}
