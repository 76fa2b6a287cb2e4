// A tenant is a firm. It is the only table without a tenant_id: its id is the tenant.
import { jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { ModelLimits } from '../catalog/serving.ts';

export type TenantSettings = {
  /** ISO 4217 code prices are shown in, e.g. "EUR". */
  currency: string;
  /** IANA time zone delivery dates are computed in, e.g. "Europe/Amsterdam". */
  timezone: string;
  /** Days a guest's unsaved design is kept before it is deleted. */
  guestDesignRetentionDays: number;
  /** Limits on the cost of serving a product model; defaults in catalog/serving.ts. */
  modelLimits?: Partial<ModelLimits>;
  /**
   * Whether a revised design the customer accepts waits for staff approval before it changes an
   * order that has not started production (default: it is applied at once).
   */
  orderChangesNeedApproval?: boolean;
  /**
   * Hours a partner provider has to accept or decline an order routed to it, when the provider
   * has no deadline of its own (default 48, providers/providers.ts `acceptHoursOf`).
   */
  providerAcceptHours?: number;
  /** Minutes an accepted bid's offer holds capacity before it lapses (default 30). */
  bidOfferHoldMinutes?: number;
  /** Hours before the same refused bid (must-haves, flexibility, date) may be made again (24). */
  rebidWaitHours?: number;
  /** What matching maximizes: the most product for the money (default) or the firm's margin. */
  bidObjective?: 'most-product' | 'highest-margin';
  /** Whether refused bidders see "bids like yours were accepted from X" (default false). */
  showAcceptedFrom?: boolean;
  /** Days ahead customer value is projected over (default 365, insights/customer-value.ts). */
  customerValueHorizonDays?: number;
  /** Cost of one service interaction in minor units, for customer value (default 500). */
  costPerInteraction?: number;
  /**
   * Whether the studio counts what guests and customers without research consent do, as
   * anonymous daily totals without any identifier (default true; studio-events/, the privacy
   * notice says so while it is on).
   */
  anonymousStudioAnalytics?: boolean;
};

export const tenants = pgTable('tenants', {
  id: uuid('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  settings: jsonb('settings').$type<TenantSettings>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
