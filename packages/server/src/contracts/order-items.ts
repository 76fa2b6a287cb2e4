// What an order holds, line by line: the lines of a multi-line order (order_lines), or the one
// design of a single-design order as one line of quantity 1. Every order view shows these.
import { and, asc, eq } from 'drizzle-orm';
import { Type } from 'typebox';
import type { Db } from '../db/types.ts';
import type { Order } from '../orders/orders.store.ts';
import { Choices, Personalization } from '../shop/shop-schemas.ts';
import { orderLines } from './contracts.schema.ts';

export type OrderItem = {
  position: number;
  productId: string;
  versionId: string;
  choices: Order['choices'];
  personalization: Order['personalization'];
  quantity: number;
  lines: { label: string; amount: number }[];
  total: number;
  currency: string;
  promisedDate: string;
  priceListId: string | null;
};

export async function orderItems(db: Db, order: Order): Promise<OrderItem[]> {
  const rows = await db
    .select()
    .from(orderLines)
    .where(and(eq(orderLines.tenantId, order.tenantId), eq(orderLines.orderId, order.id)))
    .orderBy(asc(orderLines.position));
  if (rows.length === 0)
    return [
      {
        position: 0,
        productId: order.productId,
        versionId: order.productVersionId,
        choices: order.choices,
        personalization: order.personalization,
        quantity: 1,
        lines: order.lines,
        total: order.total,
        currency: order.currency,
        promisedDate: order.promisedDate,
        // A company member's single design names the price list its lines were priced with.
        priceListId:
          (order.lines as { priceListId?: string }[]).find((l) => l.priceListId)?.priceListId ??
          null,
      },
    ];
  return rows.map((r) => ({
    position: r.position,
    productId: r.productId,
    versionId: r.productVersionId,
    choices: r.choices,
    personalization: r.personalization,
    quantity: r.quantity,
    lines: r.lines,
    total: r.total,
    currency: r.currency,
    promisedDate: r.promisedDate,
    priceListId: r.priceListId,
  }));
}

/** Whether an order has several lines or quantities (its own bookings cover all of them). */
export async function hasOrderLines(db: Db, tenantId: string, orderId: string): Promise<boolean> {
  const rows = await db
    .select({ id: orderLines.id })
    .from(orderLines)
    .where(and(eq(orderLines.tenantId, tenantId), eq(orderLines.orderId, orderId)))
    .limit(1);
  return rows.length > 0;
}

export const OrderItemSchema = Type.Object(
  {
    position: Type.Integer(),
    productId: Type.String(),
    versionId: Type.String(),
    choices: Choices,
    personalization: Personalization,
    quantity: Type.Integer({ minimum: 1 }),
    lines: Type.Array(
      Type.Object({ label: Type.String(), amount: Type.Integer() }, { additionalProperties: true }),
    ),
    total: Type.Integer(),
    currency: Type.String(),
    promisedDate: Type.String(),
    priceListId: Type.Union([Type.String(), Type.Null()]),
  },
  {
    description:
      'A line of the order: a design × quantity with its contract price lines (each names the term that set it: list, percent-off, option-price, design-price, volume-tier, floor).',
  },
);
