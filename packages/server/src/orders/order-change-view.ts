// How an order change is shown to the customer and the firm: the version it brings, the price
// before and after with the difference (minor units, and in words), the dates, the decision.
import { Type } from 'typebox';
import { formatMoney } from '../http/money.ts';
import { NullableTimestamp, Timestamp } from '../http/schemas.ts';
import { priceDifference } from './order-changes.ts';
import type { OrderChange } from './order-changes.store.ts';

export const OrderChangeView = Type.Object({
  id: Type.String(),
  orderId: Type.String(),
  designId: Type.String(),
  toDesignVersion: Type.Integer(),
  status: Type.String({ description: 'requested | applied | refused | withdrawn' }),
  oldTotal: Type.Integer({ description: 'minor units' }),
  oldCurrency: Type.String(),
  newTotal: Type.Union([Type.Integer(), Type.Null()]),
  newCurrency: Type.Union([Type.String(), Type.Null()]),
  /** newTotal - oldTotal in minor units, when both are in one currency. */
  difference: Type.Union([Type.Integer(), Type.Null()]),
  /** e.g. "+EUR 50.00". */
  differenceText: Type.Union([Type.String(), Type.Null()]),
  oldTotalText: Type.String(),
  newTotalText: Type.Union([Type.String(), Type.Null()]),
  oldPromisedDate: Type.String(),
  newPromisedDate: Type.Union([Type.String(), Type.Null()]),
  /** What the order was before the change: choices and personal texts. */
  from: Type.Object({
    choices: Type.Record(Type.String(), Type.Unknown()),
    personalization: Type.Record(Type.String(), Type.String()),
  }),
  reason: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  decidedAt: NullableTimestamp,
  decidedBy: Type.Union([Type.String(), Type.Null()]),
});

export function orderChangeView(c: OrderChange) {
  const sameCurrency = c.newTotal !== null && c.newCurrency === c.oldCurrency;
  return {
    id: c.id,
    orderId: c.orderId,
    designId: c.designId,
    toDesignVersion: c.toDesignVersion,
    status: c.status,
    oldTotal: c.oldTotal,
    oldCurrency: c.oldCurrency,
    newTotal: c.newTotal,
    newCurrency: c.newCurrency,
    difference: sameCurrency ? c.newTotal! - c.oldTotal : null,
    differenceText: sameCurrency ? priceDifference(c.oldTotal, c.newTotal!, c.oldCurrency) : null,
    oldTotalText: formatMoney(c.oldTotal, c.oldCurrency),
    newTotalText:
      c.newTotal !== null && c.newCurrency !== null ? formatMoney(c.newTotal, c.newCurrency) : null,
    oldPromisedDate: c.oldPromisedDate,
    newPromisedDate: c.newPromisedDate,
    from: { choices: c.fromSnapshot.choices, personalization: c.fromSnapshot.personalization },
    reason: c.reason,
    createdAt: c.createdAt.toISOString(),
    decidedAt: c.decidedAt?.toISOString() ?? null,
    decidedBy: c.decidedBy,
  };
}
