// Tenants (firms) as plain data.
import type { tenants, TenantSettings } from './tenants.schema.ts';

export type Tenant = typeof tenants.$inferSelect;
export type { TenantSettings };

export const defaultTenantSettings: TenantSettings = {
  currency: 'EUR',
  timezone: 'Europe/Amsterdam',
  guestDesignRetentionDays: 30,
};

/** Lowercase letters, digits and single dashes: it appears in URLs and on the sign-in form. */
export const TENANT_SLUG_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';

export function mergeSettings(
  current: TenantSettings,
  change: Partial<TenantSettings>,
): TenantSettings {
  return {
    ...current,
    ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)),
  };
}

export type TenantView = {
  id: string;
  slug: string;
  name: string;
  settings: TenantSettings;
  createdAt: string;
};

export function tenantView(t: Tenant): TenantView {
  return {
    id: t.id,
    slug: t.slug,
    name: t.name,
    settings: t.settings,
    createdAt: t.createdAt.toISOString(),
  };
}
