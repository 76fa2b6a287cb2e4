// SQL for capacity changes and the data a re-plan reads and writes. Every function is scoped by
// tenant.
import { and, asc, desc, eq, gte, inArray, lte, ne, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import { conversations, messages, type MessageKind } from '../dialogue/dialogue.schema.ts';
import {
  orderEvents,
  orders,
  type OrderStatus,
  type RoutingStep,
} from '../orders/orders.schema.ts';
import type { Order } from '../orders/orders.store.ts';
import { capacityBookings, capacityChanges, type CapacityChangeStatus } from './capacity.schema.ts';
import type { CenterCapacity, IsoDate } from './capacity.ts';
import type { WorkCenter } from './capacity.store.ts';

export type CapacityChange = typeof capacityChanges.$inferSelect;

export async function insertCapacityChange(
  db: Db,
  c: Omit<CapacityChange, 'appliedAt' | 'ordersMoved' | 'status'>,
): Promise<CapacityChange> {
  const rows = await db
    .insert(capacityChanges)
    .values({ ...c, status: 'draft' })
    .returning();
  return rows[0]!;
}

export async function getCapacityChange(
  db: Db,
  tenantId: string,
  id: string,
): Promise<CapacityChange | null> {
  const rows = await db
    .select()
    .from(capacityChanges)
    .where(and(eq(capacityChanges.tenantId, tenantId), eq(capacityChanges.id, id)));
  return rows[0] ?? null;
}

/** Newest first; drafts and applied changes that are not over before `from`. */
export async function listCapacityChanges(
  db: Db,
  tenantId: string,
  from: IsoDate,
): Promise<CapacityChange[]> {
  return db
    .select()
    .from(capacityChanges)
    .where(
      and(
        eq(capacityChanges.tenantId, tenantId),
        ne(capacityChanges.status, 'discarded'),
        gte(capacityChanges.lastDay, from),
      ),
    )
    .orderBy(desc(capacityChanges.createdAt))
    .limit(500);
}

/** Applied changes of a center overlapping [firstDay, lastDay]. */
export async function appliedOverlapping(
  db: Db,
  tenantId: string,
  workCenterId: string,
  firstDay: IsoDate,
  lastDay: IsoDate,
): Promise<CapacityChange[]> {
  return db
    .select()
    .from(capacityChanges)
    .where(
      and(
        eq(capacityChanges.tenantId, tenantId),
        eq(capacityChanges.workCenterId, workCenterId),
        eq(capacityChanges.status, 'applied'),
        lte(capacityChanges.firstDay, lastDay),
        gte(capacityChanges.lastDay, firstDay),
      ),
    );
}

/** Moves a change on from `from` (e.g. draft → applied); false when it was no longer `from`. */
export async function setCapacityChangeStatus(
  db: Db,
  tenantId: string,
  id: string,
  from: CapacityChangeStatus,
  to: CapacityChangeStatus,
  extra: { appliedAt?: Date; ordersMoved?: number; apology?: string } = {},
): Promise<boolean> {
  const rows = await db
    .update(capacityChanges)
    .set({ status: to, ...extra })
    .where(
      and(
        eq(capacityChanges.tenantId, tenantId),
        eq(capacityChanges.id, id),
        eq(capacityChanges.status, from),
      ),
    )
    .returning({ id: capacityChanges.id });
  return rows.length === 1;
}

/**
 * The firm's work centers as the scheduler sees them from `from` on: each with its calendar of
 * applied changes (plus `extra`, a draft being previewed). `provider` as in listWorkCenters.
 */
export async function centersWithCalendars(
  db: Db,
  tenantId: string,
  centers: WorkCenter[],
  from: IsoDate,
  extra: Pick<CapacityChange, 'workCenterId' | 'firstDay' | 'lastDay' | 'minutesPerDay'>[] = [],
): Promise<CenterCapacity[]> {
  if (centers.length === 0) return centers;
  const applied = await db
    .select({
      workCenterId: capacityChanges.workCenterId,
      firstDay: capacityChanges.firstDay,
      lastDay: capacityChanges.lastDay,
      minutesPerDay: capacityChanges.minutesPerDay,
    })
    .from(capacityChanges)
    .where(
      and(
        eq(capacityChanges.tenantId, tenantId),
        eq(capacityChanges.status, 'applied'),
        gte(capacityChanges.lastDay, from),
      ),
    )
    .orderBy(asc(capacityChanges.appliedAt));
  if (applied.length === 0 && extra.length === 0) return centers;
  const calendars = new Map<string, Map<IsoDate, number>>();
  for (const c of [...applied, ...extra]) {
    let days = calendars.get(c.workCenterId);
    if (!days) calendars.set(c.workCenterId, (days = new Map()));
    for (let day = c.firstDay; day <= c.lastDay; day = nextDay(day)) days.set(day, c.minutesPerDay);
  }
  return centers.map((c) => {
    const calendar = calendars.get(c.id);
    return calendar ? { ...c, calendar } : c;
  });
}

function nextDay(day: IsoDate): IsoDate {
  const d = new Date(`${day}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Statuses whose orders still have work to do (their bookings may be moved). */
const DONE: ('shipped' | 'delivered' | 'cancelled')[] = ['shipped', 'delivered', 'cancelled'];

export type OpenOrderWork = {
  id: string;
  number: number;
  status: OrderStatus;
  customerId: string | null;
  email: string;
  createdAt: Date;
  leadTimeDays: number;
  promisedDate: IsoDate;
  routing: RoutingStep[];
  providerId: string | null;
  productId: string;
  productVersionId: string;
  choices: Order['choices'];
  bookings: { workCenterId: string; day: IsoDate; minutes: number }[];
};

/**
 * Open orders with bookings at any of `centerIds` from `from` on, each with all its bookings
 * (at every center) from `bookingsFrom` on — the work a re-plan starting then may move.
 */
export async function openOrdersBookedAt(
  db: Db,
  tenantId: string,
  centerIds: string[],
  from: IsoDate,
  bookingsFrom: IsoDate,
): Promise<OpenOrderWork[]> {
  if (centerIds.length === 0) return [];
  const affected = db
    .selectDistinct({ orderId: capacityBookings.orderId })
    .from(capacityBookings)
    .where(
      and(
        eq(capacityBookings.tenantId, tenantId),
        inArray(capacityBookings.workCenterId, centerIds),
        gte(capacityBookings.day, from),
      ),
    );
  const rows = await db
    .select({
      id: orders.id,
      number: orders.number,
      status: orders.status,
      customerId: orders.customerId,
      email: orders.email,
      createdAt: orders.createdAt,
      leadTimeDays: orders.leadTimeDays,
      promisedDate: orders.promisedDate,
      routing: orders.routing,
      providerId: orders.providerId,
      productId: orders.productId,
      productVersionId: orders.productVersionId,
      choices: orders.choices,
    })
    .from(orders)
    .where(
      and(
        eq(orders.tenantId, tenantId),
        notInArray(orders.status, DONE),
        inArray(orders.id, affected),
      ),
    );
  if (rows.length === 0) return [];
  const bookings = await db
    .select({
      orderId: capacityBookings.orderId,
      workCenterId: capacityBookings.workCenterId,
      day: capacityBookings.day,
      minutes: capacityBookings.minutes,
    })
    .from(capacityBookings)
    .where(
      and(
        eq(capacityBookings.tenantId, tenantId),
        gte(capacityBookings.day, bookingsFrom),
        inArray(capacityBookings.orderId, affected),
      ),
    )
    .orderBy(asc(capacityBookings.day));
  const byOrder = new Map<string, OpenOrderWork['bookings']>();
  for (const b of bookings) {
    let list = byOrder.get(b.orderId);
    if (!list) byOrder.set(b.orderId, (list = []));
    list.push({ workCenterId: b.workCenterId, day: b.day, minutes: b.minutes });
  }
  return rows.map((r) => ({ ...r, bookings: byOrder.get(r.id) ?? [] }));
}

/**
 * What a plan was computed from, as one string: every booking from `from` on (order, center,
 * day, minutes) and the promised dates of the orders holding them. Applying compares it with
 * the preview's, so a plan is never applied over bookings that changed since (optimistic
 * concurrency).
 */
export async function bookingsFingerprint(
  db: Db,
  tenantId: string,
  from: IsoDate,
): Promise<string> {
  const rows = await db.execute(sql`
    select count(*)::text as n,
           coalesce(sum(hashtext(b.order_id::text || b.work_center_id::text || b.day::text
                     || b.minutes::text || o.promised_date::text)::bigint), 0)::text as h
    from ${capacityBookings} b join ${orders} o on o.tenant_id = b.tenant_id and o.id = b.order_id
    where b.tenant_id = ${tenantId} and b.day >= ${from}`);
  const r = (rows as unknown as { rows: { n: string; h: string }[] }).rows[0]!;
  return `${r.n}:${r.h}`;
}

// Applying a plan writes each kind of row for all affected orders in one statement: the rows
// travel as one JSON parameter, unpacked by json_to_recordset (the same on PostgreSQL and
// PGlite, and free of the 65,535-parameter limit of a multi-row insert).
const asJson = (rows: unknown[]) => sql`${JSON.stringify(rows)}::json`;

/** Removes the bookings of `orderIds` from `from` on (their remaining work, to be placed again). */
export async function deleteBookingsFrom(
  db: Db,
  tenantId: string,
  orderIds: string[],
  from: IsoDate,
): Promise<void> {
  if (orderIds.length === 0) return;
  await db.execute(sql`
    delete from ${capacityBookings} b
    using json_array_elements_text(${asJson(orderIds)}) as o(id)
    where b.tenant_id = ${tenantId} and b.order_id = o.id::uuid and b.day >= ${from}`);
}

/** Inserts bookings, all in one statement. */
export async function insertBookingsAtOnce(
  db: Db,
  tenantId: string,
  now: Date,
  rows: { id: string; workCenterId: string; orderId: string; day: IsoDate; minutes: number }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into ${capacityBookings} (id, tenant_id, work_center_id, order_id, day, minutes, created_at)
    select r.id, ${tenantId}, r."workCenterId", r."orderId", r.day, r.minutes, ${now}
    from json_to_recordset(${asJson(rows)})
      as r(id uuid, "workCenterId" uuid, "orderId" uuid, day date, minutes int)`);
}

/**
 * Sets the promised date and routing of many orders in one statement; an order moved to a
 * partner (`providerId` set) is routed there, to accept by `routingDeadline`, with its lead time.
 */
export async function updateReplannedOrders(
  db: Db,
  tenantId: string,
  now: Date,
  rows: {
    id: string;
    promisedDate: IsoDate;
    routing: RoutingStep[];
    providerId: string | null;
    routingDeadline: string | null;
    leadTimeDays: number | null;
  }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`
    update ${orders} o set
      promised_date = r."promisedDate",
      routing = r.routing,
      provider_id = coalesce(r."providerId", o.provider_id),
      routing_status = case when r."providerId" is null then o.routing_status else 'routed' end,
      routing_deadline = case when r."providerId" is null then o.routing_deadline
                              else r."routingDeadline" end,
      lead_time_days = coalesce(r."leadTimeDays", o.lead_time_days),
      updated_at = ${now}
    from json_to_recordset(${asJson(rows)}) as r(id uuid, "promisedDate" date, routing jsonb,
      "providerId" uuid, "routingDeadline" timestamptz, "leadTimeDays" int)
    where o.tenant_id = ${tenantId} and o.id = r.id`);
}

/** Order events for many orders (same status before and after), in one statement. */
export async function insertOrderEventsAtOnce(
  db: Db,
  tenantId: string,
  at: Date,
  by: { kind: string; id: string | null; label: string },
  rows: { id: string; orderId: string; status: OrderStatus; note: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into ${orderEvents} (id, tenant_id, order_id, from_status, to_status, by_kind, by_id,
                                by_label, note, at)
    select r.id, ${tenantId}, r."orderId", r.status, r.status, ${by.kind}, ${by.id}::uuid,
           ${by.label}, r.note, ${at}
    from json_to_recordset(${asJson(rows)}) as r(id uuid, "orderId" uuid, status text, note text)`);
}

/**
 * One system message per customer, in one pass: into the conversation about `orderId` (the
 * customer's oldest one, opened when there is none), or — `orderId` null, a message about
 * several orders — into a new conversation about the customer, titled `topic`.
 */
export async function tellCustomersAtOnce(
  db: Db,
  tenantId: string,
  now: Date,
  ids: { uuid(): string },
  kind: MessageKind,
  rows: { customerId: string; orderId: string | null; topic: string; body: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  const aboutOrders = rows.filter((r) => r.orderId !== null);
  const found = new Map<string, string>();
  if (aboutOrders.length > 0) {
    const existing = await db.execute(sql`
      select distinct on (c.customer_id, c.subject_id) c.subject_id::text as "orderId", c.id::text as id
      from ${conversations} c
      join json_to_recordset(${asJson(aboutOrders)}) as r("customerId" uuid, "orderId" uuid)
        on c.customer_id = r."customerId" and c.subject_id = r."orderId"
      where c.tenant_id = ${tenantId} and c.subject_kind = 'order'
      order by c.customer_id, c.subject_id, c.created_at`);
    for (const r of (existing as unknown as { rows: { orderId: string; id: string }[] }).rows)
      found.set(r.orderId, r.id);
  }
  const fresh: { id: string; customerId: string; orderId: string | null; topic: string }[] = [];
  const told: { id: string; conversationId: string; body: string }[] = [];
  for (const r of rows) {
    let conversationId = r.orderId ? found.get(r.orderId) : undefined;
    if (!conversationId) {
      conversationId = ids.uuid();
      fresh.push({
        id: conversationId,
        customerId: r.customerId,
        orderId: r.orderId,
        topic: r.topic,
      });
    }
    told.push({ id: ids.uuid(), conversationId, body: r.body });
  }
  if (fresh.length > 0)
    await db.execute(sql`
      insert into ${conversations} (id, tenant_id, customer_id, subject_kind, subject_id, topic,
                                    status, created_at, last_message_at)
      select r.id, ${tenantId}, r."customerId",
             case when r."orderId" is null then 'customer' else 'order' end, r."orderId", r.topic,
             'open', ${now}, ${now}
      from json_to_recordset(${asJson(fresh)})
        as r(id uuid, "customerId" uuid, "orderId" uuid, topic text)`);
  await db.execute(sql`
    insert into ${messages} (id, tenant_id, conversation_id, author_kind, author_staff_id, kind,
                             body, created_at)
    select r.id, ${tenantId}, r."conversationId", 'system', null, ${kind}, r.body, ${now}
    from json_to_recordset(${asJson(told)}) as r(id uuid, "conversationId" uuid, body text)`);
  await db.execute(sql`
    update ${conversations} c set last_message_at = ${now}
    from json_array_elements_text(${asJson(told.map((t) => t.conversationId))}) as m(id)
    where c.tenant_id = ${tenantId} and c.id = m.id::uuid`);
}
