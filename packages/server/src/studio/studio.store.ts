// SQL for designs and their versions, and the aggregate statistics of orders the studio shows
// (popularity, most-ordered designs). Every function is scoped by tenant.
import { and, asc, desc, eq, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import type { Value } from '@customerize/engine';
import type { Db } from '../db/types.ts';
import type { PageKey } from '../http/pagination.ts';
import { orders } from '../orders/orders.schema.ts';
import { customers } from '../users/users.schema.ts';
import { designComments, designs, designVersions } from './studio.schema.ts';

export type Design = typeof designs.$inferSelect;
export type DesignVersion = typeof designVersions.$inferSelect;

export async function insertDesign(
  db: Db,
  d: Omit<Design, 'updatedAt' | 'shareTokenHash' | 'remixedFrom' | 'commentMailedAt'> &
    Partial<Pick<Design, 'remixedFrom'>>,
): Promise<Design> {
  const rows = await db
    .insert(designs)
    .values({ ...d, updatedAt: d.createdAt })
    .returning();
  return rows[0]!;
}

export async function getDesign(db: Db, tenantId: string, id: string): Promise<Design | null> {
  const rows = await db
    .select()
    .from(designs)
    .where(and(eq(designs.tenantId, tenantId), eq(designs.id, id)));
  return rows[0] ?? null;
}

/** Sets (a new read-only share token's hash) or clears (revokes) the design's share link. */
export async function setDesignShareTokenHash(
  db: Db,
  tenantId: string,
  id: string,
  shareTokenHash: string | null,
): Promise<void> {
  await db
    .update(designs)
    .set({ shareTokenHash })
    .where(and(eq(designs.tenantId, tenantId), eq(designs.id, id)));
}

/** Locks the design row (versions are numbered under it). */
export async function getDesignForUpdate(
  db: Db,
  tenantId: string,
  id: string,
): Promise<Design | null> {
  const rows = await db
    .select()
    .from(designs)
    .where(and(eq(designs.tenantId, tenantId), eq(designs.id, id)))
    .for('update');
  return rows[0] ?? null;
}

export async function listDesignVersions(
  db: Db,
  tenantId: string,
  designId: string,
): Promise<DesignVersion[]> {
  return db
    .select()
    .from(designVersions)
    .where(and(eq(designVersions.tenantId, tenantId), eq(designVersions.designId, designId)))
    .orderBy(asc(designVersions.number));
}

/** The highest version number of a design (0 when it has none). */
/**
 * A signed-in customer's designs (their own and the guest designs they claimed), newest first,
 * after `after` (keyset pagination); `limit` rows at most.
 */
export async function listCustomerDesigns(
  db: Db,
  tenantId: string,
  customerId: string,
  page: { after: PageKey | null; limit: number },
): Promise<Design[]> {
  return db
    .select()
    .from(designs)
    .where(
      and(
        eq(designs.tenantId, tenantId),
        eq(designs.customerId, customerId),
        ...(page.after
          ? [
              sql`(${designs.createdAt}, ${designs.id}) < (${page.after.at.toISOString()}::timestamptz, ${page.after.id}::uuid)`,
            ]
          : []),
      ),
    )
    .orderBy(desc(designs.createdAt), desc(designs.id))
    .limit(page.limit);
}

/** The versions of several designs of one firm, oldest first. */
export async function listVersionsOfDesigns(
  db: Db,
  tenantId: string,
  designIds: string[],
): Promise<DesignVersion[]> {
  if (designIds.length === 0) return [];
  return db
    .select()
    .from(designVersions)
    .where(and(eq(designVersions.tenantId, tenantId), inArray(designVersions.designId, designIds)))
    .orderBy(asc(designVersions.designId), asc(designVersions.number));
}

export async function lastDesignVersionNumber(
  db: Db,
  tenantId: string,
  designId: string,
): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`coalesce(max(${designVersions.number}), 0)::int` })
    .from(designVersions)
    .where(and(eq(designVersions.tenantId, tenantId), eq(designVersions.designId, designId)));
  return Number(rows[0]?.n ?? 0);
}

export async function insertDesignVersion(db: Db, v: DesignVersion): Promise<DesignVersion> {
  const rows = await db.insert(designVersions).values(v).returning();
  await db
    .update(designs)
    .set({ currentVersion: v.number, updatedAt: v.createdAt })
    .where(and(eq(designs.tenantId, v.tenantId), eq(designs.id, v.designId)));
  return rows[0]!;
}

/** Orders that count for statistics: every order not cancelled. */
const counted = (tenantId: string, productId: string) =>
  and(
    eq(orders.tenantId, tenantId),
    eq(orders.productId, productId),
    ne(orders.status, 'cancelled'),
  );

export async function countProductOrders(
  db: Db,
  tenantId: string,
  productId: string,
): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(orders)
    .where(counted(tenantId, productId));
  return Number(rows[0]?.n ?? 0);
}

/** How many orders chose each value of each feature. */
export async function valueCounts(
  db: Db,
  tenantId: string,
  productId: string,
): Promise<{ feature: string; value: string; orders: number }[]> {
  const rows = await db.execute(sql`
    select c.key as feature, c.value as value, count(*)::int as orders
    from ${orders} o, jsonb_each_text(o.choices) c
    where o.tenant_id = ${tenantId} and o.product_id = ${productId} and o.status <> 'cancelled'
    group by c.key, c.value`);
  return (
    rows as unknown as { rows: { feature: string; value: string; orders: number }[] }
  ).rows.map((r) => ({
    ...r,
    orders: Number(r.orders),
  }));
}

/** The most-ordered complete designs with at least `minOrders` orders each. */
export async function topDesigns(
  db: Db,
  tenantId: string,
  productId: string,
  minOrders: number,
  limit: number,
): Promise<{ choices: Record<string, Value>; orders: number }[]> {
  const rows = await db
    .select({ choices: orders.choices, n: sql<number>`count(*)::int` })
    .from(orders)
    .where(counted(tenantId, productId))
    .groupBy(orders.choices)
    .having(sql`count(*) >= ${minOrders}`)
    .orderBy(sql`count(*) desc`)
    .limit(limit);
  return rows.map((r) => ({ choices: r.choices, orders: Number(r.n) }));
}

export type DesignComment = typeof designComments.$inferSelect;

/** Comments kept per design: the newest this many are shown. */
export const DESIGN_COMMENTS_SHOWN = 200;

export async function insertDesignComment(
  db: Db,
  c: typeof designComments.$inferInsert,
): Promise<void> {
  await db.insert(designComments).values(c);
}

/**
 * Takes the design's comment email for `now` unless one went out after `since`: true when the
 * owner is to be emailed. One conditional update, so of two comments at once only one wins.
 */
export async function claimCommentMail(
  db: Db,
  tenantId: string,
  designId: string,
  now: Date,
  since: Date,
): Promise<boolean> {
  const rows = await db
    .update(designs)
    .set({ commentMailedAt: now })
    .where(
      and(
        eq(designs.tenantId, tenantId),
        eq(designs.id, designId),
        or(isNull(designs.commentMailedAt), lte(designs.commentMailedAt, since)),
      ),
    )
    .returning({ id: designs.id });
  return rows.length > 0;
}

/** The design's comments, oldest first, with each author's name (the newest 200). */
export async function listDesignComments(
  db: Db,
  tenantId: string,
  designId: string,
): Promise<(DesignComment & { authorName: string })[]> {
  const rows = await db
    .select({ comment: designComments, authorName: customers.name })
    .from(designComments)
    .innerJoin(
      customers,
      and(eq(customers.id, designComments.customerId), eq(customers.tenantId, tenantId)),
    )
    .where(
      and(
        eq(designComments.tenantId, tenantId),
        eq(designComments.designId, designId),
        isNull(designComments.hiddenAt),
      ),
    )
    .orderBy(desc(designComments.createdAt), desc(designComments.id))
    .limit(DESIGN_COMMENTS_SHOWN);
  return rows.reverse().map((r) => ({ ...r.comment, authorName: r.authorName }));
}

/** Deletes a comment on the design (the owner's moderation): false when there is none. */
export async function deleteDesignComment(
  db: Db,
  tenantId: string,
  designId: string,
  commentId: string,
): Promise<boolean> {
  const rows = await db
    .delete(designComments)
    .where(
      and(
        eq(designComments.tenantId, tenantId),
        eq(designComments.designId, designId),
        eq(designComments.id, commentId),
      ),
    )
    .returning({ id: designComments.id });
  return rows.length > 0;
}

export type FirmDesignComment = DesignComment & { authorName: string; designName: string };

const firmCommentColumns = {
  comment: designComments,
  authorName: customers.name,
  designName: designs.name,
};

function firmComments(db: Db, tenantId: string) {
  return db
    .select(firmCommentColumns)
    .from(designComments)
    .innerJoin(
      customers,
      and(eq(customers.id, designComments.customerId), eq(customers.tenantId, tenantId)),
    )
    .innerJoin(
      designs,
      and(eq(designs.id, designComments.designId), eq(designs.tenantId, tenantId)),
    );
}

const flatten = (r: { comment: DesignComment; authorName: string; designName: string }) => ({
  ...r.comment,
  authorName: r.authorName,
  designName: r.designName,
});

/** The firm's comments on shared designs for staff, hidden ones too, newest first. */
export async function listFirmDesignComments(
  db: Db,
  tenantId: string,
  limit: number,
): Promise<FirmDesignComment[]> {
  const rows = await firmComments(db, tenantId)
    .where(eq(designComments.tenantId, tenantId))
    .orderBy(desc(designComments.createdAt), desc(designComments.id))
    .limit(limit);
  return rows.map(flatten);
}

/** Hides (staff moderation) or shows again one of the firm's comments; null when not found. */
export async function setDesignCommentHidden(
  db: Db,
  tenantId: string,
  commentId: string,
  hiddenAt: Date | null,
): Promise<FirmDesignComment | null> {
  const updated = await db
    .update(designComments)
    .set({ hiddenAt })
    .where(and(eq(designComments.tenantId, tenantId), eq(designComments.id, commentId)))
    .returning({ id: designComments.id });
  if (updated.length === 0) return null;
  const [row] = await firmComments(db, tenantId).where(
    and(eq(designComments.tenantId, tenantId), eq(designComments.id, commentId)),
  );
  return row ? flatten(row) : null;
}
