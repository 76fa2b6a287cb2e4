// Bids ("name your price"): what a customer offered to pay for which must-haves by which date,
// the firm's answer, and — while an accepted offer is open — the capacity it holds at the chosen
// provider. The floor figures are kept for the firm's statistics only and never answered.
import {
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Value } from '@customerize/engine';
import { workCenters } from '../capacity/capacity.schema.ts';
import { tenants } from '../tenants/tenants.schema.ts';

export const BID_STATUSES = ['accepted', 'refused', 'expired', 'converted'] as const;
export type BidStatus = (typeof BID_STATUSES)[number];

/** The binding offer of an accepted bid: the exact design, where and when it is built. */
export type BidOffer = {
  choices: Record<string, Value>;
  listPrice: number;
  currency: string;
  promisedDate: string;
  leadTimeDays: number;
  providerId: string | null;
  providerName: string;
  expiresAt: string;
  /** The schedule the hold was booked from (becomes the order's routing). */
  routing: {
    center: string;
    operation: string;
    hours: number;
    final: boolean;
    startDate: string;
    endDate: string;
  }[];
};

/** Internal: the chosen provider's cost and floor for the offered design (staff statistics). */
export type BidFloor = { providerId: string | null; cost: number; floor: number; margin: number };

export const bids = pgTable(
  'bids',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    productId: uuid('product_id').notNull(),
    versionId: uuid('version_id').notNull(),
    customerId: uuid('customer_id'),
    /** A guest's email (signed-in customers: their account's, for the order mail). */
    email: text('email'),
    /** SHA-256 of the bid's private token (the guest's link; the order token after confirm). */
    tokenHash: text('token_hash').notNull(),
    /** SHA-256 of a guest's client address (rebid and rate rules), never the address itself. */
    clientHash: text('client_hash'),
    mustHave: jsonb('must_have').$type<Record<string, Value>>().notNull(),
    flexible: jsonb('flexible').$type<Record<string, Value[]>>().notNull(),
    personalization: jsonb('personalization').$type<Record<string, string>>().notNull(),
    price: integer('price').notNull(),
    currency: text('currency').notNull(),
    latestDate: date('latest_date', { mode: 'string' }).notNull(),
    status: text('status', { enum: BID_STATUSES }).notNull(),
    offer: jsonb('offer').$type<BidOffer>(),
    /** When an accepted offer lapses (null otherwise). */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    /** What a refused customer can do (computed from public information at refusal). */
    suggestions: jsonb('suggestions')
      .$type<({ kind: 'raise-price' | 'later-date' } | { kind: 'relax'; features: string[] })[]>()
      .notNull()
      .default([]),
    floor: jsonb('floor').$type<BidFloor>(),
    /** SHA-256 of what makes a rebid "the same": product, must-haves, flexibility, date. */
    rebidKeyHash: text('rebid_key_hash').notNull(),
    orderId: uuid('order_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('bids_tenant_id').on(t.tenantId, t.id),
    index('bids_tenant_created').on(t.tenantId, t.createdAt),
    index('bids_tenant_rebid').on(t.tenantId, t.rebidKeyHash, t.createdAt),
    index('bids_tenant_customer').on(t.tenantId, t.customerId, t.createdAt),
    index('bids_expires').on(t.expiresAt),
  ],
);

/**
 * Capacity an accepted offer holds at its provider's work centers until `expiresAt`. The
 * capacity query counts a hold only while unexpired, so an unconfirmed offer frees its capacity
 * exactly at expiry, before maintenance deletes the row.
 */
export const bidHolds = pgTable(
  'bid_holds',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    bidId: uuid('bid_id').notNull(),
    workCenterId: uuid('work_center_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    minutes: integer('minutes').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('bid_holds_center_day').on(t.tenantId, t.workCenterId, t.day),
    index('bid_holds_bid').on(t.tenantId, t.bidId),
    index('bid_holds_expires').on(t.expiresAt),
    foreignKey({
      columns: [t.tenantId, t.bidId],
      foreignColumns: [bids.tenantId, bids.id],
      name: 'bid_holds_bid_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.tenantId, t.workCenterId],
      foreignColumns: [workCenters.tenantId, workCenters.id],
      name: 'bid_holds_center_fk',
    }).onDelete('cascade'),
  ],
);
