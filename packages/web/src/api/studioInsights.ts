// The studio-event insight pages' data (docs/studio-events.md): where customers get stuck
// (GET /insights/stuck) and the studio funnel (GET /insights/funnel).
import { api } from './client.ts';

export interface InsightRange {
  product?: string;
  from?: string;
  to?: string;
}

export interface StuckRule {
  productId: string;
  productSlug: string;
  productName: string;
  rule: string;
  message: string;
  excludedOpened: number;
  whyRead: number;
  choseAnyway: number;
  abandoned: number;
  sessions: number;
  share: number;
  revenueBlocked: number;
  currency: string;
}

export interface StuckAnswer {
  period: { from: string; to: string };
  products: { id: string; slug: string; name: string; sessionsOpened: number }[];
  rules: StuckRule[];
  dropped: { reason: string; count: number }[];
}

export interface FunnelRow {
  productId: string;
  productSlug: string;
  productName: string;
  entry: string;
  opened: number;
  saved: number;
  quoted: number;
  ordered: number;
  savedRate: number;
  quotedRate: number;
  orderedRate: number;
}

function query(range: InsightRange): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(range)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const studioInsights = {
  stuck: (range: InsightRange = {}) =>
    api.request<StuckAnswer>('GET', `/insights/stuck${query(range)}`),
  funnel: (range: InsightRange = {}) =>
    api.request<{ period: { from: string; to: string }; rows: FunnelRow[] }>(
      'GET',
      `/insights/funnel${query(range)}`,
    ),
};

/** "12.5 %" of a share between 0 and 1. */
export function percentText(share: number): string {
  return `${(Math.round(share * 1000) / 10).toLocaleString('en-GB')} %`;
}

export const ENTRY_LABELS: Record<string, string> = {
  all: 'All ways in',
  needs: 'Needs questions',
  options: 'Option by option',
  preset: 'Preset or popular design',
  remix: 'Gallery remix',
  name_your_price: 'Name your price',
};
