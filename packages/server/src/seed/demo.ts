// The demo firm created on first start: people now, catalog and examples when their modules add
// seeders. Passwords are random and returned once, for the terminal; only hashes are stored.
import { seedDemoGallery } from '../gallery/gallery.seed.ts';
import { seedDemoQuotes } from '../quotes/quotes.seed.ts';
import { sql } from 'drizzle-orm';
import { seedDemoCatalog } from './demo-catalog.ts';
import { generatePassword, hashPassword } from '../auth/passwords.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { SCHEMA_LOCK } from '../db/migrate.ts';
import type { Ids } from '../ids.ts';
import { defaultTenantSettings, type Tenant } from '../tenants/tenants.ts';
import { findTenantBySlug, insertTenant } from '../tenants/tenants.store.ts';
import { insertBusinessAccount, insertCustomer, insertStaff } from '../users/users.store.ts';
import { STAFF_ROLES, type StaffUser } from '../users/users.ts';
import { seedDemoDialogue } from '../dialogue/dialogue.seed.ts';
import { seedDemoProviders } from '../providers/providers.seed.ts';
import { seedDemoCompany } from '../companies/companies.seed.ts';
import { seedDemoPunchout } from '../punchout/punchout.seed.ts';
import { seedDemoContracts } from '../contracts/contracts.seed.ts';
import { seedDemoApprovals } from '../approvals/approvals.seed.ts';
import { seedDemoCampaigns } from '../campaigns/campaigns.seed.ts';
import { seedDemoOffers } from '../offers/offers.seed.ts';
import { seedDemoServiceLevels } from '../service-levels/service-levels.seed.ts';
import { seedDemoCapacityChanges } from '../capacity/capacity-changes.seed.ts';
import { seedDemoStock } from '../stock/stock.seed.ts';

export type DemoCredential = {
  kind: 'staff' | 'customer';
  role: string;
  email: string;
  password: string;
};

export type DemoSeedContext = {
  db: Db;
  clock: Clock;
  ids: Ids;
  tenant: Tenant;
  /** Filled by the people seeder (which runs first): the demo owner. */
  owner: StaffUser | null;
  /** Accounts whose passwords are printed once. */
  credentials: DemoCredential[];
  /** Also the large generated examples (the Renault Megane): the real first start, not tests. */
  largeExamples?: boolean;
};

/** One module's part of the demo. Runs inside the seeding transaction. */
export type DemoSeeder = (ctx: DemoSeedContext) => Promise<void>;

export async function seedDemoPeople(ctx: DemoSeedContext): Promise<void> {
  const { db, clock, ids, tenant } = ctx;
  const domain = `${tenant.slug}.customerize.dev`;
  const now = clock.now();
  const businessRoles = ['buyer', 'approver'] as const;
  // Hash all passwords at once: argon2 runs on the thread pool, so this takes one hash's time
  // per core instead of six in a row.
  const passwords = [...STAFF_ROLES, ...businessRoles].map(() => generatePassword());
  const hashes = await Promise.all(passwords.map((p) => hashPassword(p)));
  let i = 0;
  for (const role of STAFF_ROLES) {
    const user = await insertStaff(db, {
      id: ids.uuid(),
      tenantId: tenant.id,
      email: `${role}@${domain}`,
      name: `Demo ${role[0]!.toUpperCase()}${role.slice(1)}`,
      role,
      passwordHash: hashes[i]!,
      now,
    });
    if (role === 'owner') ctx.owner = user;
    ctx.credentials.push({ kind: 'staff', role, email: user.email, password: passwords[i]! });
    i += 1;
  }
  const account = await insertBusinessAccount(db, {
    id: ids.uuid(),
    tenantId: tenant.id,
    name: 'Acme Interiors',
    now,
  });
  for (const businessRole of businessRoles) {
    const customer = await insertCustomer(db, {
      id: ids.uuid(),
      tenantId: tenant.id,
      email: `${businessRole}@acme.${domain}`,
      name: `Acme ${businessRole === 'buyer' ? 'Buyer' : 'Approver'}`,
      passwordHash: hashes[i]!,
      businessAccountId: account.id,
      businessRole,
      now,
    });
    ctx.credentials.push({
      kind: 'customer',
      role: businessRole,
      email: customer.email,
      password: passwords[i]!,
    });
    i += 1;
  }
}

/**
 * The demo, in order. Later modules append their seeder here (e.g. the catalog's demo products
 * after the people); each receives the tenant and the owner.
 */
export const demoSeeders: DemoSeeder[] = [
  seedDemoPeople,
  seedDemoCatalog,
  seedDemoDialogue,
  seedDemoProviders,
  seedDemoCompany,
  seedDemoPunchout,
  seedDemoContracts,
  seedDemoApprovals,
  seedDemoQuotes,
  seedDemoCampaigns,
  seedDemoOffers,
  seedDemoServiceLevels,
  seedDemoCapacityChanges,
  seedDemoGallery,
  seedDemoStock,
];

export type DemoSeedResult = { tenant: Tenant; credentials: DemoCredential[] };

export const DEMO_TENANT = { slug: 'demo', name: 'Demo Workshop' };

/** Creates a demo firm with everything the seeders add, in one transaction. */
export async function seedDemo(
  db: Db,
  deps: { clock: Clock; ids: Ids },
  firm: { slug: string; name: string } = DEMO_TENANT,
  options: { largeExamples?: boolean } = {},
): Promise<DemoSeedResult> {
  return db.transaction(async (tx) => {
    const tenant = await insertTenant(tx, {
      id: deps.ids.uuid(),
      slug: firm.slug,
      name: firm.name,
      settings: defaultTenantSettings,
      now: deps.clock.now(),
    });
    const ctx: DemoSeedContext = {
      db: tx,
      clock: deps.clock,
      ids: deps.ids,
      tenant,
      owner: null,
      credentials: [],
      ...(options.largeExamples ? { largeExamples: true } : {}),
    };
    for (const seeder of demoSeeders) await seeder(ctx);
    return { tenant, credentials: ctx.credentials };
  });
}

/**
 * Seeds the demo firm unless it exists. Server processes starting together on one PostgreSQL
 * take a transaction-level advisory lock, so exactly one of them seeds.
 */
export async function seedDemoOnFirstRun(
  db: Db,
  deps: { clock: Clock; ids: Ids },
  options: { largeExamples?: boolean } = {},
): Promise<DemoSeedResult | null> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SCHEMA_LOCK})`);
    if (await findTenantBySlug(tx, DEMO_TENANT.slug)) return null;
    return seedDemo(tx, deps, DEMO_TENANT, options);
  });
}

/** The lines printed once to the terminal after the demo was created. */
export function formatDemoCredentials(result: DemoSeedResult, baseUrl: string): string {
  const width = Math.max(...result.credentials.map((c) => c.email.length));
  const lines = result.credentials.map(
    (c) => `  ${`${c.kind} ${c.role}`.padEnd(20)} ${c.email.padEnd(width)}  ${c.password}`,
  );
  return [
    '',
    `Created the demo firm "${result.tenant.name}" (firm: ${result.tenant.slug}).`,
    `Staff sign in at ${baseUrl}/console, customers at ${baseUrl}/. These passwords are shown only this once:`,
    ...lines,
    '',
  ].join('\n');
}
