// Company portals over HTTP (issue 12): a company's own people read their portal in the shop;
// the firm's staff read every company with its approvals and locations.
import { api } from './client.ts';
import type { ChoiceValue } from './types.ts';

export interface Company {
  id: string;
  name: string;
  slug: string | null;
  logoUrl: string | null;
  logoAssetKey: string | null;
  portalPath: string | null;
  createdAt: string;
}

export interface CompanyAddress {
  label: string;
  lines: string[];
  postalCode: string;
  city: string;
  country: string;
}

export interface CompanyLocation {
  id: string;
  companyId: string;
  name: string;
  billingAddress: CompanyAddress;
  shippingAddress: CompanyAddress;
  /** Minor units of `currency`; null: no budget. */
  budget: number | null;
  currency: string;
  createdAt: string;
}

export interface ApprovedConfiguration {
  id: string;
  companyId: string;
  productId: string;
  name: string;
  kind: 'fixed' | 'space';
  allowed: Record<string, ChoiceValue[]>;
  fixed: Record<string, ChoiceValue>;
  rules: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface CompanyPortal {
  company: Company;
  role: string | null;
  configurations: Array<{
    configuration: ApprovedConfiguration;
    product: { id: string; slug: string; name: string };
  }>;
  /** For the company admin (and the firm's staff); empty for the others. */
  locations: CompanyLocation[];
  people: Array<{ id: string; name: string; email: string; role: string | null }>;
}

const enc = encodeURIComponent;

export const companies = {
  /** The portal of company `slug`, for its own signed-in people (404 for anyone else). */
  portal(tenant: string, slug: string): Promise<CompanyPortal> {
    return api.request('GET', `/shop/${enc(tenant)}/company/${enc(slug)}`);
  },
  list(): Promise<Company[]> {
    return api.request('GET', '/business-accounts');
  },
  get(id: string): Promise<CompanyPortal> {
    return api.request('GET', `/business-accounts/${enc(id)}`);
  },
};

/** The studio link of an approved configuration: the product, restricted to the approval. */
export function approvedHref(productSlug: string, configurationId: string): string {
  return `/p/${enc(productSlug)}?approved=${enc(configurationId)}`;
}

/** "ram: gb16, gb32 · os: win_pro" — what an approval fixes and limits, briefly. */
export function approvalSummary(c: ApprovedConfiguration): string {
  const parts = [
    ...Object.entries(c.fixed).map(([f, v]) => `${f}: ${String(v)}`),
    ...Object.entries(c.allowed).map(([f, vs]) => `${f}: ${vs.map(String).join(' or ')}`),
    ...c.rules,
  ];
  return parts.join(' · ');
}
