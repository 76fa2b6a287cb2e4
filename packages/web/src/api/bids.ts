// "Name your price" over HTTP (docs: /work/bids-contract.md, the server's bids routes): the
// customer's bid and its answer, confirming an accepted offer, the signed-in customer's bids,
// and the console's list and figures. Kept apart from client.ts so the bids calls and their
// shapes read as one idea; the calls go through the same ApiClient (CSRF, idempotency, errors).
import { api, type ShopApi } from './client.ts';
import type { ChoiceValue, Choices, CustomerOrder, Personalization } from './types.ts';

export interface Money {
  /** Integer minor units (cents). */
  amount: number;
  currency: string;
}

export type BidStatus = 'accepted' | 'refused' | 'expired' | 'converted';

export type BidSuggestion =
  { kind: 'raise-price' } | { kind: 'relax'; features: string[] } | { kind: 'later-date' };

export const BID_STATUS_LABELS: Record<BidStatus, string> = {
  accepted: 'Accepted, waiting for you to confirm',
  refused: 'Not accepted',
  expired: 'Offer expired',
  converted: 'Ordered',
};

/** The product a customer's bid is for, when the server names it. */
export function bidProductName(bid: BidAnswer): string | null {
  return bid.product?.name ?? bid.product?.slug ?? null;
}

export interface BidOffer {
  /** The complete design that will be built. */
  choices: Choices;
  listPrice: Money;
  promisedDate: string;
  /** `id: null` is the firm's own workshop. */
  provider: { id: string | null; name: string };
  expiresAt: string;
}

/** The answer to a bid; accepted and refused answers have the same fields (unused: null / []). */
export interface BidAnswer {
  id: string;
  status: BidStatus;
  price: Money;
  latestDate: string;
  mustHave: Choices;
  flexible: Record<string, ChoiceValue[]>;
  createdAt: string;
  offer: BidOffer | null;
  suggestions: BidSuggestion[];
  acceptedFrom: Money | null;
  rebidAfter: string | null;
  orderId: string | null;
  /** Guests only: the private token of this bid. */
  token?: string;
  /** The product, when the server names it (account and console lists). */
  product?: { id?: string; slug?: string; name?: string } | null;
}

export interface NewBid {
  versionId: string;
  mustHave: Choices;
  flexible?: Record<string, ChoiceValue[]>;
  price: Money;
  latestDate: string;
  personalization?: Personalization;
  email?: string;
}

/** A bid as the firm's staff see it: never the floor; the email only for roles that see
 * personal data (null otherwise). */
export interface StaffBid {
  id: string;
  status: BidStatus;
  productId: string;
  versionId: string;
  customerId: string | null;
  email: string | null;
  price: Money;
  latestDate: string;
  mustHave: Choices;
  flexible: Record<string, ChoiceValue[]>;
  offer: Omit<BidOffer, 'choices'> | null;
  orderId: string | null;
  createdAt: string;
}

export interface BidStats {
  counts: { accepted: number; refused: number; expired: number; converted: number };
  /** Bids by price band [from, to) in minor units, and how many were accepted. */
  bands: { from: number; to: number; bids: number; accepted: number }[];
  /** What orders from bids brought in, and the same orders at list price (minor units). */
  revenue: { bids: number; list: number; listOrders: number; currency: string };
  providers: {
    id: string | null;
    name: string;
    /** Share of the provider's capacity booked, 0..1. */
    load: number;
    /** Bids that became orders built there. */
    routed: number;
    /** Bids accepted with an offer from this provider. */
    accepted: number;
    declined: number;
  }[];
}

export interface BidPage<T> {
  items: T[];
  nextCursor: string | null;
}

const enc = encodeURIComponent;

function pageQuery(params: Record<string, string | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The customer's calls, in the shop of one firm. */
export function shopBids(shop: ShopApi) {
  const base = `/shop/${enc(shop.tenant)}/bids`;
  return {
    create: (bid: NewBid) =>
      shop.client.request<BidAnswer>('POST', base, bid, { idempotent: true }),
    get: (id: string, token?: string | null) =>
      shop.client.request<BidAnswer>('GET', `${base}/${enc(id)}${pageQuery({ token })}`),
    /** Places the order of an accepted offer at the bid price; confirming twice gives the same order. */
    confirm: (id: string, token?: string | null) =>
      shop.client.request<CustomerOrder>(
        'POST',
        `${base}/${enc(id)}/confirm`,
        token ? { token } : {},
        { idempotent: true },
      ),
  };
}

/** The signed-in customer's bids, newest first. */
export function accountBids(cursor: string | null): Promise<BidPage<BidAnswer>> {
  return api.request('GET', `/account/bids${pageQuery({ cursor })}`);
}

export const staffBids = {
  list: (filter: { status?: string; cursor?: string | null } = {}) =>
    api.request<BidPage<StaffBid>>('GET', `/bids${pageQuery(filter)}`),
  stats: () => api.request<BidStats>('GET', '/bids/stats'),
};
