// Approvals of company orders (issue 12): a company's approval policy (payment terms, when a
// second approval is needed, the budget period), each member's cost center and spend limits,
// and per order the approval it waits for with every decision taken on it.
import {
  bigint,
  foreignKey,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { companyLocations } from '../companies/companies.schema.ts';
import { orders } from '../orders/orders.schema.ts';
import { tenants } from '../tenants/tenants.schema.ts';
import { businessAccounts, customers } from '../users/users.schema.ts';

/** Payment terms a firm offers companies: pay before production, or within N days of invoice. */
export const PAYMENT_TERMS = ['prepaid', 'net15', 'net30', 'net45', 'net60'] as const;
export type PaymentTerms = (typeof PAYMENT_TERMS)[number];

export const BUDGET_PERIODS = ['month', 'quarter', 'year'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

export const companyApprovalPolicies = pgTable(
  'company_approval_policies',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    companyId: uuid('company_id').notNull(),
    /** The terms an order gets unless the buyer picks another of `allowedPaymentTerms`. */
    paymentTerms: text('payment_terms', { enum: PAYMENT_TERMS }).notNull(),
    allowedPaymentTerms: jsonb('allowed_payment_terms').$type<PaymentTerms[]>().notNull(),
    /** Orders above this total (minor units) need a second approval; null: one is enough. */
    secondApprovalAbove: bigint('second_approval_above', { mode: 'number' }),
    /** The period a location's budget covers (calendar month, quarter or year, UTC). */
    budgetPeriod: text('budget_period', { enum: BUDGET_PERIODS }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('company_approval_policies_company').on(t.tenantId, t.companyId),
    foreignKey({
      columns: [t.tenantId, t.companyId],
      foreignColumns: [businessAccounts.tenantId, businessAccounts.id],
      name: 'company_approval_policies_company_fk',
    }).onDelete('cascade'),
  ],
);

export const companyMemberLimits = pgTable(
  'company_member_limits',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    companyId: uuid('company_id').notNull(),
    /** The member's cost center: its budget is charged, its addresses go on the order. */
    locationId: uuid('location_id'),
    /** An order above this total (minor units) waits for approval; null: no per-order limit. */
    orderLimit: bigint('order_limit', { mode: 'number' }),
    /** An approver approves orders up to this total; null: any amount. */
    approvalLimit: bigint('approval_limit', { mode: 'number' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    /** Who set it last: a staff member's or the company admin's label. */
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [
    unique('company_member_limits_customer').on(t.tenantId, t.customerId),
    foreignKey({
      columns: [t.tenantId, t.companyId],
      foreignColumns: [businessAccounts.tenantId, businessAccounts.id],
      name: 'company_member_limits_company_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.tenantId, t.locationId],
      foreignColumns: [companyLocations.tenantId, companyLocations.id],
      name: 'company_member_limits_location_fk',
    }).onDelete('set null'),
  ],
);

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** Why an order waits: over the buyer's per-order limit, or over the cost center's budget. */
export type ApprovalReason =
  | { kind: 'order-limit'; limit: number; currency: string }
  | { kind: 'budget'; budget: number; spent: number; period: BudgetPeriod; currency: string };

export const orderApprovals = pgTable(
  'order_approvals',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    orderId: uuid('order_id').notNull(),
    companyId: uuid('company_id').notNull(),
    /** Who ordered (a member of the company): never one of the approvers. */
    buyerId: uuid('buyer_id').notNull(),
    locationId: uuid('location_id'),
    status: text('status', { enum: APPROVAL_STATUSES }).notNull(),
    /** 1, or 2 when the total is above the company's `secondApprovalAbove`. */
    requiredLevels: integer('required_levels').notNull(),
    reasons: jsonb('reasons').$type<ApprovalReason[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    unique('order_approvals_order').on(t.tenantId, t.orderId),
    unique('order_approvals_tenant_id').on(t.tenantId, t.id),
    foreignKey({
      columns: [t.tenantId, t.orderId],
      foreignColumns: [orders.tenantId, orders.id],
      name: 'order_approvals_order_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.tenantId, t.companyId],
      foreignColumns: [businessAccounts.tenantId, businessAccounts.id],
      name: 'order_approvals_company_fk',
    }).onDelete('cascade'),
  ],
);

/** One decision per level: the unique (approval, level) makes a double approval impossible. */
export const orderApprovalSteps = pgTable(
  'order_approval_steps',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    approvalId: uuid('approval_id').notNull(),
    level: integer('level').notNull(),
    decision: text('decision', { enum: ['approved', 'rejected'] }).notNull(),
    byCustomerId: uuid('by_customer_id'),
    byLabel: text('by_label').notNull(),
    reason: text('reason'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('order_approval_steps_level').on(t.approvalId, t.level),
    foreignKey({
      columns: [t.tenantId, t.approvalId],
      foreignColumns: [orderApprovals.tenantId, orderApprovals.id],
      name: 'order_approval_steps_approval_fk',
    }).onDelete('cascade'),
  ],
);
