// Studio events (docs/studio-events.md): what customers try in the studio, kept compactly as
// integers (indices into the version's compiled model). Three tables:
// - studio_event_counts: anonymous daily counters per product version, entry path, event type
//   and rule — every recorded event lands here, with or without consent; no session id, no
//   identifier. The insight pages (stuck, funnel) read only these.
// - studio_sessions / studio_events: per-visit rows, ONLY for signed-in customers with the
//   research consent. The visit id is the browser's random per-visit id; no customer id is kept.
// - studio_event_drops: per firm and day, how many events were dropped and why.
import {
  bigint,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.schema.ts';

/** A visit of a customer with research consent (no customer id: the visit is all we keep). */
export const studioSessions = pgTable(
  'studio_sessions',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** The random per-visit id the browser made (never a person's id). */
    visit: uuid('visit').notNull(),
    productId: uuid('product_id').notNull(),
    versionId: uuid('version_id').notNull(),
    /** ENTRY_PATHS index. */
    entry: smallint('entry').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
  },
  (t) => [unique('studio_sessions_visit').on(t.tenantId, t.visit)],
);

/** One event of a consenting customer's visit; features, values and rules are model indices. */
export const studioEvents = pgTable(
  'studio_events',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => studioSessions.id, { onDelete: 'cascade' }),
    /** EVENT_TYPES index. */
    type: smallint('type').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** Index of the feature in the compiled model (ir.features), or null. */
    feature: smallint('feature'),
    /** Index of the value in the feature's domain, or null. */
    value: integer('value'),
    /** Indices of the rules (ir.rules) the engine named, or null. */
    rules: integer('rules').array(),
    /** The server's price (minor units) of the attempted design, or null. */
    price: integer('price'),
  },
  (t) => [index('studio_events_session').on(t.tenantId, t.sessionId)],
);

/**
 * Daily counters, the only source of the insight pages. `rule` is -1 for the event type's own
 * row (funnel), else a rule index of the version. `sessions` counts visits for which this was the
 * first such event (type row) or the first event naming the rule (rule rows).
 */
export const studioEventCounts = pgTable(
  'studio_event_counts',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    productId: uuid('product_id').notNull(),
    versionId: uuid('version_id').notNull(),
    entry: smallint('entry').notNull(),
    type: smallint('type').notNull(),
    rule: integer('rule').notNull(),
    events: integer('events').notNull(),
    sessions: integer('sessions').notNull(),
    /** Sum of the server's prices of designs blocked (conflict_abandoned rule rows), minor units. */
    revenue: bigint('revenue', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({
      name: 'studio_event_counts_pk',
      columns: [t.tenantId, t.day, t.versionId, t.entry, t.type, t.rule],
    }),
    index('studio_event_counts_product').on(t.tenantId, t.productId, t.day),
  ],
);

/** Events dropped at ingestion, per firm, day and reason (never the event itself). */
export const studioEventDrops = pgTable(
  'studio_event_drops',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ name: 'studio_event_drops_pk', columns: [t.tenantId, t.day, t.reason] })],
);
