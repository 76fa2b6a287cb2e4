// Demand by option and the variety & effectiveness scorecard over HTTP (server:
// insights/insight-reports.routes.ts). Owner and sales staff; the scorecard also operations.
import { api } from './client.ts';
import { SEGMENT_LABELS } from './insights.ts';

export type OptionValue = string | number | boolean;

export interface ValueDemand {
  feature: string;
  featureLabel: string;
  value: OptionValue;
  valueLabel: string;
  designs: number;
  orders: number;
}

export interface OptionDemand {
  product: { id: string; name: string };
  from: string;
  to: string;
  timezone: string;
  bucket: 'week' | 'month';
  segment: string | null;
  totals: { designs: number; orders: number };
  values: ValueDemand[];
  overTime: (ValueDemand & { bucket: string })[];
  bySegment: (ValueDemand & { segment: string })[];
  explanation: { definition: string; formula: string; segments: string };
}

export interface Explanation {
  definition: string;
  formula: string;
  inputs: { name: string; value: number | string | null }[];
}

export interface ScorecardFigure {
  key: string;
  label: string;
  value: number | string | null;
  unit: 'configurations' | 'orders' | 'percent' | 'days' | 'score';
  explanation: Explanation;
}

export interface ValueMargin {
  feature: string;
  featureLabel: string;
  value: OptionValue;
  valueLabel: string;
  orders: number;
  priceDelta: number;
  costDelta: number | null;
  marginPerOrder: number | null;
  marginTotal: number | null;
  costSource: 'model' | 'providers' | 'missing';
}

export interface Scorecard {
  product: { id: string; name: string };
  from: string;
  to: string;
  timezone: string;
  currency: string | null;
  figures: ScorecardFigure[];
  margins: { costsMissing: boolean; explanation: Explanation; items: ValueMargin[] };
}

export const REPORT_SEGMENT_LABELS: Record<string, string> = {
  ...SEGMENT_LABELS,
  unsegmented: 'Unsegmented',
};

/** Who may read demand by option (the server's OPTION_DEMAND_ROLES: it splits by segment). */
export function canReadOptionDemand(role: string | undefined): boolean {
  return role === 'owner' || role === 'sales';
}

/** Who may read the scorecard (the server's SCORECARD_ROLES). */
export function canReadScorecard(role: string | undefined): boolean {
  return role === 'owner' || role === 'sales' || role === 'operations';
}

export type Period = { product: string; from?: string; to?: string };

function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  return q.toString();
}

export const insightReports = {
  optionDemand: (p: Period & { bucket?: 'week' | 'month'; segment?: string }) =>
    api.request<OptionDemand>('GET', `/insights/option-demand?${query(p)}`),
  scorecard: (p: Period) => api.request<Scorecard>('GET', `/insights/scorecard?${query(p)}`),
};
