// SQL for products and their versions. Every function is scoped by tenant.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import { products, productVersions } from './catalog.schema.ts';

export type Product = typeof products.$inferSelect;
export type ProductVersion = typeof productVersions.$inferSelect;
/** A version without its (large) source and compiled bytes. */
export type VersionSummary = Omit<ProductVersion, 'source' | 'compiled'>;

const summaryColumns = {
  id: productVersions.id,
  tenantId: productVersions.tenantId,
  productId: productVersions.productId,
  number: productVersions.number,
  status: productVersions.status,
  format: productVersions.format,
  model: productVersions.model,
  issues: productVersions.issues,
  compileStats: productVersions.compileStats,
  costFigures: productVersions.costFigures,
  servingFacts: productVersions.servingFacts,
  createdBy: productVersions.createdBy,
  createdAt: productVersions.createdAt,
  publishedAt: productVersions.publishedAt,
};

export async function listProducts(db: Db, tenantId: string): Promise<Product[]> {
  return db
    .select()
    .from(products)
    .where(eq(products.tenantId, tenantId))
    .orderBy(asc(products.name));
}

export async function getProduct(db: Db, tenantId: string, id: string): Promise<Product | null> {
  const rows = await db
    .select()
    .from(products)
    .where(and(eq(products.tenantId, tenantId), eq(products.id, id)));
  return rows[0] ?? null;
}

export async function findProductBySlug(
  db: Db,
  tenantId: string,
  slug: string,
): Promise<Product | null> {
  const rows = await db
    .select()
    .from(products)
    .where(and(eq(products.tenantId, tenantId), eq(products.slug, slug)));
  return rows[0] ?? null;
}

export async function insertProduct(
  db: Db,
  p: { id: string; tenantId: string; slug: string; name: string; description: string; now: Date },
): Promise<Product> {
  const { now, ...fields } = p;
  const rows = await db
    .insert(products)
    .values({ ...fields, createdAt: now, updatedAt: now })
    .returning();
  return rows[0]!;
}

export async function listVersions(
  db: Db,
  tenantId: string,
  productId: string,
): Promise<VersionSummary[]> {
  return db
    .select(summaryColumns)
    .from(productVersions)
    .where(and(eq(productVersions.tenantId, tenantId), eq(productVersions.productId, productId)))
    .orderBy(asc(productVersions.number));
}

export async function getVersion(
  db: Db,
  tenantId: string,
  id: string,
): Promise<ProductVersion | null> {
  const rows = await db
    .select()
    .from(productVersions)
    .where(and(eq(productVersions.tenantId, tenantId), eq(productVersions.id, id)));
  return rows[0] ?? null;
}

export async function getVersionSummary(
  db: Db,
  tenantId: string,
  id: string,
): Promise<VersionSummary | null> {
  const rows = await db
    .select(summaryColumns)
    .from(productVersions)
    .where(and(eq(productVersions.tenantId, tenantId), eq(productVersions.id, id)));
  return rows[0] ?? null;
}

export async function getCompiledBytes(
  db: Db,
  tenantId: string,
  id: string,
): Promise<Uint8Array | null> {
  const rows = await db
    .select({ compiled: productVersions.compiled })
    .from(productVersions)
    .where(and(eq(productVersions.tenantId, tenantId), eq(productVersions.id, id)));
  return rows[0]?.compiled ?? null;
}

/** The published version of each given product (or of every product when omitted). */
export async function publishedVersions(
  db: Db,
  tenantId: string,
  productIds?: string[],
): Promise<VersionSummary[]> {
  return db
    .select(summaryColumns)
    .from(productVersions)
    .where(
      and(
        eq(productVersions.tenantId, tenantId),
        eq(productVersions.status, 'published'),
        ...(productIds ? [inArray(productVersions.productId, productIds)] : []),
      ),
    );
}

export async function insertVersion(
  db: Db,
  v: Omit<
    ProductVersion,
    | 'number'
    | 'status'
    | 'compiled'
    | 'compileStats'
    | 'costFigures'
    | 'servingFacts'
    | 'publishedAt'
  >,
): Promise<ProductVersion> {
  // Lock the product row so two concurrent uploads cannot take the same number.
  await db
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.tenantId, v.tenantId), eq(products.id, v.productId)))
    .for('update');
  const last = await db
    .select({ number: productVersions.number })
    .from(productVersions)
    .where(
      and(eq(productVersions.tenantId, v.tenantId), eq(productVersions.productId, v.productId)),
    )
    .orderBy(desc(productVersions.number))
    .limit(1);
  const rows = await db
    .insert(productVersions)
    .values({ ...v, number: (last[0]?.number ?? 0) + 1, status: 'draft' })
    .returning();
  return rows[0]!;
}

/** Publishes a draft: the previous published version of the product becomes retired. */
export async function markPublished(
  db: Db,
  tenantId: string,
  version: ProductVersion,
  compiled: {
    bytes: Uint8Array;
    stats: ProductVersion['compileStats'];
    cost: ProductVersion['costFigures'];
    serving: ProductVersion['servingFacts'];
  },
  now: Date,
): Promise<ProductVersion> {
  await db
    .update(productVersions)
    .set({ status: 'retired' })
    .where(
      and(
        eq(productVersions.tenantId, tenantId),
        eq(productVersions.productId, version.productId),
        eq(productVersions.status, 'published'),
      ),
    );
  const rows = await db
    .update(productVersions)
    .set({
      status: 'published',
      compiled: compiled.bytes,
      compileStats: compiled.stats,
      costFigures: compiled.cost,
      servingFacts: compiled.serving,
      publishedAt: now,
    })
    .where(and(eq(productVersions.tenantId, tenantId), eq(productVersions.id, version.id)))
    .returning();
  await db
    .update(products)
    .set({ updatedAt: now, name: version.model.name, description: version.model.description ?? '' })
    .where(and(eq(products.tenantId, tenantId), eq(products.id, version.productId)));
  return rows[0]!;
}

export async function countVersions(db: Db, tenantId: string): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(productVersions)
    .where(eq(productVersions.tenantId, tenantId));
  return Number(rows[0]?.n ?? 0);
}

/** Stores the measured cost and serving facts of a version published before they existed. */
export async function setServingFacts(
  db: Db,
  tenantId: string,
  id: string,
  cost: ProductVersion['costFigures'],
  serving: ProductVersion['servingFacts'],
): Promise<void> {
  await db
    .update(productVersions)
    .set({ costFigures: cost, servingFacts: serving })
    .where(and(eq(productVersions.tenantId, tenantId), eq(productVersions.id, id)));
}
