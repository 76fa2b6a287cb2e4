// SQL of the gallery. Every query is scoped by tenant; counts are computed from the likes,
// remixes and comments that exist, so a withdrawal or an erasure leaves no trace in them.
import { and, asc, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import { products } from '../catalog/catalog.schema.ts';
import {
  galleryCommentReports,
  galleryComments,
  galleryLikes,
  galleryPublications,
  galleryRemixes,
} from './gallery.schema.ts';

export type Publication = typeof galleryPublications.$inferSelect;
export type GalleryComment = typeof galleryComments.$inferSelect;

export type PublicationWithCounts = Publication & {
  productSlug: string;
  productName: string;
  likes: number;
  remixes: number;
  comments: number;
};

export type GallerySort = 'newest' | 'likes' | 'remixes';

const likesSql = sql<number>`(select count(*)::int from ${galleryLikes} l where l.tenant_id = ${galleryPublications.tenantId} and l.publication_id = ${galleryPublications.id})`;
const remixesSql = sql<number>`(select count(*)::int from ${galleryRemixes} r where r.tenant_id = ${galleryPublications.tenantId} and r.publication_id = ${galleryPublications.id})`;
const commentsSql = sql<number>`(select count(*)::int from ${galleryComments} c where c.tenant_id = ${galleryPublications.tenantId} and c.publication_id = ${galleryPublications.id} and c.hidden_at is null)`;

function withCounts(db: Db) {
  return db
    .select({
      publication: galleryPublications,
      productSlug: products.slug,
      productName: products.name,
      likes: likesSql,
      remixes: remixesSql,
      comments: commentsSql,
    })
    .from(galleryPublications)
    .innerJoin(
      products,
      and(
        eq(products.tenantId, galleryPublications.tenantId),
        eq(products.id, galleryPublications.productId),
      ),
    );
}

type Row = {
  publication: Publication;
  productSlug: string;
  productName: string;
  likes: number;
  remixes: number;
  comments: number;
};
const flat = (r: Row): PublicationWithCounts => ({
  ...r.publication,
  productSlug: r.productSlug,
  productName: r.productName,
  likes: Number(r.likes),
  remixes: Number(r.remixes),
  comments: Number(r.comments),
});

export async function insertPublication(db: Db, p: Publication): Promise<Publication> {
  const rows = await db.insert(galleryPublications).values(p).returning();
  return rows[0]!;
}

export async function getPublication(
  db: Db,
  tenantId: string,
  id: string,
): Promise<PublicationWithCounts | null> {
  const rows = await withCounts(db).where(
    and(eq(galleryPublications.tenantId, tenantId), eq(galleryPublications.id, id)),
  );
  return rows[0] ? flat(rows[0]) : null;
}

export async function publicationOfDesign(
  db: Db,
  tenantId: string,
  designId: string,
): Promise<Publication | null> {
  const rows = await db
    .select()
    .from(galleryPublications)
    .where(
      and(eq(galleryPublications.tenantId, tenantId), eq(galleryPublications.designId, designId)),
    );
  return rows[0] ?? null;
}

/** The public list: not hidden, optionally one product, sorted, one page (offset). */
export async function listPublicPublications(
  db: Db,
  tenantId: string,
  q: { productId?: string; sort: GallerySort; limit: number; offset: number },
): Promise<{ items: PublicationWithCounts[]; total: number }> {
  const where = and(
    eq(galleryPublications.tenantId, tenantId),
    isNull(galleryPublications.hiddenAt),
    ...(q.productId ? [eq(galleryPublications.productId, q.productId)] : []),
  );
  const order =
    q.sort === 'likes'
      ? [desc(likesSql), desc(galleryPublications.publishedAt), desc(galleryPublications.id)]
      : q.sort === 'remixes'
        ? [desc(remixesSql), desc(galleryPublications.publishedAt), desc(galleryPublications.id)]
        : [desc(galleryPublications.publishedAt), desc(galleryPublications.id)];
  const rows = await withCounts(db)
    .where(where)
    .orderBy(...order)
    .limit(q.limit)
    .offset(q.offset);
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(galleryPublications)
    .where(where);
  return { items: rows.map(flat), total: Number(count?.n ?? 0) };
}

/** Every publication of the firm (hidden ones too), newest first: the staff view. */
export async function listAllPublications(
  db: Db,
  tenantId: string,
  limit: number,
): Promise<PublicationWithCounts[]> {
  const rows = await withCounts(db)
    .where(eq(galleryPublications.tenantId, tenantId))
    .orderBy(desc(galleryPublications.publishedAt), desc(galleryPublications.id))
    .limit(limit);
  return rows.map(flat);
}

export async function listCustomerPublications(
  db: Db,
  tenantId: string,
  customerId: string,
): Promise<PublicationWithCounts[]> {
  const rows = await withCounts(db)
    .where(
      and(
        eq(galleryPublications.tenantId, tenantId),
        eq(galleryPublications.customerId, customerId),
      ),
    )
    .orderBy(desc(galleryPublications.publishedAt), desc(galleryPublications.id));
  return rows.map(flat);
}

/** Adopted, visible publications of a product: the studio's community picks. */
export async function listCommunityPicks(
  db: Db,
  tenantId: string,
  productId: string | undefined,
): Promise<(Publication & { productSlug: string })[]> {
  const rows = await db
    .select({ publication: galleryPublications, productSlug: products.slug })
    .from(galleryPublications)
    .innerJoin(
      products,
      and(
        eq(products.tenantId, galleryPublications.tenantId),
        eq(products.id, galleryPublications.productId),
      ),
    )
    .where(
      and(
        eq(galleryPublications.tenantId, tenantId),
        ...(productId ? [eq(galleryPublications.productId, productId)] : []),
        isNotNull(galleryPublications.adoptedAt),
        isNull(galleryPublications.hiddenAt),
      ),
    )
    .orderBy(desc(galleryPublications.adoptedAt), desc(galleryPublications.id))
    .limit(50);
  return rows.map((r) => ({ ...r.publication, productSlug: r.productSlug }));
}

/** Deletes the owner's publication; false when it is not theirs (or not there). */
export async function deleteOwnPublication(
  db: Db,
  tenantId: string,
  customerId: string,
  id: string,
): Promise<boolean> {
  const rows = await db
    .delete(galleryPublications)
    .where(
      and(
        eq(galleryPublications.tenantId, tenantId),
        eq(galleryPublications.customerId, customerId),
        eq(galleryPublications.id, id),
      ),
    )
    .returning({ id: galleryPublications.id });
  return rows.length > 0;
}

export async function setPublicationHidden(
  db: Db,
  tenantId: string,
  id: string,
  hiddenAt: Date | null,
): Promise<Publication | null> {
  const rows = await db
    .update(galleryPublications)
    .set({ hiddenAt })
    .where(and(eq(galleryPublications.tenantId, tenantId), eq(galleryPublications.id, id)))
    .returning();
  return rows[0] ?? null;
}

/** Marks adopted if it is not; null when it already was (or does not exist). */
export async function markAdopted(
  db: Db,
  tenantId: string,
  id: string,
  by: string | null,
  at: Date,
): Promise<Publication | null> {
  const rows = await db
    .update(galleryPublications)
    .set({ adoptedAt: at, adoptedBy: by })
    .where(
      and(
        eq(galleryPublications.tenantId, tenantId),
        eq(galleryPublications.id, id),
        isNull(galleryPublications.adoptedAt),
      ),
    )
    .returning();
  return rows[0] ?? null;
}

export async function setRewardGrant(
  db: Db,
  tenantId: string,
  id: string,
  rewardGrantId: string,
): Promise<void> {
  await db
    .update(galleryPublications)
    .set({ rewardGrantId })
    .where(and(eq(galleryPublications.tenantId, tenantId), eq(galleryPublications.id, id)));
}

export async function unmarkAdopted(
  db: Db,
  tenantId: string,
  id: string,
): Promise<Publication | null> {
  const rows = await db
    .update(galleryPublications)
    .set({ adoptedAt: null, adoptedBy: null })
    .where(and(eq(galleryPublications.tenantId, tenantId), eq(galleryPublications.id, id)))
    .returning();
  return rows[0] ?? null;
}

/** Likes once: true when this call added the like. */
export async function addLike(
  db: Db,
  like: { id: string; tenantId: string; publicationId: string; customerId: string; at: Date },
): Promise<boolean> {
  const rows = await db
    .insert(galleryLikes)
    .values({
      id: like.id,
      tenantId: like.tenantId,
      publicationId: like.publicationId,
      customerId: like.customerId,
      createdAt: like.at,
    })
    .onConflictDoNothing()
    .returning({ id: galleryLikes.id });
  return rows.length > 0;
}

export async function removeLike(
  db: Db,
  tenantId: string,
  publicationId: string,
  customerId: string,
): Promise<void> {
  await db
    .delete(galleryLikes)
    .where(
      and(
        eq(galleryLikes.tenantId, tenantId),
        eq(galleryLikes.publicationId, publicationId),
        eq(galleryLikes.customerId, customerId),
      ),
    );
}

export async function hasLiked(
  db: Db,
  tenantId: string,
  publicationId: string,
  customerId: string,
): Promise<boolean> {
  const rows = await db
    .select({ id: galleryLikes.id })
    .from(galleryLikes)
    .where(
      and(
        eq(galleryLikes.tenantId, tenantId),
        eq(galleryLikes.publicationId, publicationId),
        eq(galleryLikes.customerId, customerId),
      ),
    );
  return rows.length > 0;
}

export async function insertComment(db: Db, c: GalleryComment): Promise<GalleryComment> {
  const rows = await db.insert(galleryComments).values(c).returning();
  return rows[0]!;
}

export async function getComment(
  db: Db,
  tenantId: string,
  id: string,
): Promise<GalleryComment | null> {
  const rows = await db
    .select()
    .from(galleryComments)
    .where(and(eq(galleryComments.tenantId, tenantId), eq(galleryComments.id, id)));
  return rows[0] ?? null;
}

/** The comments everyone sees on a publication (not hidden), oldest first. */
export async function listVisibleComments(
  db: Db,
  tenantId: string,
  publicationId: string,
): Promise<GalleryComment[]> {
  return db
    .select()
    .from(galleryComments)
    .where(
      and(
        eq(galleryComments.tenantId, tenantId),
        eq(galleryComments.publicationId, publicationId),
        isNull(galleryComments.hiddenAt),
      ),
    )
    .orderBy(asc(galleryComments.createdAt), asc(galleryComments.id))
    .limit(500);
}

export async function addReport(
  db: Db,
  r: { id: string; tenantId: string; commentId: string; customerId: string; at: Date },
): Promise<void> {
  await db
    .insert(galleryCommentReports)
    .values({
      id: r.id,
      tenantId: r.tenantId,
      commentId: r.commentId,
      customerId: r.customerId,
      createdAt: r.at,
    })
    .onConflictDoNothing();
}

export type ModerationComment = GalleryComment & { reports: number; publicationTitle: string };

/** The moderation queue: reported comments first (most reports first), then newest. */
export async function listCommentsForModeration(
  db: Db,
  tenantId: string,
  limit: number,
): Promise<ModerationComment[]> {
  const reports = sql<number>`(select count(*)::int from ${galleryCommentReports} r where r.tenant_id = ${galleryComments.tenantId} and r.comment_id = ${galleryComments.id})`;
  const rows = await db
    .select({
      comment: galleryComments,
      reports,
      publicationTitle: galleryPublications.title,
    })
    .from(galleryComments)
    .innerJoin(
      galleryPublications,
      and(
        eq(galleryPublications.tenantId, galleryComments.tenantId),
        eq(galleryPublications.id, galleryComments.publicationId),
      ),
    )
    .where(eq(galleryComments.tenantId, tenantId))
    .orderBy(desc(reports), desc(galleryComments.createdAt), desc(galleryComments.id))
    .limit(limit);
  return rows.map((r) => ({
    ...r.comment,
    reports: Number(r.reports),
    publicationTitle: r.publicationTitle,
  }));
}

export async function setCommentHidden(
  db: Db,
  tenantId: string,
  id: string,
  hiddenAt: Date | null,
): Promise<GalleryComment | null> {
  const rows = await db
    .update(galleryComments)
    .set({ hiddenAt })
    .where(and(eq(galleryComments.tenantId, tenantId), eq(galleryComments.id, id)))
    .returning();
  return rows[0] ?? null;
}

export async function countReports(db: Db, tenantId: string, commentId: string): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(galleryCommentReports)
    .where(
      and(
        eq(galleryCommentReports.tenantId, tenantId),
        eq(galleryCommentReports.commentId, commentId),
      ),
    );
  return Number(rows[0]?.n ?? 0);
}

/** Records that `designId` was remixed from the publication; false when it already was. */
export async function recordRemix(
  db: Db,
  r: { id: string; tenantId: string; publicationId: string; designId: string; at: Date },
): Promise<boolean> {
  const rows = await db
    .insert(galleryRemixes)
    .values({
      id: r.id,
      tenantId: r.tenantId,
      publicationId: r.publicationId,
      designId: r.designId,
      createdAt: r.at,
    })
    .onConflictDoNothing()
    .returning({ id: galleryRemixes.id });
  return rows.length > 0;
}

/** The publication a design was remixed from, if it still exists. */
export async function remixSourceOf(
  db: Db,
  tenantId: string,
  designId: string,
): Promise<Publication | null> {
  const rows = await db
    .select({ publication: galleryPublications })
    .from(galleryRemixes)
    .innerJoin(
      galleryPublications,
      and(
        eq(galleryPublications.tenantId, galleryRemixes.tenantId),
        eq(galleryPublications.id, galleryRemixes.publicationId),
      ),
    )
    .where(and(eq(galleryRemixes.tenantId, tenantId), eq(galleryRemixes.designId, designId)));
  return rows[0]?.publication ?? null;
}

const ofCustomer = <
  T extends typeof galleryPublications | typeof galleryLikes | typeof galleryComments,
>(
  table: T,
  tenantId: string,
  customerId: string,
) => and(eq(table.tenantId, tenantId), eq(table.customerId, customerId));

/** What the gallery holds of one customer (for the privacy centre). */
export async function customerGalleryData(db: Db, tenantId: string, customerId: string) {
  return {
    publications: await db
      .select()
      .from(galleryPublications)
      .where(ofCustomer(galleryPublications, tenantId, customerId)),
    likes: await db
      .select()
      .from(galleryLikes)
      .where(ofCustomer(galleryLikes, tenantId, customerId)),
    comments: await db
      .select()
      .from(galleryComments)
      .where(ofCustomer(galleryComments, tenantId, customerId)),
    reports: await db
      .select()
      .from(galleryCommentReports)
      .where(
        and(
          eq(galleryCommentReports.tenantId, tenantId),
          eq(galleryCommentReports.customerId, customerId),
        ),
      ),
  };
}

/** Deletes everything the customer put in the gallery (withdrawal of consent, erasure). */
export async function deleteCustomerGalleryData(db: Db, tenantId: string, customerId: string) {
  const reports = await db
    .delete(galleryCommentReports)
    .where(
      and(
        eq(galleryCommentReports.tenantId, tenantId),
        eq(galleryCommentReports.customerId, customerId),
      ),
    )
    .returning({ id: galleryCommentReports.id });
  const comments = await db
    .delete(galleryComments)
    .where(ofCustomer(galleryComments, tenantId, customerId))
    .returning({ id: galleryComments.id });
  const likes = await db
    .delete(galleryLikes)
    .where(ofCustomer(galleryLikes, tenantId, customerId))
    .returning({ id: galleryLikes.id });
  // Their publications go with the likes, comments and remix credits others gave them (cascade).
  const publications = await db
    .delete(galleryPublications)
    .where(ofCustomer(galleryPublications, tenantId, customerId))
    .returning({ id: galleryPublications.id });
  return {
    publications: publications.length,
    likes: likes.length,
    comments: comments.length,
    reports: reports.length,
  };
}
