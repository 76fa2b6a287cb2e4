// Ideas and votes in SQL, every query scoped by tenant. Consent is checked at reading: an idea
// shows only while its author's co-creation consent holds, and a vote counts only while its
// voter's does (consentingCustomersSql, the set-based form of the one consent check), so a
// withdrawal hides the person's ideas and takes their votes out of every count at once.
import { and, asc, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { products } from '../catalog/catalog.schema.ts';
import type { Db } from '../db/types.ts';
import { consentingCustomersSql } from '../privacy/consent.ts';
import type { IdeaRow } from './ideas.ts';
import { ideas, ideaVotes, type IdeaStatus } from './ideas.schema.ts';

export type IdeaFilter = {
  productSlug?: string;
  status?: IdeaStatus;
  sort: 'votes' | 'newest';
  /** Staff see hidden ideas too. */
  includeHidden: boolean;
  /** Whose votes to mark as `voted` (a signed-in customer), else none. */
  viewerCustomerId: string | null;
  limit: number;
  offset: number;
  id?: string;
};

function votesSql(tenantId: string): SQL<number> {
  return sql<number>`(select count(*)::int from ${ideaVotes} v
    where v.tenant_id = ${tenantId} and v.idea_id = ${ideas.id}
      and v.customer_id in ${consentingCustomersSql(tenantId, 'co-creation')})`;
}

export async function listIdeas(db: Db, tenantId: string, f: IdeaFilter): Promise<IdeaRow[]> {
  const votes = votesSql(tenantId);
  const voted =
    f.viewerCustomerId === null
      ? sql<boolean>`false`
      : sql<boolean>`exists (select 1 from ${ideaVotes} v where v.tenant_id = ${tenantId}
          and v.idea_id = ${ideas.id} and v.customer_id = ${f.viewerCustomerId}
          and v.customer_id in ${consentingCustomersSql(tenantId, 'co-creation')})`;
  const rows = await db
    .select({
      id: ideas.id,
      productId: ideas.productId,
      productSlug: products.slug,
      productName: products.name,
      customerId: ideas.customerId,
      authorName: ideas.authorName,
      title: ideas.title,
      description: ideas.description,
      status: ideas.status,
      answer: ideas.answer,
      answeredAt: ideas.answeredAt,
      hiddenAt: ideas.hiddenAt,
      createdAt: ideas.createdAt,
      votes,
      voted,
    })
    .from(ideas)
    .innerJoin(
      products,
      and(eq(products.tenantId, ideas.tenantId), eq(products.id, ideas.productId)),
    )
    .where(
      and(
        eq(ideas.tenantId, tenantId),
        sql`${ideas.customerId} in ${consentingCustomersSql(tenantId, 'co-creation')}`,
        ...(f.includeHidden ? [] : [isNull(ideas.hiddenAt)]),
        ...(f.productSlug === undefined ? [] : [eq(products.slug, f.productSlug)]),
        ...(f.status === undefined ? [] : [eq(ideas.status, f.status)]),
        ...(f.id === undefined ? [] : [eq(ideas.id, f.id)]),
      ),
    )
    .orderBy(...(f.sort === 'votes' ? [desc(votes)] : []), desc(ideas.createdAt), asc(ideas.id))
    .limit(f.limit)
    .offset(f.offset);
  return rows.map((r) => ({ ...r, votes: Number(r.votes), voted: Boolean(r.voted) }));
}

/** One idea as the viewer may see it (visible, author consenting), or null. */
export async function findIdea(
  db: Db,
  tenantId: string,
  id: string,
  opts: { includeHidden: boolean; viewerCustomerId: string | null },
): Promise<IdeaRow | null> {
  const rows = await listIdeas(db, tenantId, { ...opts, id, sort: 'newest', limit: 1, offset: 0 });
  return rows[0] ?? null;
}

export async function insertIdea(db: Db, row: typeof ideas.$inferInsert): Promise<void> {
  await db.insert(ideas).values(row);
}

/** Adds the vote; a second vote by the same customer changes nothing (the unique index). */
export async function addVote(
  db: Db,
  row: { id: string; tenantId: string; ideaId: string; customerId: string; createdAt: Date },
): Promise<void> {
  await db.insert(ideaVotes).values(row).onConflictDoNothing();
}

export async function removeVote(
  db: Db,
  tenantId: string,
  ideaId: string,
  customerId: string,
): Promise<void> {
  await db
    .delete(ideaVotes)
    .where(
      and(
        eq(ideaVotes.tenantId, tenantId),
        eq(ideaVotes.ideaId, ideaId),
        eq(ideaVotes.customerId, customerId),
      ),
    );
}

/** Locks the idea's row for an answer; null when not the tenant's. */
export async function lockIdea(db: Db, tenantId: string, id: string) {
  const rows = await db
    .select()
    .from(ideas)
    .where(and(eq(ideas.tenantId, tenantId), eq(ideas.id, id)))
    .for('update');
  return rows[0] ?? null;
}

export async function updateIdea(
  db: Db,
  tenantId: string,
  id: string,
  set: Partial<
    Pick<typeof ideas.$inferInsert, 'status' | 'answer' | 'answeredAt' | 'hiddenAt' | 'updatedAt'>
  >,
): Promise<void> {
  await db
    .update(ideas)
    .set(set)
    .where(and(eq(ideas.tenantId, tenantId), eq(ideas.id, id)));
}
