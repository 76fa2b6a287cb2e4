// Campaigns: a message template sent to a segment of consenting customers, with a random
// hold-out group kept to measure what the campaign earned. One row per campaign, one row per
// recipient (its arm, its state), and the firm's frequency cap.
import { sql } from 'drizzle-orm';
import {
  doublePrecision,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.schema.ts';
import { customers } from '../users/users.schema.ts';

export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'sending', 'sent', 'cancelled'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const campaigns = pgTable(
  'campaigns',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Templates with personal fields (`{{name}}`, campaigns/template.ts), checked at save. */
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    /** A customer-value segment (insights), or null: every consenting customer. */
    segment: text('segment'),
    /** Percent of the audience kept back (gets nothing), 0–50. */
    holdoutPercent: integer('holdout_percent').notNull(),
    /** Days after sending in which a recipient's orders count for the campaign. */
    attributionDays: integer('attribution_days').notNull(),
    /** The personal offer the mail carries (offers module); null: none. */
    offerId: uuid('offer_id'),
    status: text('status', { enum: CAMPAIGN_STATUSES }).notNull(),
    /** When to start sending (scheduled). */
    scheduledAt: timestamp('scheduled_at', { withTimezone: true }),
    /**
     * The seed of the hold-out draw, fixed when the audience is queued: each customer's draw is
     * md5(seed || customer id) as a fraction, so the assignment can be recomputed and checked.
     */
    seed: text('seed'),
    /** When the audience was queued: the attribution window of both arms starts here. */
    queuedAt: timestamp('queued_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('campaigns_tenant_id').on(t.tenantId, t.id),
    index('campaigns_due').on(t.status, t.scheduledAt),
  ],
);

export const RECIPIENT_STATES = ['queued', 'sent', 'skipped', 'holdout'] as const;
export type RecipientState = (typeof RECIPIENT_STATES)[number];
export const SKIP_REASONS = ['no-consent', 'frequency-cap', 'unsubscribed'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/**
 * One customer of a queued campaign. `arm` is fixed at queueing (mail or holdout); `state` moves
 * queued → sent | skipped exactly once, in the transaction that writes the mail to the outbox.
 */
export const campaignRecipients = pgTable(
  'campaign_recipients',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    campaignId: uuid('campaign_id').notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    arm: text('arm', { enum: ['mail', 'holdout'] }).notNull(),
    /** The customer's draw in [0, 1): hold-out when below holdoutPercent / 100. */
    draw: doublePrecision('draw').notNull(),
    state: text('state', { enum: RECIPIENT_STATES }).notNull(),
    skipReason: text('skip_reason', { enum: SKIP_REASONS }),
    /** The outbox row of the mail (no foreign key: the outbox is pruned on its own terms). */
    mailId: uuid('mail_id'),
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.campaignId, t.customerId] }),
    foreignKey({
      columns: [t.tenantId, t.campaignId],
      foreignColumns: [campaigns.tenantId, campaigns.id],
      name: 'campaign_recipients_campaign_fk',
    }).onDelete('cascade'),
    index('campaign_recipients_queued')
      .on(t.campaignId, t.customerId)
      .where(sql`state = 'queued'`),
    index('campaign_recipients_customer').on(t.tenantId, t.customerId, t.doneAt),
  ],
);

/** The firm's frequency cap: at most `maxMails` campaign mails per customer per `perDays` days. */
export const campaignSettings = pgTable('campaign_settings', {
  tenantId: uuid('tenant_id')
    .primaryKey()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  maxMails: integer('max_mails').notNull(),
  perDays: integer('per_days').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
