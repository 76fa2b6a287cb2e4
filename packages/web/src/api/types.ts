// Shapes of the server's /api/v1 resources as the web app sees them (JSON over HTTP; the web
// app never imports server code). Keep in step with the server's typebox schemas / OpenAPI doc.

export const STAFF_ROLES = ['owner', 'designer', 'sales', 'operations'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ROLE_LABELS: Record<StaffRole, string> = {
  owner: 'Owner',
  designer: 'Designer',
  sales: 'Sales',
  operations: 'Operations',
};

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: string;
  kind: 'staff' | 'customer';
}

export interface TenantRef {
  id: string;
  slug: string;
  name: string;
}

/** Answer of POST /auth/login and GET /auth/me. */
export interface Session {
  user: SessionUser;
  tenant: TenantRef;
  csrfToken: string;
}

export interface TenantSettings {
  currency: string;
  timezone: string;
  guestDesignRetentionDays: number;
}

export interface Tenant extends TenantRef {
  settings: TenantSettings;
}

export interface TenantPatch {
  name?: string;
  settings?: Partial<TenantSettings>;
}

export interface StaffUser {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  disabled: boolean;
  createdAt: string;
}

export interface NewStaffUser {
  email: string;
  name: string;
  role: StaffRole;
  password: string;
}

export interface StaffUserPatch {
  name?: string;
  role?: StaffRole;
  disabled?: boolean;
}

export interface ApiKey {
  id: string;
  name: string;
  role: StaffRole;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Answer of POST /api-keys: the only time the secret is ever shown. */
export interface CreatedApiKey {
  id: string;
  name: string;
  role: StaffRole;
  prefix: string;
  createdAt: string;
  secret: string;
}
