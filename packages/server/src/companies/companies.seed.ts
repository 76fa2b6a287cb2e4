// The demo company portal: Acme gets its address (/company/acme), a logo, two locations, an
// admin, and on the laptop an approved space and a fixed standard design. Runs after the
// people (Acme, its buyer and approver) and the catalog (the laptop).
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { generatePassword, hashPassword } from '../auth/passwords.ts';
import { putAsset } from '../assets/assets.store.ts';
import { compiledVersion } from '../catalog/catalog.ts';
import { findProductBySlug, publishedVersions } from '../catalog/catalog.store.ts';
import type { DemoSeedContext } from '../seed/demo.ts';
import { businessAccounts } from '../users/users.schema.ts';
import { insertCustomer } from '../users/users.store.ts';
import { compileSpace, type SpaceInput } from './approved-space.ts';
import { insertApprovedConfiguration, insertLocation, updateCompany } from './companies.store.ts';

const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40"><rect width="120" height="40" rx="6" fill="#1f4e79"/><text x="60" y="27" font-family="sans-serif" font-size="20" fill="#fff" text-anchor="middle">ACME</text></svg>`;

/** "Any colour, 16 or 32 GB, Core Ultra 5 or 7, never the 16-inch", Windows Pro, 3-year cover. */
export const DEMO_SPACE: SpaceInput = {
  kind: 'space',
  allowed: { ram: ['gb16', 'gb32'], cpu: ['ultra5', 'ultra7'], storage: ['ssd512', 'tb1'] },
  fixed: { os: 'win_pro', warranty: 'premium3' },
  rules: ['chassis = c14', 'display = oled4k -> ram = gb32'],
};

export const DEMO_FIXED: SpaceInput = {
  kind: 'fixed',
  allowed: {},
  fixed: {
    chassis: 'c14',
    cpu: 'ultra5',
    ram: 'gb16',
    storage: 'tb1',
    display: 'fhd',
    battery: 'wh70',
    gpu: 'integrated',
    colour: 'platinum',
    os: 'win_pro',
    warranty: 'premium3',
  },
  rules: [],
};

export async function seedDemoCompany(ctx: DemoSeedContext): Promise<void> {
  const { db, clock, ids, tenant } = ctx;
  const now = clock.now();
  const [acme] = await db
    .select()
    .from(businessAccounts)
    .where(
      and(eq(businessAccounts.tenantId, tenant.id), eq(businessAccounts.name, 'Acme Interiors')),
    );
  if (!acme) return;
  const bytes = Buffer.from(LOGO);
  await putAsset(db, {
    id: ids.uuid(),
    tenantId: tenant.id,
    key: 'companies/acme-logo.svg',
    contentType: 'image/svg+xml',
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes,
    now,
  });
  await updateCompany(db, tenant.id, acme.id, {
    slug: 'acme',
    logoAssetKey: 'companies/acme-logo.svg',
  });
  const password = generatePassword();
  const admin = await insertCustomer(db, {
    id: ids.uuid(),
    tenantId: tenant.id,
    email: `admin@acme.${tenant.slug}.customerize.dev`,
    name: 'Acme Admin',
    passwordHash: await hashPassword(password),
    businessAccountId: acme.id,
    businessRole: 'admin',
    now,
  });
  ctx.credentials.push({ kind: 'customer', role: 'admin', email: admin.email, password });
  const address = (label: string, line: string, city: string) => ({
    label,
    lines: [line],
    postalCode: '1011 AB',
    city,
    country: 'Netherlands',
  });
  for (const [name, city, budget] of [
    ['Head office', 'Amsterdam', 2_500_000],
    ['Design studio', 'Rotterdam', 1_000_000],
  ] as const) {
    await insertLocation(db, {
      id: ids.uuid(),
      tenantId: tenant.id,
      companyId: acme.id,
      name,
      billingAddress: address('Acme Interiors accounts payable', 'Postbus 100', 'Amsterdam'),
      shippingAddress: address(`Acme Interiors, ${name}`, 'Keizersgracht 1', city),
      budget,
      currency: 'EUR',
      createdAt: now,
      updatedAt: now,
    });
  }
  const laptop = await findProductBySlug(db, tenant.id, 'laptop');
  const [version] = laptop ? await publishedVersions(db, tenant.id, [laptop.id]) : [];
  if (!laptop || !version) return;
  const compiled = await compiledVersion(db, tenant.id, version.id);
  for (const [name, input] of [
    ['Engineer laptop (approved range)', DEMO_SPACE],
    ['Standard engineer laptop', DEMO_FIXED],
  ] as const) {
    // Checked like any approval, so the demo never ships a space without a valid design.
    const space = compileSpace(compiled, input, { id: 'demo', company: acme.name });
    await insertApprovedConfiguration(db, {
      id: ids.uuid(),
      tenantId: tenant.id,
      companyId: acme.id,
      productId: laptop.id,
      name,
      kind: input.kind,
      allowed: Object.fromEntries(
        Object.keys(input.allowed).map((f) => [f, space.restriction.allowed[f]!]),
      ),
      fixed: input.fixed,
      rules: input.rules,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
  }
}
