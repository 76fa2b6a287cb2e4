// Companies as plain data: the views the API answers with, and who in a company may do what.
import type { Value } from '@customerize/engine';
import type { PostalAddress } from '../accounts/accounts.schema.ts';
import type { Tenant } from '../tenants/tenants.ts';
import type { BusinessAccount, BusinessRole, Customer } from '../users/users.ts';
import type { ApprovedConfiguration, CompanyLocation } from './companies.store.ts';

export type CompanyView = {
  id: string;
  name: string;
  slug: string | null;
  /** The logo's URL in the firm's shop, or null. */
  logoUrl: string | null;
  logoAssetKey: string | null;
  /** The portal's path in the web app, or null while the company has no slug. */
  portalPath: string | null;
  createdAt: string;
};

export function companyView(tenant: Pick<Tenant, 'slug'>, c: BusinessAccount): CompanyView {
  return {
    id: c.id,
    name: c.name,
    slug: c.slug,
    logoUrl: c.logoAssetKey
      ? `/api/v1/shop/${tenant.slug}/assets/${c.logoAssetKey.split('/').map(encodeURIComponent).join('/')}`
      : null,
    logoAssetKey: c.logoAssetKey,
    portalPath: c.slug ? `/company/${c.slug}` : null,
    createdAt: c.createdAt.toISOString(),
  };
}

export type LocationView = {
  id: string;
  companyId: string;
  name: string;
  billingAddress: PostalAddress;
  shippingAddress: PostalAddress;
  /** Minor units of `currency`; null: no budget. */
  budget: number | null;
  currency: string;
  createdAt: string;
};

export function locationView(l: CompanyLocation): LocationView {
  return {
    id: l.id,
    companyId: l.companyId,
    name: l.name,
    billingAddress: l.billingAddress,
    shippingAddress: l.shippingAddress,
    budget: l.budget,
    currency: l.currency,
    createdAt: l.createdAt.toISOString(),
  };
}

export type ApprovedConfigurationView = {
  id: string;
  companyId: string;
  productId: string;
  name: string;
  kind: 'fixed' | 'space';
  allowed: Record<string, Value[]>;
  fixed: Record<string, Value>;
  rules: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
};

export function approvedConfigurationView(c: ApprovedConfiguration): ApprovedConfigurationView {
  return {
    id: c.id,
    companyId: c.companyId,
    productId: c.productId,
    name: c.name,
    kind: c.kind,
    allowed: c.allowed,
    fixed: c.fixed,
    rules: c.rules,
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export type MemberView = { id: string; name: string; email: string; role: BusinessRole | null };

export function memberView(c: Customer): MemberView {
  return { id: c.id, name: c.name, email: c.email, role: c.businessRole };
}

/** The company admin manages the portal: its people, locations and approved configurations. */
export function isCompanyAdmin(c: Pick<Customer, 'businessRole'>): boolean {
  return c.businessRole === 'admin';
}
