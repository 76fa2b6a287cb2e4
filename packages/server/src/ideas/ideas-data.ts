// Ideas and votes in the privacy centre: counted, exported and erased with the rest of the
// customer's data. Erasing deletes the person's ideas (with every vote on them) and their votes.
import { and, eq } from 'drizzle-orm';
import type { DataSubject, PersonalDataHolder } from '../privacy/personal-data.ts';
import { ideas, ideaVotes } from './ideas.schema.ts';

const ofIdeas = (s: DataSubject) =>
  and(eq(ideas.tenantId, s.tenantId), eq(ideas.customerId, s.customerId));
const ofVotes = (s: DataSubject) =>
  and(eq(ideaVotes.tenantId, s.tenantId), eq(ideaVotes.customerId, s.customerId));

export const ideasHolder: PersonalDataHolder = {
  name: 'ideas',
  async holdings(db, s) {
    const mine = await db.select({ id: ideas.id }).from(ideas).where(ofIdeas(s));
    const votes = await db.select({ id: ideaVotes.id }).from(ideaVotes).where(ofVotes(s));
    return [
      { purpose: 'co-creation', what: 'options you suggested (ideas)', count: mine.length },
      { purpose: 'co-creation', what: 'your votes on ideas', count: votes.length },
    ];
  },
  async export(db, s) {
    const mine = await db.select().from(ideas).where(ofIdeas(s)).orderBy(ideas.createdAt);
    const votes = await db
      .select({ ideaId: ideaVotes.ideaId, createdAt: ideaVotes.createdAt })
      .from(ideaVotes)
      .where(ofVotes(s))
      .orderBy(ideaVotes.createdAt);
    return {
      ideas: mine.map((i) => ({
        id: i.id,
        productId: i.productId,
        shownAs: i.authorName,
        title: i.title,
        description: i.description,
        status: i.status,
        answer: i.answer,
        hiddenByStaff: i.hiddenAt !== null,
        createdAt: i.createdAt,
      })),
      votes,
    };
  },
  async erase(db, s) {
    const votes = await db.delete(ideaVotes).where(ofVotes(s)).returning({ id: ideaVotes.id });
    // Votes of others on the person's ideas go with the ideas (foreign key, on delete cascade).
    const mine = await db.delete(ideas).where(ofIdeas(s)).returning({ id: ideas.id });
    return { deleted: { ideas: mine.length, votes: votes.length }, kept: [] };
  },
};
