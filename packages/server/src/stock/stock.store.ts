// SQL for stock: items, the ledger, postponement points. Every query is scoped by tenant.
// Balances change only together with a ledger row, in the caller's transaction, and only by a
// conditional UPDATE (… where on_hand - reserved >= qty), so parallel orders can never take the
// same unit twice; the CHECK constraints of stock.schema.ts are the last line.
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import { NotFound } from '../http/errors.ts';
import type { Ids } from '../ids.ts';
import {
  InsufficientStock,
  StockBelowReserved,
  type Availability,
  type MovementRow,
  type StockItemRow,
  type StockNeed,
} from './stock.ts';
import {
  postponementPoints,
  stockItems,
  stockMovements,
  type StockMovementKind,
} from './stock.schema.ts';

type Rows<T> = { rows: T[] };
const rowsOf = <T>(r: unknown) => (r as Rows<T>).rows;
const NO_PROVIDER = '00000000-0000-0000-0000-000000000000';

/**
 * The one query a quote makes for stock: the product's postponement point and what is
 * available of the given skus at the location (null: the firm's own workshop). No postponement
 * point: null, and the quote is made to order as always.
 */
export async function stockForQuote(
  db: Db,
  tenantId: string,
  productId: string,
  providerId: string | null,
  skus: readonly string[],
): Promise<{ postponedCenters: string[]; available: Availability[] } | null> {
  const list = sql.join(
    skus.map((s) => sql`${s}`),
    sql`, `,
  );
  const rows = rowsOf<{ postponed_centers: string[]; items: Availability[] }>(
    await db.execute(sql`
      select pp.postponed_centers,
        ${
          skus.length === 0
            ? sql`'[]'::json`
            : sql`(select coalesce(json_agg(json_build_object('sku', s.sku, 'unit', s.unit,
                  'available', s.on_hand - s.reserved, 'description', s.description,
                  'generic', s.generic)), '[]'::json)
               from stock_items s
               where s.tenant_id = ${tenantId}
                 and coalesce(s.provider_id, ${NO_PROVIDER}::uuid) = coalesce(${providerId}::uuid, ${NO_PROVIDER}::uuid)
                 and s.sku in (${list}))`
        } as items
      from postponement_points pp
      where pp.tenant_id = ${tenantId} and pp.product_id = ${productId}`),
  );
  const r = rows[0];
  if (!r) return null;
  const items = typeof r.items === 'string' ? (JSON.parse(r.items) as Availability[]) : r.items;
  return {
    postponedCenters: r.postponed_centers,
    available: items.map((i) => ({ ...i, available: Number(i.available) })),
  };
}

type By = { label: string; at: Date };

async function insertMovement(
  db: Db,
  ids: Ids,
  tenantId: string,
  m: {
    itemId: string;
    kind: StockMovementKind;
    onHandChange: number;
    reservedChange: number;
    orderId?: string | null;
    note?: string;
  },
  by: By,
): Promise<void> {
  await db.insert(stockMovements).values({
    id: ids.uuid(),
    tenantId,
    itemId: m.itemId,
    kind: m.kind,
    onHandChange: m.onHandChange,
    reservedChange: m.reservedChange,
    orderId: m.orderId ?? null,
    note: m.note ?? '',
    byLabel: by.label,
    at: by.at,
  });
}

/**
 * Reserves an order's needs at a location, in the caller's transaction (the order's). Items are
 * taken in sku order, so two orders never wait on each other in opposite orders. Any line short:
 * InsufficientStock, and the caller's transaction rolls back whatever was reserved before it.
 */
export async function reserveForOrder(
  tx: Db,
  ids: Ids,
  tenantId: string,
  orderId: string,
  providerId: string | null,
  needs: readonly StockNeed[],
  by: By,
): Promise<void> {
  const sorted = [...needs].sort(
    (a, b) => a.sku.localeCompare(b.sku) || a.unit.localeCompare(b.unit),
  );
  for (const n of sorted) {
    const rows = rowsOf<{ id: string }>(
      await tx.execute(sql`
        update stock_items set reserved = reserved + ${n.qty}, updated_at = ${by.at.toISOString()}::timestamptz
        where tenant_id = ${tenantId}
          and coalesce(provider_id, ${NO_PROVIDER}::uuid) = coalesce(${providerId}::uuid, ${NO_PROVIDER}::uuid)
          and sku = ${n.sku} and unit = ${n.unit}
          and on_hand - reserved >= ${n.qty}
        returning id`),
    );
    const id = rows[0]?.id;
    if (!id) throw new InsufficientStock(n.sku, n.unit, n.qty);
    await insertMovement(
      tx,
      ids,
      tenantId,
      { itemId: id, kind: 'reservation', onHandChange: 0, reservedChange: n.qty, orderId },
      by,
    );
  }
}

/** An order's open reservations: per item, Σ reserved_change of its ledger rows (> 0). */
export async function openReservations(
  db: Db,
  tenantId: string,
  orderId: string,
): Promise<{ itemId: string; qty: number }[]> {
  const rows = await db
    .select({
      itemId: stockMovements.itemId,
      qty: sql<number>`sum(${stockMovements.reservedChange})::int`,
    })
    .from(stockMovements)
    .where(and(eq(stockMovements.tenantId, tenantId), eq(stockMovements.orderId, orderId)))
    .groupBy(stockMovements.itemId)
    .orderBy(asc(stockMovements.itemId));
  return rows.map((r) => ({ itemId: r.itemId, qty: Number(r.qty) })).filter((r) => r.qty > 0);
}

/**
 * Settles an order's open reservations, in the order's transaction: `consume` takes the units
 * off the shelf (the order reached its postponement step), `return` gives them back (cancelled).
 * Nothing open: nothing happens, so calling it twice is harmless.
 */
export async function settleReservations(
  tx: Db,
  ids: Ids,
  tenantId: string,
  orderId: string,
  how: 'consume' | 'return',
  by: By,
): Promise<number> {
  const open = await openReservations(tx, tenantId, orderId);
  for (const r of open) {
    const onHandChange = how === 'consume' ? -r.qty : 0;
    await tx.execute(sql`
      update stock_items set on_hand = on_hand + ${onHandChange}, reserved = reserved - ${r.qty},
        updated_at = ${by.at.toISOString()}::timestamptz
      where tenant_id = ${tenantId} and id = ${r.itemId}`);
    await insertMovement(
      tx,
      ids,
      tenantId,
      {
        itemId: r.itemId,
        kind: how === 'consume' ? 'consumption' : 'return',
        onHandChange,
        reservedChange: -r.qty,
        orderId,
      },
      by,
    );
  }
  return open.length;
}

/**
 * A receipt (change > 0) or adjustment (any sign) of on hand, with its ledger row. Refused with
 * 400 naming `quantity` when on hand would go below zero or below what is reserved.
 */
export async function changeOnHand(
  tx: Db,
  ids: Ids,
  tenantId: string,
  itemId: string,
  kind: 'receipt' | 'adjustment',
  change: number,
  note: string,
  by: By,
): Promise<StockItemRow> {
  const rows = await tx
    .select()
    .from(stockItems)
    .where(and(eq(stockItems.tenantId, tenantId), eq(stockItems.id, itemId)))
    .for('update');
  const item = rows[0];
  if (!item) throw new NotFound('stock item', itemId);
  if (item.onHand + change < item.reserved || item.onHand + change < 0)
    throw new StockBelowReserved(item.onHand, item.reserved, change);
  const updated = await tx
    .update(stockItems)
    .set({ onHand: sql`${stockItems.onHand} + ${change}`, updatedAt: by.at })
    .where(and(eq(stockItems.tenantId, tenantId), eq(stockItems.id, itemId)))
    .returning();
  await insertMovement(
    tx,
    ids,
    tenantId,
    { itemId, kind, onHandChange: change, reservedChange: 0, note },
    by,
  );
  return updated[0]!;
}

export async function listStockItems(db: Db, tenantId: string): Promise<StockItemRow[]> {
  return db
    .select()
    .from(stockItems)
    .where(eq(stockItems.tenantId, tenantId))
    .orderBy(asc(stockItems.sku), asc(stockItems.unit), asc(stockItems.providerId));
}

export async function getStockItem(
  db: Db,
  tenantId: string,
  id: string,
): Promise<StockItemRow | null> {
  const rows = await db
    .select()
    .from(stockItems)
    .where(and(eq(stockItems.tenantId, tenantId), eq(stockItems.id, id)));
  return rows[0] ?? null;
}

export async function findStockItem(
  db: Db,
  tenantId: string,
  providerId: string | null,
  sku: string,
  unit: string,
): Promise<StockItemRow | null> {
  const rows = await db
    .select()
    .from(stockItems)
    .where(
      and(
        eq(stockItems.tenantId, tenantId),
        providerId === null ? isNull(stockItems.providerId) : eq(stockItems.providerId, providerId),
        eq(stockItems.sku, sku),
        eq(stockItems.unit, unit),
      ),
    );
  return rows[0] ?? null;
}

export type NewStockItem = {
  id: string;
  tenantId: string;
  sku: string;
  unit: string;
  description: string;
  providerId: string | null;
  generic: boolean;
  reorderPoint: number;
  leadTimeDays: number;
  now: Date;
};

export async function insertStockItem(db: Db, item: NewStockItem): Promise<StockItemRow> {
  const { now, ...fields } = item;
  const rows = await db
    .insert(stockItems)
    .values({ ...fields, onHand: 0, reserved: 0, createdAt: now, updatedAt: now })
    .returning();
  return rows[0]!;
}

export async function updateStockItem(
  db: Db,
  tenantId: string,
  id: string,
  change: Partial<Pick<StockItemRow, 'description' | 'generic' | 'reorderPoint' | 'leadTimeDays'>>,
  now: Date,
): Promise<StockItemRow | null> {
  const rows = await db
    .update(stockItems)
    .set({ ...change, updatedAt: now })
    .where(and(eq(stockItems.tenantId, tenantId), eq(stockItems.id, id)))
    .returning();
  return rows[0] ?? null;
}

/** An item's ledger, newest first (at most `limit` rows). */
export async function itemMovements(
  db: Db,
  tenantId: string,
  itemId: string,
  limit = 200,
): Promise<MovementRow[]> {
  return db
    .select({
      id: stockMovements.id,
      kind: stockMovements.kind,
      onHandChange: stockMovements.onHandChange,
      reservedChange: stockMovements.reservedChange,
      orderId: stockMovements.orderId,
      note: stockMovements.note,
      byLabel: stockMovements.byLabel,
      at: stockMovements.at,
    })
    .from(stockMovements)
    .where(and(eq(stockMovements.tenantId, tenantId), eq(stockMovements.itemId, itemId)))
    .orderBy(desc(stockMovements.at), desc(stockMovements.id))
    .limit(limit);
}

/** Every open reservation of the firm: per order and item, with the order's number and status. */
export async function listOpenReservations(
  db: Db,
  tenantId: string,
): Promise<
  {
    orderId: string;
    orderNumber: number;
    status: string;
    itemId: string;
    sku: string;
    unit: string;
    qty: number;
  }[]
> {
  const rows = rowsOf<{
    order_id: string;
    number: number;
    status: string;
    item_id: string;
    sku: string;
    unit: string;
    qty: number;
  }>(
    await db.execute(sql`
      select m.order_id, o.number, o.status, m.item_id, s.sku, s.unit, sum(m.reserved_change)::int as qty
      from stock_movements m
      join orders o on o.tenant_id = m.tenant_id and o.id = m.order_id
      join stock_items s on s.tenant_id = m.tenant_id and s.id = m.item_id
      where m.tenant_id = ${tenantId} and m.order_id is not null
      group by m.order_id, o.number, o.status, m.item_id, s.sku, s.unit
      having sum(m.reserved_change) > 0
      order by o.number, s.sku
      limit 1000`),
  );
  return rows.map((r) => ({
    orderId: r.order_id,
    orderNumber: Number(r.number),
    status: r.status,
    itemId: r.item_id,
    sku: r.sku,
    unit: r.unit,
    qty: Number(r.qty),
  }));
}

/** Per item: Σ of its ledger's changes (what its balances must equal). */
export async function ledgerSums(
  db: Db,
  tenantId: string,
): Promise<Map<string, { onHand: number; reserved: number }>> {
  const rows = await db
    .select({
      itemId: stockMovements.itemId,
      onHand: sql<number>`sum(${stockMovements.onHandChange})::int`,
      reserved: sql<number>`sum(${stockMovements.reservedChange})::int`,
    })
    .from(stockMovements)
    .where(eq(stockMovements.tenantId, tenantId))
    .groupBy(stockMovements.itemId);
  return new Map(
    rows.map((r) => [r.itemId, { onHand: Number(r.onHand), reserved: Number(r.reserved) }]),
  );
}

export async function getPostponement(
  db: Db,
  tenantId: string,
  productId: string,
): Promise<{ postponedCenters: string[]; updatedAt: Date } | null> {
  const rows = await db
    .select()
    .from(postponementPoints)
    .where(
      and(eq(postponementPoints.tenantId, tenantId), eq(postponementPoints.productId, productId)),
    );
  const r = rows[0];
  return r ? { postponedCenters: r.postponedCenters, updatedAt: r.updatedAt } : null;
}

export async function setPostponement(
  db: Db,
  tenantId: string,
  productId: string,
  postponedCenters: string[],
  now: Date,
): Promise<void> {
  await db
    .insert(postponementPoints)
    .values({ tenantId, productId, postponedCenters, updatedAt: now })
    .onConflictDoUpdate({
      target: [postponementPoints.tenantId, postponementPoints.productId],
      set: { postponedCenters, updatedAt: now },
    });
}

export async function clearPostponement(
  db: Db,
  tenantId: string,
  productId: string,
): Promise<void> {
  await db
    .delete(postponementPoints)
    .where(
      and(eq(postponementPoints.tenantId, tenantId), eq(postponementPoints.productId, productId)),
    );
}

/**
 * Weekly use of each sku per end variant (the order's whole design: product + choices) over
 * the `weeks` 7-day weeks before `now`, from orders that are demand (placed and on their way).
 */
export async function weeklyVariantUse(
  db: Db,
  tenantId: string,
  now: Date,
  weeks: number,
): Promise<{ sku: string; unit: string; variant: string; week: number; qty: number }[]> {
  const from = new Date(now.getTime() - weeks * 7 * 86_400_000).toISOString();
  const rows = rowsOf<{ sku: string; unit: string; variant: string; week: number; qty: number }>(
    await db.execute(sql`
      select b->>'sku' as sku, coalesce(b->>'unit', '') as unit,
        md5(o.product_id::text || o.choices::text) as variant,
        least(floor(extract(epoch from (o.created_at - ${from}::timestamptz)) / 604800)::int, ${weeks - 1}) as week,
        sum((b->>'qty')::numeric)::float8 as qty
      from orders o, jsonb_array_elements(o.bom) b
      where o.tenant_id = ${tenantId}
        and o.status in ('placed', 'confirmed', 'in_production', 'shipped', 'delivered')
        and o.created_at >= ${from}::timestamptz and o.created_at <= ${now.toISOString()}::timestamptz
      group by 1, 2, 3, 4`),
  );
  return rows.map((r) => ({ ...r, week: Number(r.week), qty: Number(r.qty) }));
}
