// Client calls and shapes of the privacy API (docs/privacy.md) and the firm's notification
// records (outbox, webhooks, audit log).
import { api } from '../api/client.ts';

export type Purpose = 'necessary' | 'personalization' | 'marketing' | 'research' | 'co-creation';

export const PURPOSE_LABELS: Record<string, string> = {
  necessary: 'Necessary: your account and orders',
  personalization: 'Personalization',
  marketing: 'News and offers',
  research: 'Product research',
  'co-creation': 'Co-creation: gallery, comments and ideas',
};

export interface Notice {
  purpose: string;
  version: number;
  text: string;
}

export interface Incentive {
  id: string;
  purpose: string;
  kind: string;
  description: string;
  amount: number | null;
  currency: string | null;
  active: boolean;
}

export interface PurposeState {
  purpose: Purpose;
  optional: boolean;
  notice: Notice;
  given: boolean;
  since: string | null;
  noticeVersion: number | null;
  offers: Incentive[];
}

export interface ConsentHistoryEntry {
  purpose: string;
  action: string;
  screen: string;
  noticeVersion: number;
  at: string;
}

export interface Consents {
  purposes: PurposeState[];
  history: ConsentHistoryEntry[];
}

export interface Holding {
  purpose: string;
  what: string;
  count: number;
}

export interface ErasureReport {
  erasedAt: string;
  deleted: Record<string, Record<string, number>>;
  kept: Array<{ what: string; count: number; why: string }>;
}

export interface OutboxMail {
  id: string;
  event: string;
  to: string;
  subject: string;
  text: string;
  status: string;
  error: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface WebhookEndpoint {
  id: string;
  url: string;
  events: string[];
  active: boolean;
}

export interface Delivery {
  id: string;
  endpointId: string;
  event: string;
  status: string;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  attemptLog: Array<{
    attempt: number;
    at: string;
    statusCode: number | null;
    error: string | null;
    durationMs: number;
  }>;
}

export interface AuditEntry {
  id: string;
  actorStaffId: string | null;
  actorApiKeyId: string | null;
  customerId: string | null;
  action: string;
  resource: string;
  resourceId: string | null;
  at: string;
}

export const WEBHOOK_EVENTS = [
  'account.verified',
  'message.created',
  'revision.requested',
  'revision.proposed',
  'revision.accepted',
  'revision.declined',
  'order.status_changed',
  'order.changed',
  'order.change_refused',
] as const;

const enc = encodeURIComponent;

export const privacy = {
  consents: () => api.request<Consents>('GET', '/privacy/consents'),
  setConsent: (input: {
    purpose: Purpose;
    given: boolean;
    screen: string;
    noticeVersion: number;
  }) =>
    api.request<{ consents: Consents; rewardsGranted: string[] }>(
      'POST',
      '/privacy/consents',
      input,
    ),
  holdings: () => api.request<Holding[]>('GET', '/privacy/holdings'),
  exportData: () => api.request<unknown>('GET', '/privacy/export'),
  erase: () => api.request<ErasureReport>('POST', '/privacy/erasure', { confirm: true }),

  incentives: () => api.request<Incentive[]>('GET', '/privacy/incentives'),
  offerIncentive: (input: {
    purpose: Purpose;
    kind: 'discount' | 'early-access';
    description: string;
    amount?: number;
    currency?: string;
  }) => api.request<Incentive>('POST', '/privacy/incentives', input, { idempotent: true }),
  endIncentive: (id: string) =>
    api.request<unknown>('POST', `/privacy/incentives/${enc(id)}/end`, {}),

  outbox: () => api.request<OutboxMail[]>('GET', '/outbox?limit=200'),
  webhooks: () => api.request<WebhookEndpoint[]>('GET', '/webhooks'),
  addWebhook: (input: { url: string; events?: string[] }) =>
    api.request<WebhookEndpoint & { secret: string }>('POST', '/webhooks', input, {
      idempotent: true,
    }),
  removeWebhook: (id: string) => api.request<unknown>('DELETE', `/webhooks/${enc(id)}`),
  deliveries: (endpointId?: string) =>
    api.request<Delivery[]>(
      'GET',
      `/webhooks/deliveries?limit=200${endpointId ? `&endpointId=${enc(endpointId)}` : ''}`,
    ),
  retryDelivery: (id: string) =>
    api.request<unknown>('POST', `/webhooks/deliveries/${enc(id)}/retry`, {}),
  audit: (customerId?: string) =>
    api.request<AuditEntry[]>('GET', `/audit${customerId ? `?customerId=${enc(customerId)}` : ''}`),
};
