// Campaign rules: what may be saved, the defaults, and the views staff see.
import { ValidationFailed } from '../http/errors.ts';
import type { campaignRecipients, campaigns, campaignSettings } from './campaigns.schema.ts';
import { checkTemplate } from './template.ts';
import type { Uplift } from './uplift.ts';

export type Campaign = typeof campaigns.$inferSelect;
export type Recipient = typeof campaignRecipients.$inferSelect;
export type CampaignSettings = typeof campaignSettings.$inferSelect;

export const DEFAULT_HOLDOUT_PERCENT = 10;
export const MAX_HOLDOUT_PERCENT = 50;
export const DEFAULT_ATTRIBUTION_DAYS = 14;
export const MAX_ATTRIBUTION_DAYS = 90;

/** The frequency cap when the firm has not set one: 2 campaign mails per customer per 7 days. */
export const DEFAULT_FREQUENCY_CAP = { maxMails: 2, perDays: 7 };

/** Recipients claimed per transaction by the send worker: small, so other work interleaves. */
export const SEND_BATCH_SIZE = 25;

export type CampaignInput = {
  name: string;
  subject: string;
  body: string;
  segment: string | null;
  holdoutPercent: number;
  attributionDays: number;
  offerId: string | null;
};

/** Refuses a template with an unknown or misplaced field, naming it (422). */
export function assertTemplate(subject: string, body: string): void {
  const issues = checkTemplate(subject, body);
  if (issues.length > 0) throw new ValidationFailed(issues);
}

export type RecipientCounts = {
  audience: number;
  queued: number;
  sent: number;
  holdout: number;
  skipped: { noConsent: number; frequencyCap: number; unsubscribed: number };
};

export function campaignView(c: Campaign, counts: RecipientCounts | null = null) {
  return {
    id: c.id,
    name: c.name,
    subject: c.subject,
    body: c.body,
    segment: c.segment,
    holdoutPercent: c.holdoutPercent,
    attributionDays: c.attributionDays,
    offerId: c.offerId,
    status: c.status,
    scheduledAt: c.scheduledAt?.toISOString() ?? null,
    seed: c.seed,
    queuedAt: c.queuedAt?.toISOString() ?? null,
    finishedAt: c.finishedAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    ...(counts ? { counts } : {}),
  };
}

/** The end of a campaign's attribution window (exclusive); null before it is queued. */
export function windowOf(c: Campaign): { start: Date; end: Date } | null {
  if (!c.queuedAt) return null;
  return {
    start: c.queuedAt,
    end: new Date(c.queuedAt.getTime() + c.attributionDays * 24 * 60 * 60_000),
  };
}

export type CampaignResults = {
  currency: string;
  window: { start: string; end: string; complete: boolean } | null;
  uplift: Uplift | null;
  /** What the console says of the differences, in words. */
  verdict: { conversion: string; revenuePerCustomer: string } | null;
};

export function verdictOf(u: Uplift): { conversion: string; revenuePerCustomer: string } {
  const say = (d: Uplift['conversion'], what: string) =>
    d.ci === null
      ? `Too few customers to tell whether the campaign changed ${what}.`
      : d.significant
        ? `The campaign ${d.difference > 0 ? 'raised' : 'lowered'} ${what} (95 % confidence interval excludes 0).`
        : `Not significant: the 95 % confidence interval of the difference in ${what} contains 0.`;
  return {
    conversion: say(u.conversion, 'conversion'),
    revenuePerCustomer: say(u.revenuePerCustomer, 'revenue per customer'),
  };
}
