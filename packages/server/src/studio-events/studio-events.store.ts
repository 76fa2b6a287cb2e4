// SQL of studio events; every query is scoped by tenant. A batch's drops and counters are one
// statement (upserts that add to the day's rows; its rows as one JSON parameter, sorted, so
// concurrent batches lock the same counter rows in the same order); a consenting visit's events
// one more.
import { and, eq, gte, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import type { CountDelta, DropReason, ParsedEvent } from './studio-events.ts';
import { studioEventCounts, studioEventDrops, studioSessions } from './studio-events.schema.ts';

export type CounterKey = {
  day: string;
  productId: string;
  versionId: string;
  entry: number;
};

/**
 * A batch's drops and counter increments, in ONE statement (atomic on its own: no transaction,
 * one round trip). The rows travel as one JSON parameter each, not one parameter per value.
 * `key` null: nothing is counted (only drops).
 */
export async function addBatch(
  db: Db,
  tenantId: string,
  day: string,
  key: CounterKey | null,
  deltas: CountDelta[],
  drops: Map<DropReason, number>,
): Promise<void> {
  const dropRows = JSON.stringify([...drops].map(([reason, count]) => ({ reason, count })));
  const countRows = JSON.stringify(key ? deltas : []);
  await db.execute(sql`
    with dropped as (
      insert into studio_event_drops as d (tenant_id, day, reason, count)
      select ${tenantId}, ${day}::date, x.reason, x.count
      from jsonb_to_recordset(${dropRows}::jsonb) as x(reason text, count int)
      on conflict (tenant_id, day, reason) do update set count = d.count + excluded.count)
    insert into studio_event_counts as c
      (tenant_id, day, product_id, version_id, entry, type, rule, events, sessions, revenue)
    select ${tenantId}, ${day}::date, ${key?.productId ?? null}::uuid,
      ${key?.versionId ?? null}::uuid, ${key?.entry ?? 0}::smallint, x.type, x.rule, x.events,
      x.sessions, x.revenue
    from jsonb_to_recordset(${countRows}::jsonb)
      as x(type smallint, rule int, events int, sessions int, revenue bigint)
    order by x.type, x.rule
    on conflict (tenant_id, day, version_id, entry, type, rule) do update set
      events = c.events + excluded.events,
      sessions = c.sessions + excluded.sessions,
      revenue = c.revenue + excluded.revenue`);
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
  const rows = JSON.stringify(
    events.map((e) => ({
      type: e.type,
      feature: e.feature,
      value: e.value,
      rules: e.rules.length > 0 ? e.rules : null,
      price: e.price,
    })),
  );
  await db.execute(sql`
    insert into studio_events (tenant_id, session_id, type, at, feature, value, rules, price)
    select ${tenantId}, ${sessionId}, x.type, ${at}, x.feature, x.value, x.rules, x.price
    from jsonb_to_recordset(${rows}::jsonb)
      as x(type smallint, feature smallint, value int, rules int[], price int)`);
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
