// The order body fields approvals add (POST /shop/:tenant/orders and /orders/lines), and what
// an order view shows of them: purchase-order number, payment terms, cost center, approval.
import { Type } from 'typebox';
import type { Db } from '../db/types.ts';
import type { Order } from '../orders/orders.store.ts';
import { PAYMENT_TERMS } from './approvals.schema.ts';
import { approvalOfOrder, stepsOf } from './approvals.store.ts';
import { getLocation } from './locations.ts';

export const OrderApprovalFields = {
  poNumber: Type.Optional(
    Type.Union([Type.String({ maxLength: 64 }), Type.Null()], {
      description: 'The buyer’s purchase-order number, printed on the order.',
      example: 'PO-2026-0042',
    }),
  ),
  paymentTerms: Type.Optional(
    Type.Union([...PAYMENT_TERMS.map((t) => Type.Literal(t)), Type.Null()], {
      description:
        'Company accounts: payment terms within the company’s allowed set (left out: its default).',
      example: null,
    }),
  ),
};

export const OrderApprovalView = {
  poNumber: Type.Union([Type.String(), Type.Null()]),
  paymentTerms: Type.Union([Type.String(), Type.Null()]),
  costCenter: Type.Union([
    Type.Object({ id: Type.String(), name: Type.String() }, { additionalProperties: true }),
    Type.Null(),
  ]),
  approval: Type.Union([
    Type.Object(
      {
        status: Type.String(),
        requiredLevels: Type.Integer(),
        steps: Type.Array(
          Type.Object({
            level: Type.Integer(),
            decision: Type.String(),
            by: Type.String(),
            reason: Type.Union([Type.String(), Type.Null()]),
            at: Type.String(),
          }),
        ),
      },
      { additionalProperties: true },
    ),
    Type.Null(),
  ]),
};

export async function orderApprovalView(db: Db, order: Order) {
  const location = order.locationId
    ? await getLocation(db, order.tenantId, order.locationId)
    : null;
  const approval = await approvalOfOrder(db, order.tenantId, order.id);
  const steps = approval ? await stepsOf(db, order.tenantId, [approval.id]) : [];
  return {
    poNumber: order.poNumber,
    paymentTerms: order.paymentTerms,
    costCenter: location
      ? {
          id: location.id,
          name: location.name,
          billingAddress: location.billingAddress,
          shippingAddress: location.shippingAddress,
        }
      : null,
    approval: approval
      ? {
          status: approval.status,
          requiredLevels: approval.requiredLevels,
          reasons: approval.reasons,
          steps: steps.map((s) => ({
            level: s.level,
            decision: s.decision,
            by: s.byLabel,
            reason: s.reason,
            at: s.at.toISOString(),
          })),
        }
      : null,
  };
}
