// Managing the provider network: every management action lands in the staff audit log, the
// firm's accept deadline applies to partners without their own, the background worker moves
// overdue orders on every few minutes, a provider's staff belong to a provider of their own firm
// (the database refuses anything else), and partners get work centers of their own.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import pino from 'pino';
import { orderBookings } from '../src/capacity/capacity.store.ts';
import { defaultAppConfig } from '../src/config.ts';
import { defaultWorkerOptions, startWorkers } from '../src/notify/workers.ts';
import { getOrder, listOrderEvents } from '../src/orders/orders.store.ts';
import { auditLog } from '../src/privacy/privacy.schema.ts';
import { listProviders, type Provider } from '../src/providers/providers.store.ts';
import { expireRoutings } from '../src/providers/routing.ts';
import { insertStaff } from '../src/users/users.store.ts';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { completePreset, orderAsGuest, shopProduct } from './helpers/shop.ts';

let t: TestApp;
let alpha: Firm;
let beta: Firm;
let owner: SignedIn;
let frames: SignedIn;
let velo: Provider;
let lensLab: Provider;

before(async () => {
  t = await createTestApp();
  alpha = await t.seedFirm('alpha');
  beta = await t.seedFirm('beta');
  owner = await t.signIn(alpha, 'owner');
  frames = await t.signIn(alpha, 'frame-provider');
  const providers = await listProviders(t.db, alpha.tenant.id);
  velo = providers.find((p) => p.name === 'Velo Frames Ltd.')!;
  lensLab = providers.find((p) => p.name === 'ClearView Lens Lab')!;
});
after(() => t.close());

async function call(method: 'POST' | 'PATCH', url: string, payload: object, who = owner) {
  const res = await t.app.inject({ method, url, headers: who.headers, payload });
  assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json<Record<string, unknown>>();
}

async function auditOf(resource: string, resourceId: string) {
  return t.db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.tenantId, alpha.tenant.id),
        eq(auditLog.resource, resource),
        eq(auditLog.resourceId, resourceId),
      ),
    );
}

async function bikeOrder() {
  const bike = await shopProduct(t, 'alpha', 'city-bike');
  return orderAsGuest(t, 'alpha', bike.version.id, completePreset(bike));
}

test('creating and changing a provider, its offer, its staff and its work centers is written to the staff audit log', async () => {
  const bike = await shopProduct(t, 'alpha', 'city-bike');
  const created = await call('POST', '/api/v1/providers', { name: 'Audited Frames' });
  const id = created.id as string;
  await call('PATCH', `/api/v1/providers/${id}`, { extraLeadDays: 3 });
  await call('POST', `/api/v1/providers/${id}/products`, {
    productId: bike.product.id,
    allowed: { frame_material: ['steel'] },
    baseCost: 30_000,
    optionCosts: { 'frame_material=steel': 8_000 },
    currency: 'EUR',
  });
  const staff = await call('POST', `/api/v1/providers/${id}/staff`, {
    email: 'anna@audited.example',
    name: 'Anna',
    password: 'a long enough password',
  });
  const withCenter = await call('POST', `/api/v1/providers/${id}/work-centers`, {
    code: 'frame-shop',
    name: 'Audited jigs',
    hoursPerDay: 8,
    workingDays: [1, 2, 3, 4, 5],
  });
  const center = (withCenter.workCenters as { id: string }[])[0]!;
  const providerRows = await auditOf('provider', id);
  assert.equal(providerRows.length, 2, 'created and changed');
  for (const row of providerRows) {
    assert.equal(row.actorStaffId, owner.userId);
    assert.equal(row.action, 'change');
    assert.equal(row.customerId, null);
  }
  const [offer] = await t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, alpha.tenant.id), eq(auditLog.resource, 'provider-product')));
  assert.ok(offer, 'the offer is audited');
  assert.equal((await auditOf('provider-staff', staff.id as string)).length, 1);
  assert.equal((await auditOf('work-center', center.id)).length, 1);
  await call('PATCH', `/api/v1/providers/${id}`, { active: false });
});

test('routing an order, and the provider’s accept and decline, are audited with the acting person and the order’s customer', async () => {
  const first = await bikeOrder();
  await call('POST', `/api/v1/orders/${first.id}/route`, { providerId: velo.id });
  await call('POST', `/api/v1/provider/orders/${first.id}/accept`, {}, frames);
  const second = await bikeOrder();
  await call('POST', `/api/v1/orders/${second.id}/route`, { providerId: velo.id });
  await call('POST', `/api/v1/provider/orders/${second.id}/decline`, { reason: 'busy' }, frames);
  const actors = async (orderId: string) =>
    (await auditOf('order-routing', orderId)).map((r) => r.actorStaffId).sort();
  assert.deepEqual(await actors(first.id), [owner.userId, frames.userId].sort());
  assert.deepEqual(await actors(second.id), [owner.userId, frames.userId].sort());
  // The audit page lists them for the owner.
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/audit', headers: owner.headers });
  const listed = res.json<{ resource: string; resourceId: string }[]>();
  assert.ok(listed.some((e) => e.resource === 'order-routing' && e.resourceId === first.id));
});

test('a partner without a deadline of its own gets the firm’s providerAcceptHours, 48 when the firm sets none', async () => {
  const created = await call('POST', '/api/v1/providers', { name: 'Firm-deadline Frames' });
  assert.equal(created.acceptDeadlineHours, null, 'no deadline of its own');
  const id = created.id as string;
  const bike = await shopProduct(t, 'alpha', 'city-bike');
  await call('POST', `/api/v1/providers/${id}/products`, {
    productId: bike.product.id,
    allowed: { frame_material: ['steel', 'aluminium'] },
    baseCost: 100,
    optionCosts: {},
    currency: 'EUR',
  });
  try {
    const deadlineAfterRouting = async () => {
      const order = await bikeOrder();
      const routed = await call('POST', `/api/v1/orders/${order.id}/route`, { providerId: id });
      return (new Date(routed.deadline as string).getTime() - t.clock.now().getTime()) / 3_600_000;
    };
    assert.equal(await deadlineAfterRouting(), 48, 'the default');
    const tenant = await call('PATCH', '/api/v1/tenant', { settings: { providerAcceptHours: 6 } });
    assert.equal((tenant.settings as { providerAcceptHours: number }).providerAcceptHours, 6);
    assert.equal(await deadlineAfterRouting(), 6, 'the firm’s setting');
    await call('PATCH', `/api/v1/providers/${id}`, { acceptDeadlineHours: 12 });
    assert.equal(await deadlineAfterRouting(), 12, 'the provider’s own value wins');
  } finally {
    await call('PATCH', `/api/v1/providers/${id}`, { active: false });
  }
  const bad = await t.app.inject({
    method: 'PATCH',
    url: '/api/v1/tenant',
    headers: owner.headers,
    payload: { settings: { providerAcceptHours: 0 } },
  });
  assert.equal(bad.statusCode, 400, bad.body);
});

test('the background worker checks provider deadlines every five minutes and moves an overdue order on', async () => {
  assert.equal(defaultWorkerOptions.routingDeadlineEveryMs, 5 * 60_000);
  const order = await bikeOrder();
  await call('POST', `/api/v1/orders/${order.id}/route`, { providerId: velo.id });
  t.clock.advance(velo.acceptDeadlineHours! * 3_600_000 + 1_000);
  const stop = startWorkers(
    {
      db: t.db,
      clock: t.clock,
      ids: t.ids,
      logger: pino({ level: 'silent' }),
      config: { ...defaultAppConfig, webDir: null },
    },
    { pollMs: 10, routingDeadlineEveryMs: 20 },
  );
  try {
    const until = Date.now() + 10_000;
    for (;;) {
      const now = (await getOrder(t.db, alpha.tenant.id, order.id))!;
      if (now.routingStatus !== 'routed') {
        assert.deepEqual(now.declinedProviders, [velo.id]);
        break;
      }
      assert.ok(Date.now() < until, 'the worker moved the overdue order within 10 s');
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    await stop();
  }
});

test('a provider staff member belongs to a provider of the same firm: the database refuses another firm’s', async () => {
  const betaPartner = (await listProviders(t.db, beta.tenant.id)).find(
    (p) => p.kind === 'partner',
  )!;
  const attempt = insertStaff(t.db, {
    id: '00000000-0000-4000-8000-00000000f001',
    tenantId: alpha.tenant.id,
    email: 'crossed@example.com',
    name: 'Crossed',
    role: 'provider',
    providerId: betaPartner.id,
    passwordHash: 'x',
    now: t.clock.now(),
  });
  await assert.rejects(attempt, (error: unknown) => {
    // 23503: the foreign key refused the row (drizzle keeps the driver's error as `cause`).
    const cause = (error as { cause?: { code?: string; constraint?: string; message?: string } })
      .cause;
    assert.equal(cause?.code, '23503', String(error));
    assert.match(`${cause?.constraint ?? ''} ${cause?.message ?? ''}`, /staff_users_provider_fk/);
    return true;
  });
  const own = await insertStaff(t.db, {
    id: '00000000-0000-4000-8000-00000000f002',
    tenantId: alpha.tenant.id,
    email: 'lens.two@example.com',
    name: 'Lens two',
    role: 'provider',
    providerId: lensLab.id,
    passwordHash: 'x',
    now: t.clock.now(),
  });
  assert.equal(own.providerId, lensLab.id);
});

test('a partner gets work centers of its own; codes are unique per provider and the own workshop keeps its page', async () => {
  const listed = await t.app.inject({
    method: 'GET',
    url: '/api/v1/providers',
    headers: owner.headers,
  });
  const before = listed
    .json<{ id: string; workCenters: { code: string }[] }[]>()
    .find((p) => p.id === lensLab.id)!;
  assert.deepEqual(before.workCenters.map((c) => c.code).sort(), ['lens-lab', 'optical-fitting']);
  const added = await call('POST', `/api/v1/providers/${lensLab.id}/work-centers`, {
    code: 'coating',
    name: 'ClearView coating',
    hoursPerDay: 6.5,
    workingDays: [1, 3, 5],
  });
  assert.deepEqual(
    (added.workCenters as { code: string; hoursPerDay: number; workingDays: number[] }[]).find(
      (c) => c.code === 'coating',
    ),
    {
      id: (added.workCenters as { id: string; code: string }[]).find((c) => c.code === 'coating')!
        .id,
      code: 'coating',
      name: 'ClearView coating',
      hoursPerDay: 6.5,
      workingDays: [1, 3, 5],
    },
  );
  const again = await t.app.inject({
    method: 'POST',
    url: `/api/v1/providers/${lensLab.id}/work-centers`,
    headers: owner.headers,
    payload: { code: 'coating', name: 'Twice', hoursPerDay: 1, workingDays: [1] },
  });
  assert.equal(again.statusCode, 409, again.body);
  assert.equal(again.json<{ errors: { field: string }[] }>().errors[0]!.field, 'code');
  // The same code at another provider is fine: codes are what model work lines name.
  const sameCodeElsewhere = await t.app.inject({
    method: 'POST',
    url: `/api/v1/providers/${velo.id}/work-centers`,
    headers: owner.headers,
    payload: { code: 'coating', name: 'Velo coating', hoursPerDay: 2, workingDays: [2] },
  });
  assert.equal(sameCodeElsewhere.statusCode, 201, sameCodeElsewhere.body);
  const own = (await listProviders(t.db, alpha.tenant.id)).find((p) => p.kind === 'own')!;
  const ownCenter = await t.app.inject({
    method: 'POST',
    url: `/api/v1/providers/${own.id}/work-centers`,
    headers: owner.headers,
    payload: { code: 'x', name: 'x', hoursPerDay: 1, workingDays: [1] },
  });
  assert.equal(ownCenter.statusCode, 409, ownCenter.body);
});

test('a routed order that was cancelled is not moved on when its provider’s deadline passes', async () => {
  const order = await bikeOrder();
  await call('POST', `/api/v1/orders/${order.id}/route`, { providerId: velo.id });
  await call('POST', `/api/v1/orders/${order.id}/transitions`, { to: 'cancelled' });
  t.clock.advance(velo.acceptDeadlineHours! * 3_600_000 + 1_000);
  // Other tests' orders may be due too; this one must not move.
  await expireRoutings({
    db: t.db,
    clock: t.clock,
    ids: t.ids,
    logger: pino({ level: 'silent' }),
    config: { ...defaultAppConfig, webDir: null },
  });
  const after = (await getOrder(t.db, alpha.tenant.id, order.id))!;
  assert.equal(after.status, 'cancelled');
  assert.equal(after.providerId, velo.id, 'it stays where it was');
  assert.deepEqual(
    await orderBookings(t.db, alpha.tenant.id, order.id),
    [],
    'no capacity is booked again for a cancelled order',
  );
  const events = await listOrderEvents(t.db, alpha.tenant.id, order.id);
  assert.ok(!events.some((e) => /did not answer in time/.test(e.note ?? '')));
});
