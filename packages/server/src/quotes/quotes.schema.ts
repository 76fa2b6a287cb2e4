// eQuotes: a firm's written offer to a company — lines (design × quantity) at the company's
// contract prices and any extra discount sales gave, valid until a date, with payment terms; won
// when a buyer converts it into an order, lost when staff say so, expired when its date passed
// (computed from the clock, never stored). The firm's quote settings hold the minimum margin and
// the cost basis the margin guard checks against.
import { sql } from 'drizzle-orm';
import {
  check,
  date,
  foreignKey,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { orders } from '../orders/orders.schema.ts';
import { tenants } from '../tenants/tenants.schema.ts';
import { businessAccounts } from '../users/users.schema.ts';
import type { QuoteLine } from './quotes.ts';

export const QUOTE_STATUSES = ['open', 'won', 'lost'] as const;
export type StoredQuoteStatus = (typeof QUOTE_STATUSES)[number];
export const APPROVAL_STATES = ['not_needed', 'pending', 'approved'] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];

export const quotes = pgTable(
  'quotes',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** Q-<number>, counted per firm from 1. */
    number: integer('number').notNull(),
    companyId: uuid('company_id').notNull(),
    /** The company buyer who asked for it (or it is addressed to); null: the company as a whole. */
    customerId: uuid('customer_id'),
    status: text('status', { enum: QUOTE_STATUSES }).notNull(),
    /** Last day (in the firm's time zone) the quote can be converted. */
    validUntil: date('valid_until', { mode: 'string' }).notNull(),
    paymentTerms: text('payment_terms').notNull(),
    notes: text('notes').notNull(),
    currency: text('currency').notNull(),
    priceListId: uuid('price_list_id'),
    priceListName: text('price_list_name'),
    lines: jsonb('lines').$type<QuoteLine[]>().notNull(),
    listTotal: integer('list_total').notNull(),
    total: integer('total').notNull(),
    /** What the lines cost the firm (see quotes.ts `costOfLine`). */
    costTotal: integer('cost_total').notNull(),
    /** The firm's minimum margin when the quote was last priced, in basis points of cost. */
    minMarginBp: integer('min_margin_bp').notNull(),
    approval: text('approval', { enum: APPROVAL_STATES }).notNull(),
    approvedByLabel: text('approved_by_label'),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    lostReason: text('lost_reason'),
    orderId: uuid('order_id'),
    /** 1 when made, +1 on every edit while open. */
    revision: integer('revision').notNull(),
    createdByKind: text('created_by_kind').notNull(),
    createdById: uuid('created_by_id'),
    createdByLabel: text('created_by_label').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('quotes_tenant_id').on(t.tenantId, t.id),
    unique('quotes_tenant_number').on(t.tenantId, t.number),
    // A quote converts at most once, and an order comes from at most one quote.
    unique('quotes_tenant_order').on(t.tenantId, t.orderId),
    check('quotes_won_has_order', sql`(${t.status} = 'won') = (${t.orderId} is not null)`),
    foreignKey({
      columns: [t.tenantId, t.companyId],
      foreignColumns: [businessAccounts.tenantId, businessAccounts.id],
      name: 'quotes_company_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.tenantId, t.orderId],
      foreignColumns: [orders.tenantId, orders.id],
      name: 'quotes_order_fk',
    }),
  ],
);

/**
 * The firm's quote settings: the minimum margin sales may quote without the owner's approval, and
 * the cost basis used where no cost is modelled for a product (percent of list price).
 */
export const quoteSettings = pgTable('quote_settings', {
  tenantId: uuid('tenant_id')
    .primaryKey()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  minMarginBp: integer('min_margin_bp').notNull(),
  estimatedCostBp: integer('estimated_cost_bp').notNull(),
  validityDays: integer('validity_days').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
