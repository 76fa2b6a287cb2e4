// Which campaigns a customer was chosen for (mailed, skipped or held out) is marketing data about
// them: shown in their holdings and export, deleted on erasure (the account row is anonymized,
// not deleted, so the foreign key alone would not). The mails themselves are in the outbox,
// which notify's holder covers.
import { and, eq } from 'drizzle-orm';
import type { DataSubject, PersonalDataHolder } from '../privacy/personal-data.ts';
import { campaignRecipients, campaigns } from './campaigns.schema.ts';

const ofSubject = (s: DataSubject) =>
  and(eq(campaignRecipients.tenantId, s.tenantId), eq(campaignRecipients.customerId, s.customerId));

export const campaignRecipientHolder: PersonalDataHolder = {
  name: 'campaigns',
  async holdings(db, s) {
    const rows = await db
      .select({ id: campaignRecipients.campaignId })
      .from(campaignRecipients)
      .where(ofSubject(s));
    return rows.length
      ? [{ purpose: 'marketing', what: 'campaigns you were chosen for', count: rows.length }]
      : [];
  },
  async export(db, s) {
    const rows = await db
      .select({
        campaign: campaigns.name,
        arm: campaignRecipients.arm,
        state: campaignRecipients.state,
        skipReason: campaignRecipients.skipReason,
        at: campaignRecipients.doneAt,
      })
      .from(campaignRecipients)
      .innerJoin(
        campaigns,
        and(
          eq(campaigns.tenantId, campaignRecipients.tenantId),
          eq(campaigns.id, campaignRecipients.campaignId),
        ),
      )
      .where(ofSubject(s));
    return {
      campaigns: rows.map((r) => ({
        campaign: r.campaign,
        group: r.arm === 'holdout' ? 'hold-out (sent nothing)' : 'mailed',
        state: r.state,
        skipReason: r.skipReason,
        at: r.at?.toISOString() ?? null,
      })),
    };
  },
  async erase(db, s) {
    const rows = await db
      .delete(campaignRecipients)
      .where(ofSubject(s))
      .returning({ id: campaignRecipients.campaignId });
    const deleted: Record<string, number> = rows.length ? { campaignRecipients: rows.length } : {};
    return { deleted, kept: [] };
  },
};
