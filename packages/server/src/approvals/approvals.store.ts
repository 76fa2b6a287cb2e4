// SQL of approvals. Every query is scoped by tenant; a company's rows are read through its id.
import { and, asc, desc, eq, gte, inArray, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import { orders } from '../orders/orders.schema.ts';
import { customers } from '../users/users.schema.ts';
import {
  companyApprovalPolicies,
  companyMemberLimits,
  orderApprovals,
  orderApprovalSteps,
  type ApprovalStatus,
} from './approvals.schema.ts';
import { DEFAULT_POLICY, type Policy } from './approvals.ts';

export type MemberLimits = typeof companyMemberLimits.$inferSelect;
export type OrderApproval = typeof orderApprovals.$inferSelect;
export type ApprovalStep = typeof orderApprovalSteps.$inferSelect;

export async function policyOf(db: Db, tenantId: string, companyId: string): Promise<Policy> {
  const rows = await db
    .select()
    .from(companyApprovalPolicies)
    .where(
      and(
        eq(companyApprovalPolicies.tenantId, tenantId),
        eq(companyApprovalPolicies.companyId, companyId),
      ),
    );
  const p = rows[0];
  return p
    ? {
        paymentTerms: p.paymentTerms,
        allowedPaymentTerms: p.allowedPaymentTerms,
        secondApprovalAbove: p.secondApprovalAbove,
        budgetPeriod: p.budgetPeriod,
      }
    : DEFAULT_POLICY;
}

export async function putPolicy(
  db: Db,
  tenantId: string,
  companyId: string,
  policy: Policy,
  now: Date,
): Promise<void> {
  await db
    .insert(companyApprovalPolicies)
    .values({ tenantId, companyId, ...policy, updatedAt: now })
    .onConflictDoUpdate({
      target: [companyApprovalPolicies.tenantId, companyApprovalPolicies.companyId],
      set: { ...policy, updatedAt: now },
    });
}

export async function limitsOf(
  db: Db,
  tenantId: string,
  customerId: string,
): Promise<MemberLimits | null> {
  const rows = await db
    .select()
    .from(companyMemberLimits)
    .where(
      and(
        eq(companyMemberLimits.tenantId, tenantId),
        eq(companyMemberLimits.customerId, customerId),
      ),
    );
  return rows[0] ?? null;
}

export async function listLimits(
  db: Db,
  tenantId: string,
  companyId: string,
): Promise<MemberLimits[]> {
  return db
    .select()
    .from(companyMemberLimits)
    .where(
      and(eq(companyMemberLimits.tenantId, tenantId), eq(companyMemberLimits.companyId, companyId)),
    );
}

export async function putLimits(db: Db, l: MemberLimits): Promise<MemberLimits> {
  const { tenantId: _t, customerId: _c, ...set } = l;
  const rows = await db
    .insert(companyMemberLimits)
    .values(l)
    .onConflictDoUpdate({
      target: [companyMemberLimits.tenantId, companyMemberLimits.customerId],
      set,
    })
    .returning();
  return rows[0]!;
}

/** What a location's orders of `currency` spent since `from`: placed or later, not cancelled. */
export async function spentSince(
  db: Db,
  tenantId: string,
  locationId: string,
  currency: string,
  from: Date,
): Promise<number> {
  const rows = await db
    .select({ n: sql<string>`coalesce(sum(${orders.total}), 0)` })
    .from(orders)
    .where(
      and(
        eq(orders.tenantId, tenantId),
        eq(orders.locationId, locationId),
        eq(orders.currency, currency),
        gte(orders.createdAt, from),
        notInArray(orders.status, ['cancelled', 'awaiting_approval', 'pending_confirmation']),
      ),
    );
  return Number(rows[0]?.n ?? 0);
}

export async function insertApproval(db: Db, a: OrderApproval): Promise<void> {
  await db.insert(orderApprovals).values(a);
}

export async function approvalOfOrder(
  db: Db,
  tenantId: string,
  orderId: string,
  forUpdate = false,
): Promise<OrderApproval | null> {
  const q = db
    .select()
    .from(orderApprovals)
    .where(and(eq(orderApprovals.tenantId, tenantId), eq(orderApprovals.orderId, orderId)));
  const rows = forUpdate ? await q.for('update') : await q;
  return rows[0] ?? null;
}

export async function stepsOf(db: Db, tenantId: string, approvalIds: string[]) {
  if (approvalIds.length === 0) return [];
  return db
    .select()
    .from(orderApprovalSteps)
    .where(
      and(
        eq(orderApprovalSteps.tenantId, tenantId),
        inArray(orderApprovalSteps.approvalId, approvalIds),
      ),
    )
    .orderBy(asc(orderApprovalSteps.level));
}

export async function insertStep(db: Db, s: ApprovalStep): Promise<void> {
  await db.insert(orderApprovalSteps).values(s);
}

export async function setApprovalStatus(
  db: Db,
  tenantId: string,
  id: string,
  status: ApprovalStatus,
  now: Date,
): Promise<void> {
  await db
    .update(orderApprovals)
    .set({ status, decidedAt: now })
    .where(and(eq(orderApprovals.tenantId, tenantId), eq(orderApprovals.id, id)));
}

/** Approvals with their orders, newest first: a company's (or the whole firm's: companyId null). */
export async function listApprovals(
  db: Db,
  tenantId: string,
  filter: { companyId: string | null; buyerId?: string; status?: ApprovalStatus; limit: number },
) {
  return db
    .select({ approval: orderApprovals, order: orders })
    .from(orderApprovals)
    .innerJoin(
      orders,
      and(eq(orders.tenantId, orderApprovals.tenantId), eq(orders.id, orderApprovals.orderId)),
    )
    .where(
      and(
        eq(orderApprovals.tenantId, tenantId),
        ...(filter.companyId ? [eq(orderApprovals.companyId, filter.companyId)] : []),
        ...(filter.buyerId ? [eq(orderApprovals.buyerId, filter.buyerId)] : []),
        ...(filter.status ? [eq(orderApprovals.status, filter.status)] : []),
      ),
    )
    .orderBy(desc(orderApprovals.createdAt), desc(orderApprovals.id))
    .limit(filter.limit);
}

/** The company's members who may approve (role approver or admin), with their limits. */
export async function approversOf(db: Db, tenantId: string, companyId: string) {
  return db
    .select({ customer: customers, approvalLimit: companyMemberLimits.approvalLimit })
    .from(customers)
    .leftJoin(
      companyMemberLimits,
      and(
        eq(companyMemberLimits.tenantId, customers.tenantId),
        eq(companyMemberLimits.customerId, customers.id),
      ),
    )
    .where(
      and(
        eq(customers.tenantId, tenantId),
        eq(customers.businessAccountId, companyId),
        inArray(customers.businessRole, ['approver', 'admin']),
      ),
    )
    .orderBy(asc(customers.name));
}
