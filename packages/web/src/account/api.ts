// Client calls and shapes of the customer account API (docs/dialogue.md, "Customer accounts").
// The firm is the storefront's: customers sign up with the shop they are in.
import { api } from '../api/client.ts';

export const MIN_PASSWORD_LENGTH = 10;

export interface Channel {
  kind: 'email' | 'phone' | 'sms' | 'post';
  value: string;
}

export interface Address {
  label: string;
  lines: string[];
  postalCode: string;
  city: string;
  country: string;
}

export interface Profile {
  id: string;
  email: string;
  name: string;
  emailVerified: boolean;
  phone: string | null;
  channels: Channel[];
  addresses: Address[];
}

export interface ProfilePatch {
  name?: string;
  phone?: string | null;
  channels?: Channel[];
  addresses?: Address[];
}

export interface Reward {
  id: string;
  description: string;
  kind: string;
  amount: number | null;
  currency: string | null;
  status: 'available' | 'used' | 'revoked';
  grantedAt: string;
  usedAt: string | null;
}

export interface Verified {
  verified: boolean;
  email: string;
  claimed: Record<string, number>;
}

/** One page of a list the server paginates (`?limit=&cursor=`). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ProductRef {
  id: string;
  slug: string;
  name: string;
}

/** A design of the signed-in customer (GET /account/designs), with every saved version. */
export interface AccountDesign {
  id: string;
  name: string;
  product: ProductRef;
  currentVersion: number;
  createdAt: string;
  updatedAt: string;
  /** The design's page; the signed-in owner needs no token. */
  url: string;
  versions: {
    number: number;
    savedAt: string;
    total: number;
    currency: string;
    promisedDate: string | null;
    valid: boolean;
    note: string | null;
    choices: Record<string, string | number | boolean>;
  }[];
}

/** An order of the signed-in customer (GET /account/orders), with its timeline. */
export interface AccountOrder {
  id: string;
  number: number;
  status: string;
  createdAt: string;
  product: ProductRef;
  designId: string | null;
  total: number;
  currency: string;
  promisedDate: string;
  url: string;
  timeline: { status: string; at: string; by: string; note: string | null }[];
}

function pageQuery(cursor: string | null, limit?: number): string {
  const q = new URLSearchParams();
  if (limit) q.set('limit', String(limit));
  if (cursor) q.set('cursor', cursor);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const account = {
  signUp: (input: { tenant: string; email: string; name: string; password: string }) =>
    api.request<{ status: string }>('POST', '/account/signup', input),
  verify: (token: string) => api.request<Verified>('POST', '/account/verify', { token }),
  resendVerification: (input: { tenant: string; email: string }) =>
    api.request<{ status: string }>('POST', '/account/verify/resend', input),
  requestReset: (input: { tenant: string; email: string }) =>
    api.request<{ status: string }>('POST', '/account/password-reset', input),
  confirmReset: (token: string, password: string) =>
    api.request<{ status: string }>('POST', '/account/password-reset/confirm', { token, password }),
  signOutEverywhere: () => api.request<unknown>('POST', '/account/sign-out-everywhere', {}),
  profile: () => api.request<Profile>('GET', '/account/profile'),
  updateProfile: (patch: ProfilePatch) => api.request<Profile>('PATCH', '/account/profile', patch),
  rewards: () => api.request<Reward[]>('GET', '/account/rewards'),
  designs: (cursor: string | null = null, limit?: number) =>
    api.request<Page<AccountDesign>>('GET', `/account/designs${pageQuery(cursor, limit)}`),
  orders: (cursor: string | null = null, limit?: number) =>
    api.request<Page<AccountOrder>>('GET', `/account/orders${pageQuery(cursor, limit)}`),
  unsubscribe: (token: string) => api.request<unknown>('POST', '/account/unsubscribe', { token }),
};

/** The `token` query parameter of the current URL (the links in our emails carry it). */
export function tokenFromUrl(): string {
  return new URLSearchParams(window.location.search).get('token') ?? '';
}

/** Where to go after signing in: `?next=` when it is a path on this site, else the account. */
export function nextPath(): string {
  const next = new URLSearchParams(window.location.search).get('next') ?? '';
  return next.startsWith('/') && !next.startsWith('//') ? next : '/account/profile';
}
