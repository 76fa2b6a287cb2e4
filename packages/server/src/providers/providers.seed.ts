// The demo firm's providers: its own workshop, and two partners with different capabilities and
// costs — a frame builder that makes city bikes in steel or aluminium (no carbon) for less, and
// a lens lab that makes glasses up to index 1.67 — each with its own work centers and a staff
// member who signs in to the provider view.
import { generatePassword, hashPassword } from '../auth/passwords.ts';
import { findProductBySlug } from '../catalog/catalog.store.ts';
import { insertWorkCenter } from '../capacity/capacity.store.ts';
import { hoursToMinutes } from '../capacity/capacity.ts';
import type { DemoSeedContext } from '../seed/demo.ts';
import { insertStaff } from '../users/users.store.ts';
import { DEFAULT_FLOOR_POLICY } from './providers.ts';
import type { FloorPolicy } from './providers.schema.ts';
import { insertProvider, upsertProviderProduct } from './providers.store.ts';

type DemoPartner = {
  name: string;
  /** The demo credential's role label, e.g. `frame-provider`. */
  credential: string;
  email: string;
  acceptDeadlineHours: number;
  extraLeadDays: number;
  floorPolicy: FloorPolicy;
  product: string;
  allowed: Record<string, (string | number | boolean)[]>;
  baseCost: number;
  optionCosts: Record<string, number>;
  centers: { code: string; name: string; hoursPerDay: number; workingDays: number[] }[];
};

const WEEKDAYS = [1, 2, 3, 4, 5];

export const DEMO_PARTNERS: DemoPartner[] = [
  {
    name: 'Velo Frames Ltd.',
    credential: 'frame-provider',
    email: 'frames',
    acceptDeadlineHours: 24,
    extraLeadDays: 2,
    floorPolicy: {
      ...DEFAULT_FLOOR_POLICY,
      marginAbs: 5000,
      marginPercent: 15,
      yield: { ...DEFAULT_FLOOR_POLICY.yield, enabled: true },
    },
    product: 'city-bike',
    allowed: { frame_material: ['steel', 'aluminium'] },
    baseCost: 32000,
    optionCosts: { 'frame_material=steel': 9000, 'frame_material=aluminium': 7000 },
    centers: [
      { code: 'frame-shop', name: 'Velo frame jigs', hoursPerDay: 16, workingDays: WEEKDAYS },
      { code: 'paint', name: 'Velo paint booth', hoursPerDay: 8, workingDays: WEEKDAYS },
      { code: 'assembly', name: 'Velo assembly', hoursPerDay: 16, workingDays: WEEKDAYS },
    ],
  },
  {
    name: 'ClearView Lens Lab',
    credential: 'lens-provider',
    email: 'lenses',
    acceptDeadlineHours: 12,
    extraLeadDays: 1,
    floorPolicy: { ...DEFAULT_FLOOR_POLICY, marginAbs: 2000, marginPercent: 25 },
    product: 'eyeglasses',
    allowed: { lens_index: ['i150', 'i160', 'i167'] },
    baseCost: 6000,
    optionCosts: {
      'lens_index=i160': 1500,
      'lens_index=i167': 3000,
      'lens_type=progressive': 6000,
    },
    centers: [
      { code: 'lens-lab', name: 'ClearView surfacing', hoursPerDay: 12, workingDays: WEEKDAYS },
      {
        code: 'optical-fitting',
        name: 'ClearView fitting',
        hoursPerDay: 8,
        workingDays: [...WEEKDAYS, 6],
      },
    ],
  },
];

export async function seedDemoProviders(ctx: DemoSeedContext): Promise<void> {
  const { db, clock, ids, tenant } = ctx;
  const now = clock.now();
  await insertProvider(db, {
    id: ids.uuid(),
    tenantId: tenant.id,
    name: 'Our workshop',
    kind: 'own',
    active: true,
    acceptDeadlineHours: null,
    extraLeadDays: 0,
    floorPolicy: DEFAULT_FLOOR_POLICY,
    createdAt: now,
    updatedAt: now,
  });
  const passwords = DEMO_PARTNERS.map(() => generatePassword());
  const hashes = await Promise.all(passwords.map((p) => hashPassword(p)));
  for (const [i, partner] of DEMO_PARTNERS.entries()) {
    const product = await findProductBySlug(db, tenant.id, partner.product);
    if (!product) continue;
    const provider = await insertProvider(db, {
      id: ids.uuid(),
      tenantId: tenant.id,
      name: partner.name,
      kind: 'partner',
      active: true,
      acceptDeadlineHours: partner.acceptDeadlineHours,
      extraLeadDays: partner.extraLeadDays,
      floorPolicy: partner.floorPolicy,
      createdAt: now,
      updatedAt: now,
    });
    await upsertProviderProduct(db, {
      id: ids.uuid(),
      tenantId: tenant.id,
      providerId: provider.id,
      productId: product.id,
      allowed: partner.allowed,
      baseCost: partner.baseCost,
      optionCosts: partner.optionCosts,
      currency: tenant.settings.currency,
      createdAt: now,
      updatedAt: now,
    });
    for (const c of partner.centers)
      await insertWorkCenter(db, {
        id: ids.uuid(),
        tenantId: tenant.id,
        providerId: provider.id,
        code: c.code,
        name: c.name,
        description: `${partner.name}`,
        minutesPerDay: hoursToMinutes(c.hoursPerDay),
        workingDays: c.workingDays,
        now,
      });
    const user = await insertStaff(db, {
      id: ids.uuid(),
      tenantId: tenant.id,
      email: `${partner.email}@${tenant.slug}.customerize.dev`,
      name: `${partner.name} staff`,
      role: 'provider',
      providerId: provider.id,
      passwordHash: hashes[i]!,
      now,
    });
    ctx.credentials.push({
      kind: 'staff',
      role: partner.credential,
      email: user.email,
      password: passwords[i]!,
    });
  }
}
