// SQL for staff, customers and business accounts. Every function is scoped by tenant.
import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import { businessAccounts, customers, staffUsers } from './users.schema.ts';
import type {
  BusinessAccount,
  BusinessRole,
  Customer,
  FirmStaffUser,
  StaffRole,
  StaffUser,
} from './users.ts';

/** The firm's own staff (a provider's staff are listed with their provider, not here). */
export async function listStaff(db: Db, tenantId: string): Promise<FirmStaffUser[]> {
  return (await db
    .select()
    .from(staffUsers)
    .where(and(eq(staffUsers.tenantId, tenantId), ne(staffUsers.role, 'provider')))
    .orderBy(asc(staffUsers.createdAt), asc(staffUsers.email))) as FirmStaffUser[];
}

/** One of the firm's own staff (not a provider's). */
export async function getStaff(
  db: Db,
  tenantId: string,
  id: string,
): Promise<FirmStaffUser | null> {
  const rows = await db
    .select()
    .from(staffUsers)
    .where(
      and(
        eq(staffUsers.tenantId, tenantId),
        eq(staffUsers.id, id),
        ne(staffUsers.role, 'provider'),
      ),
    );
  return (rows[0] as FirmStaffUser | undefined) ?? null;
}

/** A provider's staff member. */
export async function getProviderStaff(
  db: Db,
  tenantId: string,
  id: string,
): Promise<StaffUser | null> {
  const rows = await db
    .select()
    .from(staffUsers)
    .where(
      and(
        eq(staffUsers.tenantId, tenantId),
        eq(staffUsers.id, id),
        eq(staffUsers.role, 'provider'),
      ),
    );
  return rows[0] ?? null;
}

export async function findStaffByEmail(
  db: Db,
  tenantId: string,
  email: string,
): Promise<StaffUser | null> {
  const rows = await db
    .select()
    .from(staffUsers)
    .where(
      and(
        eq(staffUsers.tenantId, tenantId),
        sql`lower(${staffUsers.email}) = ${email.toLowerCase()}`,
      ),
    );
  return rows[0] ?? null;
}

export type NewStaff = {
  id: string;
  tenantId: string;
  email: string;
  name: string;
  role: StaffRole | 'provider';
  /** For role `provider`: the provider they work for. */
  providerId?: string | null;
  passwordHash: string;
  now: Date;
};

export async function insertStaff(db: Db, u: NewStaff): Promise<StaffUser> {
  const rows = await db
    .insert(staffUsers)
    .values({
      id: u.id,
      tenantId: u.tenantId,
      email: u.email,
      name: u.name,
      role: u.role,
      providerId: u.providerId ?? null,
      passwordHash: u.passwordHash,
      createdAt: u.now,
      updatedAt: u.now,
    })
    .returning();
  return rows[0]!;
}

export type StaffChange = { name?: string; role?: StaffRole; disabledAt?: Date | null; now: Date };

export async function updateStaff(
  db: Db,
  tenantId: string,
  id: string,
  change: StaffChange,
): Promise<StaffUser | null> {
  const { now, ...fields } = change;
  const rows = await db
    .update(staffUsers)
    .set({ ...fields, updatedAt: now })
    .where(and(eq(staffUsers.tenantId, tenantId), eq(staffUsers.id, id)))
    .returning();
  return rows[0] ?? null;
}

export async function deleteStaff(db: Db, tenantId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(staffUsers)
    .where(and(eq(staffUsers.tenantId, tenantId), eq(staffUsers.id, id)))
    .returning({ id: staffUsers.id });
  return rows.length > 0;
}

/** Locks the tenant's owner rows, so two concurrent demotions cannot both pass the check. */
export async function countActiveOwnersForUpdate(db: Db, tenantId: string): Promise<number> {
  const rows = await db
    .select({ id: staffUsers.id })
    .from(staffUsers)
    .where(
      and(
        eq(staffUsers.tenantId, tenantId),
        eq(staffUsers.role, 'owner'),
        isNull(staffUsers.disabledAt),
      ),
    )
    .for('update');
  return rows.length;
}

export async function insertBusinessAccount(
  db: Db,
  a: { id: string; tenantId: string; name: string; now: Date },
): Promise<BusinessAccount> {
  const rows = await db
    .insert(businessAccounts)
    .values({ id: a.id, tenantId: a.tenantId, name: a.name, createdAt: a.now })
    .returning();
  return rows[0]!;
}

export async function listBusinessAccounts(db: Db, tenantId: string): Promise<BusinessAccount[]> {
  return db
    .select()
    .from(businessAccounts)
    .where(eq(businessAccounts.tenantId, tenantId))
    .orderBy(asc(businessAccounts.name));
}

export async function getBusinessAccount(
  db: Db,
  tenantId: string,
  id: string,
): Promise<BusinessAccount | null> {
  const rows = await db
    .select()
    .from(businessAccounts)
    .where(and(eq(businessAccounts.tenantId, tenantId), eq(businessAccounts.id, id)));
  return rows[0] ?? null;
}

export type NewCustomer = {
  id: string;
  tenantId: string;
  email: string;
  name: string;
  passwordHash: string | null;
  /** The password was chosen by a staff member (see customers.passwordChosenByStaff). */
  passwordChosenByStaff?: boolean;
  businessAccountId: string | null;
  businessRole: BusinessRole | null;
  now: Date;
};

export async function insertCustomer(db: Db, c: NewCustomer): Promise<Customer> {
  const rows = await db
    .insert(customers)
    .values({
      id: c.id,
      tenantId: c.tenantId,
      email: c.email,
      name: c.name,
      passwordHash: c.passwordHash,
      passwordChosenByStaff: c.passwordChosenByStaff ?? false,
      businessAccountId: c.businessAccountId,
      businessRole: c.businessRole,
      createdAt: c.now,
      updatedAt: c.now,
    })
    .returning();
  return rows[0]!;
}

export async function listCustomers(db: Db, tenantId: string): Promise<Customer[]> {
  return db
    .select()
    .from(customers)
    .where(eq(customers.tenantId, tenantId))
    .orderBy(asc(customers.createdAt), asc(customers.email));
}

export async function getCustomer(db: Db, tenantId: string, id: string): Promise<Customer | null> {
  const rows = await db
    .select()
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), eq(customers.id, id)));
  return rows[0] ?? null;
}

export async function findCustomerByEmail(
  db: Db,
  tenantId: string,
  email: string,
): Promise<Customer | null> {
  const rows = await db
    .select()
    .from(customers)
    .where(
      and(
        eq(customers.tenantId, tenantId),
        sql`lower(${customers.email}) = ${email.toLowerCase()}`,
      ),
    );
  return rows[0] ?? null;
}
