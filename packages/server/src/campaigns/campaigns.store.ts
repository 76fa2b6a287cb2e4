// SQL of campaigns: the campaigns themselves, queueing an audience in one set-based statement,
// recipient counts, the frequency cap, and the figures of the uplift. Every query is scoped by
// tenant.
import { and, desc, eq, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import { customerValues } from '../insights/customer-value.schema.ts';
import { consentingCustomersSql } from '../privacy/consent.ts';
import type { CampaignInput, CampaignSettings, Campaign, RecipientCounts } from './campaigns.ts';
import { DEFAULT_FREQUENCY_CAP } from './campaigns.ts';
import { campaignRecipients, campaigns, campaignSettings } from './campaigns.schema.ts';
import type { ArmFigures } from './uplift.ts';

type Rows<T> = { rows: T[] };
const rowsOf = <T>(result: unknown) => (result as Rows<T>).rows;

export async function insertCampaign(
  db: Db,
  c: CampaignInput & { id: string; tenantId: string; createdBy: string | null; now: Date },
): Promise<Campaign> {
  const { now, ...fields } = c;
  const rows = await db
    .insert(campaigns)
    .values({ ...fields, status: 'draft', createdAt: now, updatedAt: now })
    .returning();
  return rows[0]!;
}

export async function getCampaign(db: Db, tenantId: string, id: string): Promise<Campaign | null> {
  const rows = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.tenantId, tenantId), eq(campaigns.id, id)));
  return rows[0] ?? null;
}

export async function listCampaigns(db: Db, tenantId: string, limit: number): Promise<Campaign[]> {
  return db
    .select()
    .from(campaigns)
    .where(eq(campaigns.tenantId, tenantId))
    .orderBy(desc(campaigns.createdAt), desc(campaigns.id))
    .limit(limit);
}

/** Changes a draft; null when there is no such draft (gone, or no longer a draft). */
export async function updateDraft(
  db: Db,
  tenantId: string,
  id: string,
  change: Partial<CampaignInput>,
  now: Date,
): Promise<Campaign | null> {
  const rows = await db
    .update(campaigns)
    .set({ ...change, updatedAt: now })
    .where(
      and(eq(campaigns.tenantId, tenantId), eq(campaigns.id, id), eq(campaigns.status, 'draft')),
    )
    .returning();
  return rows[0] ?? null;
}

/** A draft becomes scheduled for `at`; null when it is not a draft. */
export async function scheduleDraft(
  db: Db,
  tenantId: string,
  id: string,
  at: Date,
  now: Date,
): Promise<Campaign | null> {
  const rows = await db
    .update(campaigns)
    .set({ status: 'scheduled', scheduledAt: at, updatedAt: now })
    .where(
      and(eq(campaigns.tenantId, tenantId), eq(campaigns.id, id), eq(campaigns.status, 'draft')),
    )
    .returning();
  return rows[0] ?? null;
}

/**
 * Stops a scheduled or sending campaign: nothing more is sent (recipients still queued stay so,
 * and are not counted as sent). Null when it was neither.
 */
export async function cancelCampaign(
  db: Db,
  tenantId: string,
  id: string,
  now: Date,
): Promise<Campaign | null> {
  const rows = await db
    .update(campaigns)
    .set({ status: 'cancelled', finishedAt: now, updatedAt: now })
    .where(
      and(
        eq(campaigns.tenantId, tenantId),
        eq(campaigns.id, id),
        sql`${campaigns.status} in ('scheduled', 'sending')`,
      ),
    )
    .returning();
  return rows[0] ?? null;
}

/**
 * The audience as a subquery of customer ids: customers with marketing consent now, and, for a
 * segment, scored into it with personalization consent now (customer value is profiling under
 * that purpose; a withdrawal hides the figures at once, before the next recompute deletes them).
 */
export function audienceSql(tenantId: string, segment: string | null) {
  const marketing = consentingCustomersSql(tenantId, 'marketing');
  if (segment === null)
    return sql`(select c.id from customers c where c.tenant_id = ${tenantId} and c.id in ${marketing})`;
  return sql`(select v.customer_id as id from ${customerValues} v
    where v.tenant_id = ${tenantId} and v.segment = ${segment}
      and v.customer_id in ${marketing}
      and v.customer_id in ${consentingCustomersSql(tenantId, 'personalization')})`;
}

/** 2^52: the draw is the first 52 bits of md5(seed || customer id) as a fraction in [0, 1). */
const TWO_52 = 4503599627370496;

/**
 * Queues a due scheduled campaign's audience in ONE statement (INSERT … SELECT): each customer's
 * draw from the seed, the hold-out arm below holdoutPercent, everyone else queued for mail.
 * The campaign row is locked (SKIP LOCKED: another process queueing it is left to it) and moves
 * to `sending` in the same transaction. Returns the recipients queued, or null when the campaign
 * was not (or no longer) scheduled and due.
 */
export async function queueCampaign(
  db: Db,
  tenantId: string,
  id: string,
  seed: string,
  now: Date,
): Promise<{ audience: number; holdout: number } | null> {
  return db.transaction(async (tx) => {
    const locked = rowsOf<{ segment: string | null; holdout_percent: number }>(
      await tx.execute(sql`
        select segment, holdout_percent from ${campaigns}
        where tenant_id = ${tenantId} and id = ${id} and status = 'scheduled' and scheduled_at <= ${now}
        for update skip locked`),
    );
    const c = locked[0];
    if (!c) return null;
    const cut = c.holdout_percent / 100;
    const inserted = rowsOf<{ audience: number; holdout: number }>(
      await tx.execute(sql`
        with drawn as (
          select a.id as customer_id,
            ('x' || substr(md5(${seed} || a.id::text), 1, 13))::bit(52)::bigint::float8 / ${TWO_52}::float8 as draw
          from ${audienceSql(tenantId, c.segment)} a
        ), ins as (
          insert into ${campaignRecipients} (tenant_id, campaign_id, customer_id, arm, draw, state)
          select ${tenantId}, ${id}, d.customer_id,
            case when d.draw < ${cut} then 'holdout' else 'mail' end, d.draw,
            case when d.draw < ${cut} then 'holdout' else 'queued' end
          from drawn d
          returning arm
        )
        select count(*)::int as audience, count(*) filter (where arm = 'holdout')::int as holdout from ins`),
    );
    await tx
      .update(campaigns)
      .set({ status: 'sending', seed, queuedAt: now, updatedAt: now })
      .where(and(eq(campaigns.tenantId, tenantId), eq(campaigns.id, id)));
    const r = inserted[0]!;
    return { audience: Number(r.audience), holdout: Number(r.holdout) };
  });
}

/** Scheduled campaigns whose time has come (any firm), oldest first. */
export async function dueCampaigns(
  db: Db,
  now: Date,
  limit: number,
): Promise<{ id: string; tenantId: string }[]> {
  return db
    .select({ id: campaigns.id, tenantId: campaigns.tenantId })
    .from(campaigns)
    .where(and(eq(campaigns.status, 'scheduled'), lte(campaigns.scheduledAt, now)))
    .orderBy(campaigns.scheduledAt, campaigns.id)
    .limit(limit);
}

export async function recipientCounts(
  db: Db,
  tenantId: string,
  campaignId: string,
): Promise<RecipientCounts> {
  const rows = rowsOf<{ state: string; skip_reason: string | null; n: number }>(
    await db.execute(sql`
      select state, skip_reason, count(*)::int as n from ${campaignRecipients}
      where tenant_id = ${tenantId} and campaign_id = ${campaignId}
      group by state, skip_reason`),
  );
  const count = (state: string, reason: string | null = null) =>
    rows
      .filter((r) => r.state === state && (reason === null || r.skip_reason === reason))
      .reduce((n, r) => n + Number(r.n), 0);
  return {
    audience: rows.reduce((n, r) => n + Number(r.n), 0),
    queued: count('queued'),
    sent: count('sent'),
    holdout: count('holdout'),
    skipped: {
      noConsent: count('skipped', 'no-consent'),
      frequencyCap: count('skipped', 'frequency-cap'),
      unsubscribed: count('skipped', 'unsubscribed'),
    },
  };
}

export async function getSettings(
  db: Db,
  tenantId: string,
): Promise<Pick<CampaignSettings, 'maxMails' | 'perDays'>> {
  const rows = await db
    .select({ maxMails: campaignSettings.maxMails, perDays: campaignSettings.perDays })
    .from(campaignSettings)
    .where(eq(campaignSettings.tenantId, tenantId));
  return rows[0] ?? DEFAULT_FREQUENCY_CAP;
}

export async function putSettings(
  db: Db,
  tenantId: string,
  s: { maxMails: number; perDays: number },
  now: Date,
): Promise<void> {
  await db
    .insert(campaignSettings)
    .values({ tenantId, ...s, updatedAt: now })
    .onConflictDoUpdate({ target: campaignSettings.tenantId, set: { ...s, updatedAt: now } });
}

/** Campaign mails the customer was sent since `since` (every campaign of the firm). */
export async function mailsSentSince(
  db: Db,
  tenantId: string,
  customerId: string,
  since: Date,
): Promise<number> {
  const rows = rowsOf<{ n: number }>(
    await db.execute(sql`
      select count(*)::int as n from ${campaignRecipients}
      where tenant_id = ${tenantId} and customer_id = ${customerId} and state = 'sent'
        and done_at > ${since}`),
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * Per arm: customers, those with an order in the window, and the mean and sample variance of
 * revenue per customer, computed by the database in numeric (orders of the signed-in customer, not cancelled, not an unconfirmed
 * guest hold, in the firm's currency; minor units). Both arms, as assigned (intention to treat).
 */
export async function armFigures(
  db: Db,
  tenantId: string,
  campaignId: string,
  window: { start: Date; end: Date },
  currency: string,
): Promise<{ mail: ArmFigures; holdout: ArmFigures }> {
  const rows = rowsOf<{
    arm: string;
    n: number;
    converted: number;
    mean: number;
    variance: number;
  }>(
    await db.execute(sql`
      with per as (
        select r.arm, r.customer_id, coalesce(sum(o.total), 0)::numeric as revenue, count(o.id) as orders
        from ${campaignRecipients} r
        left join orders o on o.tenant_id = r.tenant_id and o.customer_id = r.customer_id
          and o.created_at >= ${window.start} and o.created_at < ${window.end}
          and o.status not in ('cancelled', 'pending_confirmation') and o.currency = ${currency}
        where r.tenant_id = ${tenantId} and r.campaign_id = ${campaignId}
        group by r.arm, r.customer_id
      )
      select arm, count(*)::int as n, count(*) filter (where orders > 0)::int as converted,
        avg(revenue)::float8 as mean, coalesce(var_samp(revenue), 0)::float8 as variance
      from per group by arm`),
  );
  const arm = (name: string): ArmFigures => {
    const r = rows.find((x) => x.arm === name);
    if (!r) return { customers: 0, converted: 0, revenue: { n: 0, mean: 0, variance: 0 } };
    const n = Number(r.n);
    return {
      customers: n,
      converted: Number(r.converted),
      revenue: { n, mean: Number(r.mean), variance: Number(r.variance) },
    };
  };
  return { mail: arm('mail'), holdout: arm('holdout') };
}

/** The campaigns a customer received (sent to them), for their timeline. */
export async function campaignsReceived(
  db: Db,
  tenantId: string,
  customerId: string,
): Promise<{ campaignId: string; name: string; at: Date }[]> {
  const rows = await db
    .select({ campaignId: campaigns.id, name: campaigns.name, at: campaignRecipients.doneAt })
    .from(campaignRecipients)
    .innerJoin(
      campaigns,
      and(
        eq(campaigns.tenantId, campaignRecipients.tenantId),
        eq(campaigns.id, campaignRecipients.campaignId),
      ),
    )
    .where(
      and(
        eq(campaignRecipients.tenantId, tenantId),
        eq(campaignRecipients.customerId, customerId),
        eq(campaignRecipients.state, 'sent'),
      ),
    );
  return rows.map((r) => ({ campaignId: r.campaignId, name: r.name, at: r.at! }));
}
