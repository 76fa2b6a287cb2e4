// Customer value and the customer timeline over HTTP (server: insights/customer-value.routes.ts,
// insights/timeline.routes.ts): the segment lists, recomputing, one customer's timeline. Owner
// and sales staff only; the server audits every read.
import { api } from './client.ts';

export type Segment = 'best' | 'growing' | 'at-risk' | 'lapsed' | 'costly';

export const SEGMENT_LABELS: Record<Segment, string> = {
  best: 'Best',
  growing: 'Growing',
  'at-risk': 'At risk',
  lapsed: 'Lapsed',
  costly: 'Costs more than they bring',
};

export interface CustomerValue {
  customerId: string;
  name?: string;
  email?: string;
  segment: Segment;
  orders: number;
  frequency: number;
  recencyDays: number;
  ageDays: number;
  firstOrderOn: string;
  lastOrderOn: string;
  spent: number;
  currency: string;
  pAlive: number;
  expectedPurchases: number;
  expectedValue: number;
  interactions: number;
  expectedServiceCost: number;
  netValue: number;
  computedAt: string;
}

export interface CustomerValueRun {
  status: 'scored' | 'not-enough-history';
  message: string | null;
  customers: number;
  horizonDays: number;
  costPerInteraction: number;
  asOf: string;
  bestThreshold: number | null;
  computedAt: string;
}

export interface CustomerValueList {
  run: CustomerValueRun | null;
  total: number;
  items: CustomerValue[];
}

export interface TimelineEvent {
  at: string;
  kind: string;
  summary: string;
  refId: string | null;
}

export interface CustomerTimeline {
  customer: { id: string; name: string; email: string; createdAt: string };
  value: CustomerValue | null;
  events: TimelineEvent[];
}

export const PAGE_SIZE = 50;

export const insights = {
  list: (segment: Segment | '', offset: number) => {
    const q = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(offset) });
    if (segment) q.set('segment', segment);
    return api.request<CustomerValueList>('GET', `/customer-values?${q.toString()}`);
  },
  recompute: () => api.request<CustomerValueRun>('POST', '/customer-values/recompute'),
  timeline: (id: string) =>
    api.request<CustomerTimeline>('GET', `/customers/${encodeURIComponent(id)}/timeline`),
};

/** Owner and sales read customer value and timelines; the server refuses other roles. */
export function canReadCustomers(role: string): boolean {
  return role === 'owner' || role === 'sales';
}
