// Sending campaigns, by the background worker: due scheduled campaigns are queued (one set-based
// statement each), then recipients are sent in small batches. Each batch is ONE transaction:
// claim queued recipients (FOR UPDATE SKIP LOCKED), re-check each one's marketing consent and
// the frequency cap, write the mail to the outbox (notify/mail.ts) and mark the recipient sent —
// so a kill -9 at any point either keeps the whole batch (mails and states) or none of it, and
// the next run picks up exactly the recipients still queued: never twice, never lost.
import { sql } from 'drizzle-orm';
import type { AppDeps } from '../deps.ts';
import { learnHere, learnInPool } from '../recommendations/stats-cache.ts';
import type { Db } from '../db/types.ts';
import { sendMail } from '../notify/mail.ts';
import { hasConsent, usePersonalData } from '../privacy/consent.ts';
import { getTenant } from '../tenants/tenants.store.ts';
import { getCustomer } from '../users/users.store.ts';
import type { Campaign } from './campaigns.ts';
import { SEND_BATCH_SIZE } from './campaigns.ts';
import { campaignRecipients, campaigns } from './campaigns.schema.ts';
import {
  dueCampaigns,
  getCampaign,
  getSettings,
  mailsSentSince,
  queueCampaign,
} from './campaigns.store.ts';
import {
  DesignCatalog,
  lastDesignOf,
  recommendedDesign,
  shopLink,
  withCampaign,
  type LinkContext,
  type RecommenderPort,
} from './ports.ts';
import { renderMessage, type OfferLine, type PersonalValues } from './template.ts';
import { describeOffer } from '../offers/use-offer.ts';

/** `compute`, where present, learns recommendation statistics off the event loop. */
type SendDeps = Pick<AppDeps, 'db' | 'clock' | 'ids' | 'config' | 'logger'> &
  Partial<Pick<AppDeps, 'compute'>>;

/** Queues every scheduled campaign whose time has come; returns how many were queued. */
export async function queueDueCampaigns(deps: SendDeps): Promise<number> {
  let queued = 0;
  for (const c of await dueCampaigns(deps.db, deps.clock.now(), 5)) {
    const done = await queueCampaign(deps.db, c.tenantId, c.id, deps.ids.uuid(), deps.clock.now());
    if (done) {
      queued += 1;
      deps.logger.info({ campaign: c.id, ...done }, 'campaign queued');
    }
  }
  return queued;
}

/**
 * What one customer's message says. Their name always (the account itself); their last design
 * and a recommended design only with personalization consent now (tailoring messages to a
 * person is what that purpose covers), else those fields render their fallbacks; the offer
 * when they may use it now (offers/use-offer.ts `describeOffer`: the same checks as an order,
 * a segment's offer only under personalization consent), else its fallback.
 */
export async function personalValuesOf(
  deps: Pick<AppDeps, 'db' | 'clock' | 'ids' | 'logger'>,
  catalog: DesignCatalog,
  ctx: LinkContext,
  campaign: Pick<Campaign, 'tenantId' | 'offerId'>,
  customer: { id: string; name: string },
  recommender: RecommenderPort = recommendedDesign,
): Promise<PersonalValues> {
  const { db } = deps;
  const tenantId = campaign.tenantId;
  const designs = await usePersonalData(
    deps,
    tenantId,
    customer.id,
    'personalization',
    async () => {
      try {
        const last = await lastDesignOf(db, catalog, ctx, tenantId, customer.id);
        const recommended = await recommender(deps, catalog, ctx, tenantId, {
          id: customer.id,
          lastDesignProductId: last?.productId ?? null,
        });
        return {
          lastDesign: last ? { name: last.name, link: last.link, layers: last.layers } : null,
          recommended,
        };
      } catch (error) {
        // A design whose model cannot be read (retired, not servable) is left out, not fatal.
        deps.logger.warn(
          { err: error, campaign: ctx.campaignId },
          'campaign design fields left out',
        );
        return { lastDesign: null, recommended: null };
      }
    },
  );
  const offer =
    campaign.offerId === null
      ? null
      : await offerLineOf(deps, ctx, tenantId, campaign.offerId, customer.id);
  return {
    name: customer.name,
    lastDesign: designs.used ? designs.value.lastDesign : null,
    recommended: designs.used ? designs.value.recommended : null,
    offer,
    shopLink: shopLink(ctx, '/'),
  };
}

const untilFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' });

/**
 * "Spring thanks: 15 % off, valid until 31 May 2027" and the link that applies it in the shop
 * (`?offer=`), carrying the campaign (`&campaign=`); null when the customer may not use it now.
 */
export async function offerLineOf(
  deps: Pick<AppDeps, 'db' | 'clock' | 'ids'>,
  ctx: LinkContext,
  tenantId: string,
  offerId: string,
  customerId: string,
): Promise<OfferLine | null> {
  const offer = await describeOffer(deps, tenantId, offerId, customerId, ctx.publicUrl);
  if (!offer) return null;
  // validUntil is the end of the offer (exclusive): the last day it can be used is the one before
  // it when it ends at midnight.
  const end = new Date(offer.validUntil);
  const lastDay = new Date(end.getTime() - 1);
  return {
    text: `${offer.title}: ${offer.gives}, valid until ${untilFormat.format(lastDay)}`,
    link: withCampaign(ctx, offer.link),
  };
}

type Claimed = { tenant_id: string; campaign_id: string; customer_id: string };

/**
 * Sends one batch of queued recipients (any firm, any sending campaign). Returns how many
 * recipients were handled (sent or skipped); 0 when nothing was due.
 */
export async function runCampaignBatch(
  deps: SendDeps,
  batchSize = SEND_BATCH_SIZE,
): Promise<number> {
  return deps.db.transaction(async (tx) => {
    const claimed = (
      (await tx.execute(sql`
        select r.tenant_id, r.campaign_id, r.customer_id
        from ${campaignRecipients} r
        join ${campaigns} c on c.tenant_id = r.tenant_id and c.id = r.campaign_id
        where r.state = 'queued' and c.status = 'sending'
        order by r.campaign_id, r.customer_id
        limit ${batchSize}
        for update of r skip locked`)) as unknown as { rows: Claimed[] }
    ).rows;
    if (claimed.length === 0) return 0;
    const txDeps = { ...deps, db: tx };
    const now = deps.clock.now();
    const byCampaign = new Map<string, Claimed[]>();
    for (const r of claimed)
      byCampaign.set(r.campaign_id, [...(byCampaign.get(r.campaign_id) ?? []), r]);
    for (const [campaignId, recipients] of byCampaign) {
      const tenantId = recipients[0]!.tenant_id;
      const campaign = (await getCampaign(tx, tenantId, campaignId))!;
      const tenant = (await getTenant(tx, tenantId))!;
      const cap = await getSettings(tx, tenantId);
      const capSince = new Date(now.getTime() - cap.perDays * 24 * 60 * 60_000);
      const ctx: LinkContext = {
        publicUrl: deps.config.publicUrl,
        tenantSlug: tenant.slug,
        campaignId,
      };
      const catalog = new DesignCatalog(
        tx,
        tenantId,
        deps.clock,
        deps.compute ? learnInPool(deps.compute, tx) : learnHere,
      );
      for (const r of recipients) {
        const outcome = await sendOne(
          txDeps,
          catalog,
          ctx,
          campaign,
          r.customer_id,
          cap.maxMails,
          capSince,
        );
        await tx.execute(sql`
          update ${campaignRecipients}
          set state = ${outcome.state}, skip_reason = ${outcome.reason}, mail_id = ${outcome.mailId}, done_at = ${now}
          where tenant_id = ${tenantId} and campaign_id = ${campaignId} and customer_id = ${r.customer_id}`);
      }
      await tx.execute(sql`
        update ${campaigns} set status = 'sent', finished_at = ${now}, updated_at = ${now}
        where tenant_id = ${tenantId} and id = ${campaignId} and status = 'sending'
          and not exists (select 1 from ${campaignRecipients} q
            where q.tenant_id = ${tenantId} and q.campaign_id = ${campaignId} and q.state = 'queued')`);
    }
    return claimed.length;
  });
}

type Outcome = {
  state: 'sent' | 'skipped';
  reason: 'no-consent' | 'frequency-cap' | 'unsubscribed' | null;
  mailId: string | null;
};

async function sendOne(
  deps: SendDeps & { db: Db },
  catalog: DesignCatalog,
  ctx: LinkContext,
  campaign: Campaign,
  customerId: string,
  maxMails: number,
  capSince: Date,
): Promise<Outcome> {
  const { db } = deps;
  const tenantId = campaign.tenantId;
  // Consent now, at sending: a withdrawal since queueing takes effect for this send.
  if (!(await hasConsent(db, tenantId, customerId, 'marketing')))
    return { state: 'skipped', reason: 'no-consent', mailId: null };
  // Two campaigns sending to one customer at once count each other: one at a time per customer.
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`campaign-cap:${customerId}`}))`);
  if ((await mailsSentSince(db, tenantId, customerId, capSince)) >= maxMails)
    return { state: 'skipped', reason: 'frequency-cap', mailId: null };
  const customer = await getCustomer(db, tenantId, customerId);
  if (!customer) return { state: 'skipped', reason: 'no-consent', mailId: null };
  const values = await personalValuesOf(deps, catalog, ctx, campaign, customer);
  const message = renderMessage(campaign.subject, campaign.body, values);
  const mail = await sendMail(deps, tenantId, {
    event: 'campaign',
    to: customer.email,
    subject: message.subject,
    text: message.text,
    html: message.html,
    essential: false,
  });
  if (mail.status === 'suppressed')
    return { state: 'skipped', reason: 'unsubscribed', mailId: null };
  return { state: 'sent', reason: null, mailId: mail.id };
}
