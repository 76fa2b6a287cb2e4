// Campaigns over HTTP (server: campaigns/campaigns.routes.ts): templates with personal fields,
// audience and hold-out, preview, scheduling, results with the uplift. Owner and sales only.
import { api } from './client.ts';
import type { Segment } from './insights.ts';

export type CampaignStatus = 'draft' | 'scheduled' | 'sending' | 'sent' | 'cancelled';

export interface RecipientCounts {
  audience: number;
  queued: number;
  sent: number;
  holdout: number;
  skipped: { noConsent: number; frequencyCap: number; unsubscribed: number };
}

export interface Campaign {
  id: string;
  name: string;
  subject: string;
  body: string;
  segment: Segment | null;
  holdoutPercent: number;
  attributionDays: number;
  offerId: string | null;
  status: CampaignStatus;
  scheduledAt: string | null;
  seed: string | null;
  queuedAt: string | null;
  finishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  counts?: RecipientCounts;
}

export interface CampaignInput {
  name: string;
  subject: string;
  body: string;
  segment: Segment | null;
  holdoutPercent: number;
  attributionDays: number;
  /** One of the firm's offers the mail carries ({{offer}}); null: none. */
  offerId?: string | null;
}

export interface TemplateField {
  field: string;
  kind: string;
  help: string;
}

export interface Preview {
  customerId: string;
  customerName: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Difference {
  difference: number;
  ci: { low: number; high: number } | null;
  significant: boolean;
}

export interface Arm {
  customers: number;
  converted: number;
  conversionRate: number;
  revenuePerCustomer: number;
}

export interface Results {
  currency: string;
  window: { start: string; end: string; complete: boolean } | null;
  counts: RecipientCounts;
  uplift: {
    mailed: Arm;
    holdout: Arm;
    conversion: Difference;
    revenuePerCustomer: Difference;
  } | null;
  verdict: { conversion: string; revenuePerCustomer: string } | null;
}

export interface FrequencyCap {
  maxMails: number;
  perDays: number;
}

const path = (id: string) => `/campaigns/${encodeURIComponent(id)}`;

export const campaigns = {
  list: () => api.request<Campaign[]>('GET', '/campaigns'),
  get: (id: string) => api.request<Campaign>('GET', path(id)),
  create: (input: CampaignInput) =>
    api.request<Campaign>('POST', '/campaigns', input, { idempotent: true }),
  update: (id: string, input: Partial<CampaignInput>) =>
    api.request<Campaign>('PATCH', path(id), input),
  schedule: (id: string, at: string | null) =>
    api.request<Campaign>('POST', `${path(id)}/schedule`, at ? { at } : {}),
  cancel: (id: string) => api.request<Campaign>('POST', `${path(id)}/cancel`),
  preview: (id: string) => api.request<Preview>('GET', `${path(id)}/preview`),
  results: (id: string) => api.request<Results>('GET', `${path(id)}/results`),
  fields: () => api.request<TemplateField[]>('GET', '/campaign-fields'),
  cap: () => api.request<FrequencyCap>('GET', '/campaign-settings'),
  setCap: (cap: FrequencyCap) => api.request<FrequencyCap>('PUT', '/campaign-settings', cap),
};
