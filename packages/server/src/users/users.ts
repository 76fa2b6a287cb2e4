// Staff and customers as plain data, and the rules about them.
import type { staffUsers, customers, businessAccounts } from './users.schema.ts';
import { Conflict } from '../http/errors.ts';

export const STAFF_ROLES = ['owner', 'designer', 'sales', 'operations'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** A company's people: `admin` manages its portal, approved configurations and people. */
export const BUSINESS_ROLES = ['buyer', 'approver', 'admin'] as const;
export type BusinessRole = (typeof BUSINESS_ROLES)[number];

export type StaffUser = typeof staffUsers.$inferSelect;
/** One of the firm's own staff: any role but a provider's. */
export type FirmStaffUser = StaffUser & { role: StaffRole };
export type Customer = typeof customers.$inferSelect;
export type BusinessAccount = typeof businessAccounts.$inferSelect;

/** Emails compare case-insensitively and without surrounding spaces. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export type StaffView = {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  disabled: boolean;
  createdAt: string;
};

/** The firm's own staff only: the firm's user routes never load a provider's staff. */
export function staffView(u: StaffUser): StaffView {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role as StaffRole,
    disabled: u.disabledAt !== null,
    createdAt: u.createdAt.toISOString(),
  };
}

export type CustomerView = {
  id: string;
  email: string;
  name: string;
  businessAccountId: string | null;
  businessRole: BusinessRole | null;
  createdAt: string;
};

export function customerView(c: Customer): CustomerView {
  return {
    id: c.id,
    email: c.email,
    name: c.name,
    businessAccountId: c.businessAccountId,
    businessRole: c.businessRole,
    createdAt: c.createdAt.toISOString(),
  };
}

/**
 * A firm must keep at least one active owner, or nobody could manage users and keys any more.
 * `activeOwnersAfter` is the number of enabled owners the change would leave.
 */
export function assertAnOwnerRemains(activeOwnersAfter: number): void {
  if (activeOwnersAfter < 1) {
    throw new Conflict('The firm must keep at least one active owner.', [
      { field: 'role', message: 'the last active owner cannot be removed, disabled or demoted' },
    ]);
  }
}

/** Whether a change to `user` leaves them an active owner. */
export function isActiveOwner(u: Pick<StaffUser, 'role' | 'disabledAt'>): boolean {
  return u.role === 'owner' && u.disabledAt === null;
}
