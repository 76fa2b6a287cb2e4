// Outgoing email (kept in the outbox; sent over SMTP when configured) and outgoing webhooks with
// their durable delivery queue and attempt log.
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.schema.ts';

export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    event: text('event').notNull(),
    toEmail: text('to_email').notNull(),
    subject: text('subject').notNull(),
    /** The message as staff may see it: single-use links' secrets replaced by `[hidden]`. */
    text: text('text').notNull(),
    /**
     * The message as it is delivered, when it differs from `text` (it carries a secret link).
     * Never returned by any API or export; the mail worker sends it. Forgotten (set to null) by
     * the retention job once older than any link it carries (24 hours). Without SMTP (`kept`)
     * this column is the only mailbox, reachable with database access only.
     */
    deliveryText: text('delivery_text'),
    /** The HTML part as staff may see it (secrets hidden), when the message has one. */
    html: text('html'),
    /** The HTML part as delivered, when it differs from `html`; kept and forgotten like `deliveryText`. */
    deliveryHtml: text('delivery_html'),
    /**
     * kept: no SMTP configured, the console shows it. pending: waiting for the mail worker (it
     * retries with backoff); sent: accepted by the SMTP server; failed: gave up.
     */
    status: text('status', { enum: ['kept', 'pending', 'sent', 'failed'] }).notNull(),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    index('outbox_tenant_created').on(t.tenantId, t.createdAt),
    index('outbox_due').on(t.status, t.nextAttemptAt),
  ],
);

export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    /** Shared secret for the HMAC signature; shown once when the endpoint is created. */
    secret: text('secret').notNull(),
    /** Event names delivered; empty means all. */
    events: jsonb('events').$type<string[]>().notNull(),
    active: boolean('active').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('webhook_endpoints_tenant').on(t.tenantId)],
);

/**
 * One event for one endpoint. The body is fixed when the event happens, so every retry sends the
 * same bytes and the same delivery id. A worker claims due rows with FOR UPDATE SKIP LOCKED and a
 * lease (locked_until): if it dies mid-delivery the lease runs out and another worker retries.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    event: text('event').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull(),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [
    index('webhook_deliveries_due').on(t.status, t.nextAttemptAt),
    index('webhook_deliveries_tenant').on(t.tenantId, t.createdAt),
  ],
);

export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('webhook_attempts_delivery').on(t.deliveryId)],
);

/**
 * Per address: the secret of its unsubscribe links, and whether it opted out of non-essential
 * mail. Keyed by the SHA-256 of the lower-cased address so guests can unsubscribe too.
 */
export const mailSubscriptions = pgTable(
  'mail_subscriptions',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    emailHash: text('email_hash').notNull(),
    token: text('token').notNull().unique(),
    unsubscribedAt: timestamp('unsubscribed_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.emailHash] })],
);
