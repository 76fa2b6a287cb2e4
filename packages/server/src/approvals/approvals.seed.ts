// The demo company's approvals: Acme pays net 30 (net 60 or prepaid on request), needs a second
// approval above €25,000 and budgets its locations per month. The buyer belongs to the Design
// studio (budget €10,000) and may order up to €5,000 without approval, so 10 laptops wait for
// the approver (Head office, approves up to €50,000); the admin approves any amount.
//
// Only in the demo firm (`demo`): the firms the server tests make (alpha, beta) keep their
// buyers unlimited, so other modules' order tests stay about their own subject; the approval
// tests set limits through the API.
import { and, eq } from 'drizzle-orm';
import { companyLocations } from '../companies/companies.schema.ts';
import type { DemoSeedContext } from '../seed/demo.ts';
import { businessAccounts, customers } from '../users/users.schema.ts';
import { putLimits, putPolicy } from './approvals.store.ts';

export const DEMO_APPROVALS = {
  buyerOrderLimit: 500_000,
  approverLimit: 5_000_000,
  secondApprovalAbove: 2_500_000,
};

export async function seedDemoApprovals(ctx: DemoSeedContext): Promise<void> {
  const { db, clock, tenant } = ctx;
  if (tenant.slug !== 'demo') return;
  const now = clock.now();
  const [acme] = await db
    .select()
    .from(businessAccounts)
    .where(
      and(eq(businessAccounts.tenantId, tenant.id), eq(businessAccounts.name, 'Acme Interiors')),
    );
  if (!acme) return;
  await putPolicy(
    db,
    tenant.id,
    acme.id,
    {
      paymentTerms: 'net30',
      allowedPaymentTerms: ['net30', 'net60', 'prepaid'],
      secondApprovalAbove: DEMO_APPROVALS.secondApprovalAbove,
      budgetPeriod: 'month',
    },
    now,
  );
  const locations = await db
    .select()
    .from(companyLocations)
    .where(and(eq(companyLocations.tenantId, tenant.id), eq(companyLocations.companyId, acme.id)));
  const at = (name: string) => locations.find((l) => l.name === name)?.id ?? null;
  const people = await db
    .select()
    .from(customers)
    .where(and(eq(customers.tenantId, tenant.id), eq(customers.businessAccountId, acme.id)));
  for (const p of people) {
    const limits =
      p.businessRole === 'buyer'
        ? {
            locationId: at('Design studio'),
            orderLimit: DEMO_APPROVALS.buyerOrderLimit,
            approvalLimit: null,
          }
        : p.businessRole === 'approver'
          ? {
              locationId: at('Head office'),
              orderLimit: null,
              approvalLimit: DEMO_APPROVALS.approverLimit,
            }
          : { locationId: at('Head office'), orderLimit: null, approvalLimit: null };
    await putLimits(db, {
      tenantId: tenant.id,
      customerId: p.id,
      companyId: acme.id,
      ...limits,
      updatedAt: now,
      updatedBy: 'demo',
    });
  }
}
