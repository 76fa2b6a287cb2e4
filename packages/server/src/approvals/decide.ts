// An approver decides a waiting order. Rejecting cancels it (nothing was booked). Approving a
// level below the last waits for the next approver; the last approval re-checks the order as
// placing it would (published version, approved space, validity, price against what was
// ordered) and books its capacity now — the date may have moved while it waited, which the
// buyer is told — then the order is placed. All in one transaction under the firm's capacity
// lock, with the approval row locked: two approvers clicking at once book it exactly once.
import { and, asc, eq } from 'drizzle-orm';
import type { CompiledModel } from '@customerize/engine';
import { insertBookings, lockCapacity } from '../capacity/capacity.store.ts';
import { compiledVersion } from '../catalog/catalog.ts';
import { getVersionSummary } from '../catalog/catalog.store.ts';
import { assertInApprovedSpace, assertLinesInApprovedSpace } from '../companies/approved-space.ts';
import type { PriceListRef } from '../contracts/contract-pricing.ts';
import { orderLines } from '../contracts/contracts.schema.ts';
import { contractPriceFor } from '../contracts/contracts.ts';
import { lineSubjects } from '../contracts/line-orders.ts';
import { approvedDesignsOf, type DesignContract } from '../contracts/buyer-contract.ts';
import { quotes } from '../quotes/quotes.schema.ts';
import { quoteLines, type LineRequest, type LineSubject } from '../contracts/quote-lines.ts';
import type { AppDeps } from '../deps.ts';
import type { Db } from '../db/types.ts';
import { Conflict, Forbidden, NotFound } from '../http/errors.ts';
import { formatMoney } from '../http/money.ts';
import { orders, type RoutingStep } from '../orders/orders.schema.ts';
import { getOrderForUpdate, insertOrderEvent, type Order } from '../orders/orders.store.ts';
import { quoteDesign } from '../studio/quote.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { getBusinessAccount, getCustomer } from '../users/users.store.ts';
import type { Customer } from '../users/users.ts';
import { cannotDecide } from './approvals.ts';
import {
  approvalOfOrder,
  approversOf,
  insertStep,
  limitsOf,
  setApprovalStatus,
  stepsOf,
  type OrderApproval,
} from './approvals.store.ts';
import { mailApprovers, mailBuyer } from './approvals-mail.ts';

/** What re-checking an order needs, loaded before the transaction (models, line subjects). */
export type Recheck =
  | {
      kind: 'lines';
      requests: LineRequest[];
      subjects: LineSubject[];
      list: PriceListRef | null;
      /** Placed from a firm's quote: its agreed prices stand (quotes/), the rest is re-checked. */
      agreed: boolean;
    }
  | { kind: 'single'; compiled: CompiledModel; contract: DesignContract | null };

export async function recheckInputs(
  deps: Pick<AppDeps, 'db' | 'compute'>,
  tenantId: string,
  orderId: string,
): Promise<Recheck | null> {
  const { db } = deps;
  const order = await db
    .select()
    .from(orders)
    .where(and(eq(orders.tenantId, tenantId), eq(orders.id, orderId)));
  if (!order[0]) return null;
  const rows = await db
    .select()
    .from(orderLines)
    .where(and(eq(orderLines.tenantId, tenantId), eq(orderLines.orderId, orderId)))
    .orderBy(asc(orderLines.position));
  const buyer = order[0].customerId ? await getCustomer(db, tenantId, order[0].customerId) : null;
  // Priced as it was ordered: the buyer's contract at the order's location.
  const list = await contractPriceFor(db, tenantId, buyer, { locationId: order[0].locationId });
  if (rows.length === 0) {
    const compiled = await compiledVersion(db, tenantId, order[0].productVersionId);
    const approvedConfigurationId = list
      ? await approvedDesignsOf(db, tenantId, buyer)(
          {
            versionId: order[0].productVersionId,
            choices: order[0].choices,
            personalization: {},
            quantity: 1,
          },
          order[0].productId,
          compiled,
        )
      : null;
    return {
      kind: 'single',
      compiled,
      contract: list ? { list, approvedConfigurationId } : null,
    };
  }
  const requests = rows.map((r) => ({
    versionId: r.productVersionId,
    choices: r.choices,
    personalization: r.personalization,
    quantity: r.quantity,
  }));
  // The approved design each line was ordered as, as it was priced then.
  const subjects = (await lineSubjects(deps, tenantId, requests)).map((s, i) => ({
    ...s,
    approvedConfigurationId: rows[i]!.approvedConfigurationId,
  }));
  const fromQuote = await db
    .select({ id: quotes.id })
    .from(quotes)
    .where(and(eq(quotes.tenantId, tenantId), eq(quotes.orderId, orderId)));
  return { kind: 'lines', requests, subjects, list, agreed: fromQuote.length > 0 };
}

export type Decision = { approve: true } | { approve: false; reason: string };

export type Decided = {
  order: Order;
  approval: OrderApproval;
  /** The earliest delivery before approval, when booking it now moved the date. */
  movedFrom: string | null;
};

type Deps = Pick<AppDeps, 'clock' | 'ids' | 'config'>;

export async function decideApproval(
  tx: Db,
  deps: Deps,
  tenant: Tenant,
  orderId: string,
  approver: Customer,
  decision: Decision,
  recheck: Recheck | null,
): Promise<Decided> {
  await lockCapacity(tx, tenant.id);
  const approval = await approvalOfOrder(tx, tenant.id, orderId, true);
  // Another company's order (or none): as if it did not exist.
  if (!approval || approval.companyId !== approver.businessAccountId)
    throw new NotFound('approval', orderId);
  if (approval.status !== 'pending') {
    const e = new Conflict(`This order was ${approval.status} already.`, [
      { field: 'status', message: `is ${approval.status}` },
    ]);
    e.extensions = { code: 'already-decided', status: approval.status };
    throw e;
  }
  const order = (await getOrderForUpdate(tx, tenant.id, orderId))!;
  const steps = await stepsOf(tx, tenant.id, [approval.id]);
  const approvedBy = steps.map((s) => s.byCustomerId);
  const limits = await limitsOf(tx, tenant.id, approver.id);
  const refusal = cannotDecide(
    {
      id: approver.id,
      role: approver.businessRole,
      approvalLimit: limits?.approvalLimit ?? null,
    },
    { buyerId: approval.buyerId, total: order.total, approvedBy },
    decision.approve ? 'approve' : 'reject',
  );
  if (refusal) throw new Forbidden(refusal);
  const now = deps.clock.now();
  const level = steps.length + 1;
  const label = `${approver.name} (company ${approver.businessRole})`;
  await insertStep(tx, {
    id: deps.ids.uuid(),
    tenantId: tenant.id,
    approvalId: approval.id,
    level,
    decision: decision.approve ? 'approved' : 'rejected',
    byCustomerId: approver.id,
    byLabel: label,
    reason: decision.approve ? null : decision.reason,
    at: now,
  });
  const event = (toStatus: Order['status'], note: string) =>
    insertOrderEvent(tx, {
      id: deps.ids.uuid(),
      tenantId: tenant.id,
      orderId,
      fromStatus: 'awaiting_approval',
      toStatus,
      byKind: 'customer',
      byId: approver.id,
      byLabel: label,
      note,
      at: now,
    });
  const mailDeps = { db: tx, clock: deps.clock, ids: deps.ids, config: deps.config };

  if (!decision.approve) {
    await setApprovalStatus(tx, tenant.id, approval.id, 'rejected', now);
    const cancelled = await updateOrder(tx, order, { status: 'cancelled', updatedAt: now });
    await event('cancelled', `Rejected: ${decision.reason}`);
    await mailBuyer(mailDeps, cancelled, {
      kind: 'rejected',
      by: approver.name,
      reason: decision.reason,
    });
    return { order: cancelled, approval: { ...approval, status: 'rejected' }, movedFrom: null };
  }

  if (level < approval.requiredLevels) {
    await event(
      'awaiting_approval',
      `Approved (${level} of ${approval.requiredLevels}); waits for the next approval.`,
    );
    await mailBuyer(mailDeps, order, { kind: 'next-level', approvedBy: approver.name });
    const buyer = await getCustomer(tx, tenant.id, approval.buyerId);
    const company = await getBusinessAccount(tx, tenant.id, approval.companyId);
    const next = (await approversOf(tx, tenant.id, approval.companyId)).filter(
      (a) =>
        cannotDecide(
          { id: a.customer.id, role: a.customer.businessRole, approvalLimit: a.approvalLimit },
          {
            buyerId: approval.buyerId,
            total: order.total,
            approvedBy: [...approvedBy, approver.id],
          },
          'approve',
        ) === null,
    );
    await mailApprovers(
      mailDeps,
      order,
      next.map((a) => a.customer),
      buyer?.name ?? order.email,
      company?.slug ? `/company/${company.slug}` : null,
    );
    return { order, approval, movedFrom: null };
  }

  // The last approval: re-check, book, place.
  if (!recheck) throw new NotFound('approval', orderId);
  const booked = await rebook(tx, tenant, order, recheck, now);
  await insertBookings(
    tx,
    booked.allocations.map((a) => ({
      id: deps.ids.uuid(),
      tenantId: tenant.id,
      workCenterId: a.centerId,
      orderId,
      day: a.day,
      minutes: a.minutes,
      now,
    })),
  );
  const movedFrom = booked.promisedDate !== order.promisedDate ? order.promisedDate : null;
  const placed = await updateOrder(tx, order, {
    status: 'placed',
    promisedDate: booked.promisedDate,
    leadTimeDays: booked.leadTimeDays,
    routing: booked.routing,
    updatedAt: now,
  });
  if (movedFrom)
    await tx
      .update(orderLines)
      .set({ promisedDate: booked.promisedDate })
      .where(and(eq(orderLines.tenantId, tenant.id), eq(orderLines.orderId, orderId)));
  await setApprovalStatus(tx, tenant.id, approval.id, 'approved', now);
  await event(
    'placed',
    `Approved${approval.requiredLevels > 1 ? ` (${level} of ${approval.requiredLevels})` : ''}; capacity booked.${
      movedFrom ? ` The earliest delivery moved from ${movedFrom} to ${booked.promisedDate}.` : ''
    }`,
  );
  await mailBuyer(mailDeps, placed, {
    kind: 'approved',
    by: approver.name,
    oldPromisedDate: movedFrom,
  });
  return { order: placed, approval: { ...approval, status: 'approved' }, movedFrom };
}

async function updateOrder(tx: Db, order: Order, set: Partial<Order>): Promise<Order> {
  const rows = await tx
    .update(orders)
    .set(set)
    .where(and(eq(orders.tenantId, order.tenantId), eq(orders.id, order.id)))
    .returning();
  return rows[0]!;
}

type Allocation = { centerId: string; day: string; minutes: number };
type Schedule = {
  operations: {
    center: string;
    operation: string;
    hours: number;
    final: boolean;
    startDate: string;
    endDate: string;
    allocations: Allocation[];
  }[];
};

const routingOf = (s: Schedule): RoutingStep[] =>
  s.operations.map((op) => ({
    center: op.center,
    operation: op.operation,
    hours: op.hours,
    final: op.final,
    startDate: op.startDate,
    endDate: op.endDate,
  }));

function changed(detail: string, extensions: Record<string, unknown>): Conflict {
  const e = new Conflict(detail, [{ field: 'order', message: detail }]);
  e.extensions = extensions;
  return e;
}

/** The order re-checked as placing it would, with today's schedule; 409 naming what changed. */
async function rebook(tx: Db, tenant: Tenant, order: Order, recheck: Recheck, now: Date) {
  const versionIds =
    recheck.kind === 'lines'
      ? [...new Set(recheck.requests.map((r) => r.versionId))]
      : [order.productVersionId];
  for (const id of versionIds) {
    const v = await getVersionSummary(tx, tenant.id, id);
    if (v?.status !== 'published')
      throw changed(
        `The order was made with version ${v?.number ?? '?'} of the product, which has been replaced since. Reject it and ask the buyer to order again.`,
        { code: 'outdated', versionId: id },
      );
  }
  const paid = (total: number) =>
    total !== order.total
      ? changed(
          `The price is now ${formatMoney(total, order.currency)} (ordered at ${formatMoney(order.total, order.currency)}). Reject the order and ask the buyer to order again.`,
          { code: 'changed', total },
        )
      : null;
  if (recheck.kind === 'lines') {
    const quote = await quoteLines(
      tx,
      tenant,
      recheck.requests,
      recheck.subjects,
      recheck.list,
      now,
    );
    const bad = quote.lines.findIndex((l) => !l.valid);
    if (bad >= 0)
      throw changed(`Line ${bad + 1} can no longer be built.`, { code: 'invalid', line: bad });
    await assertLinesInApprovedSpace(
      tx,
      tenant.id,
      order.customerId,
      quote.lines.map((l, i) => ({ ...recheck.subjects[i]!, choices: l.choices })),
    );
    const e = recheck.agreed
      ? null
      : quote.currency !== order.currency
        ? paid(-1)
        : paid(quote.total);
    if (e) throw e;
    return {
      allocations: quote.lines.flatMap((l) =>
        l.schedule.operations.flatMap((op) => op.allocations),
      ),
      routing: quote.lines.flatMap((l) => routingOf(l.schedule)),
      promisedDate: quote.promisedDate,
      leadTimeDays: Math.max(...quote.lines.map((l) => l.leadTimeDays)),
    };
  }
  const quote = await quoteDesign(
    tx,
    tenant,
    recheck.compiled,
    order.choices,
    order.personalization,
    now,
    { contract: recheck.contract },
  );
  if (!quote.valid) throw changed('The design can no longer be built.', { code: 'invalid' });
  await assertInApprovedSpace(
    tx,
    tenant.id,
    order.customerId,
    order.productId,
    recheck.compiled,
    order.choices,
  );
  // A reward used when ordering stays used: compare the price before it.
  const before = order.lines.filter((l) => l.kind !== 'reward').reduce((s, l) => s + l.amount, 0);
  const e = quote.currency !== order.currency || quote.total !== before ? paid(quote.total) : null;
  if (e) throw e;
  return {
    allocations: quote.schedule.operations.flatMap((op) => op.allocations),
    routing: routingOf(quote.schedule),
    promisedDate: quote.promisedDate,
    leadTimeDays: quote.leadTimeDays,
  };
}
