// Personal offers over HTTP (server: offers/offers.routes.ts): the signed-in customer's current
// offers, and the console's list / create / end (owner and sales). Using an offer is the
// `offerId` of the shop quote and order.
import { api } from './client.ts';
import type { Segment } from './insights.ts';

export type OfferKind = 'percent' | 'amount' | 'free-option' | 'faster-date';

export interface CustomerOffer {
  id: string;
  title: string;
  kind: OfferKind;
  gives: string;
  productId: string | null;
  productSlug: string | null;
  validFrom: string;
  validUntil: string;
  code: string;
  link: string;
  usesLeft: number | null;
}

export interface StaffOffer {
  id: string;
  title: string;
  kind: OfferKind;
  gives: string;
  segment: Segment | null;
  customerId: string | null;
  customerName: string | null;
  productId: string | null;
  startsAt: string;
  endsAt: string;
  endedAt: string | null;
  usageLimit: number | null;
  uses: number;
  status: 'scheduled' | 'running' | 'ended' | 'used-up';
}

export interface NewOffer {
  title: string;
  kind: OfferKind;
  percent?: number;
  amount?: number;
  currency?: string;
  feature?: string;
  value?: string;
  daysEarlier?: number;
  segment?: Segment;
  customerId?: string;
  productId?: string;
  startsAt: string;
  endsAt: string;
  usageLimit?: number;
}

export const offersApi = {
  mine: () => api.request<{ offers: CustomerOffer[] }>('GET', '/account/offers'),
  list: () => api.request<{ offers: StaffOffer[] }>('GET', '/offers'),
  create: (input: NewOffer) => api.request<StaffOffer>('POST', '/offers', input),
  end: (id: string) => api.request<StaffOffer>('POST', `/offers/${encodeURIComponent(id)}/end`),
};
