// Providers: the firm's own workshop and partners. The floor price is a pure function; orders
// routed to a partner are accepted or declined by its staff, and a decline or a missed deadline
// moves the order on, rebooking its capacity exactly. Provider staff see only their provider's
// orders, and only what building them needs. Runs on PGlite, and on PostgreSQL when configured.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq, inArray } from 'drizzle-orm';
import { capacityBookings, workCenters } from '../src/capacity/capacity.schema.ts';
import { addDays, isoWeekday } from '../src/capacity/capacity.ts';
import { orderBookings } from '../src/capacity/capacity.store.ts';
import { defaultAppConfig } from '../src/config.ts';
import { randomIds } from '../src/ids.ts';
import { outbox } from '../src/notify/notify.schema.ts';
import { getOrder, listOrderEvents } from '../src/orders/orders.store.ts';
import { DEFAULT_FLOOR_POLICY, floorFor } from '../src/providers/providers.ts';
import { listProviders, providerLoad, type Provider } from '../src/providers/providers.store.ts';
import { expireRoutings } from '../src/providers/routing.ts';
import pino from 'pino';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { testDatabaseTargets, type TestDatabase } from './helpers/db.ts';
import { completePreset, orderAsGuest, shopProduct } from './helpers/shop.ts';

const costs = { baseCost: 10_000, optionCosts: { 'frame=steel': 2_000 }, currency: 'EUR' };
const policy = (over: Partial<typeof DEFAULT_FLOOR_POLICY> = {}) => ({
  ...DEFAULT_FLOOR_POLICY,
  ...over,
});

test('the floor is cost plus the larger of the absolute and the percent margin', () => {
  const design = { frame: 'steel', colour: 'red' };
  const byPercent = floorFor(
    { floorPolicy: policy({ marginAbs: 1_000, marginPercent: 20 }), costs },
    design,
    0.5,
  );
  assert.deepEqual(byPercent, { cost: 12_000, margin: 2_400, floor: 14_400, currency: 'EUR' });
  const byAbsolute = floorFor(
    { floorPolicy: policy({ marginAbs: 5_000, marginPercent: 20 }), costs },
    design,
    0.5,
  );
  assert.equal(byAbsolute.floor, 17_000);
});

test('with yield management the margin drops when capacity is slack and rises when nearly full, and not when it is off', () => {
  const yieldOn = policy({
    marginAbs: 0,
    marginPercent: 10,
    yield: {
      enabled: true,
      slackBelow: 0.3,
      fullAbove: 0.8,
      slackDiscountPercent: 50,
      fullPremiumPercent: 100,
    },
  });
  const design = { frame: 'steel' };
  const p = { floorPolicy: yieldOn, costs };
  assert.equal(floorFor(p, design, 0.5).margin, 1_200, 'normal load: the plain margin');
  assert.equal(floorFor(p, design, 0.1).margin, 600, 'slack: half the margin');
  assert.equal(floorFor(p, design, 0.9).margin, 2_400, 'nearly full: twice the margin');
  const off = { floorPolicy: { ...yieldOn, yield: { ...yieldOn.yield, enabled: false } }, costs };
  assert.equal(floorFor(off, design, 0.1).margin, 1_200, 'turned off: no change');
  assert.equal(floorFor(off, design, 0.9).margin, 1_200, 'turned off: no change');
});

for (const target of testDatabaseTargets()) {
  describe(`providers on ${target.name}`, () => {
    let testDb: TestDatabase;
    let t: TestApp;
    let alpha: Firm;
    let beta: Firm;
    let owner: SignedIn;
    let frames: SignedIn;
    let lenses: SignedIn;
    let betaFrames: SignedIn;
    let velo: Provider;
    let own: Provider;

    before(async () => {
      testDb = await target.open();
      t = await createTestApp({ testDb, ids: randomIds });
      alpha = await t.seedFirm('alpha');
      beta = await t.seedFirm('beta');
      owner = await t.signIn(alpha, 'owner');
      frames = await t.signIn(alpha, 'frame-provider');
      lenses = await t.signIn(alpha, 'lens-provider');
      betaFrames = await t.signIn(beta, 'frame-provider');
      const providers = await listProviders(t.db, alpha.tenant.id);
      velo = providers.find((p) => p.name === 'Velo Frames Ltd.')!;
      own = providers.find((p) => p.kind === 'own')!;
      assert.ok(velo && own);
      // The partner needs no extra days, so moving an order there keeps its date.
      await patchProvider(velo.id, { extraLeadDays: 0 });
    });
    after(async () => {
      await t.close();
      await testDb.close();
    });

    async function patchProvider(id: string, body: object) {
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/providers/${id}`,
        headers: owner.headers,
        payload: body,
      });
      assert.equal(res.statusCode, 200, res.body);
    }

    async function steelBikeOrder() {
      const bike = await shopProduct(t, 'alpha', 'city-bike');
      const choices = completePreset(bike);
      assert.ok(
        ['steel', 'aluminium'].includes(String(choices.frame_material)),
        'a frame the partner makes',
      );
      return orderAsGuest(t, 'alpha', bike.version.id, choices);
    }

    async function routeTo(orderId: string, providerId: string | null) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/orders/${orderId}/route`,
        headers: owner.headers,
        payload: { providerId },
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<{ routingStatus: string; deadline: string | null; promisedDate: string }>();
    }

    /** The provider (null: own workshop) of each center the order books, and the total minutes. */
    async function bookedAt(orderId: string) {
      const rows = await orderBookings(t.db, alpha.tenant.id, orderId);
      const centers = rows.length
        ? await t.db
            .select()
            .from(workCenters)
            .where(
              inArray(
                workCenters.id,
                rows.map((r) => r.workCenterId),
              ),
            )
        : [];
      return {
        providers: [...new Set(centers.map((c) => c.providerId))],
        minutes: rows.reduce((s, r) => s + r.minutes, 0),
        rows: rows.length,
      };
    }

    async function mailsTo(email: string, subject: RegExp) {
      const rows = await t.db.select().from(outbox).where(eq(outbox.toEmail, email));
      return rows.filter((r) => subject.test(r.subject)).length;
    }

    const routingDeps = () => ({
      db: t.db,
      clock: t.clock,
      ids: t.ids,
      config: defaultAppConfig,
      logger: pino({ level: 'silent' }),
    });

    test('the firm sends an order to a partner: its capacity moves to the partner’s centers and the partner sees it', async () => {
      const order = await steelBikeOrder();
      const before = await bookedAt(order.id);
      assert.deepEqual(before.providers, [null], 'placed orders are built in the own workshop');
      const routed = await routeTo(order.id, velo.id);
      assert.equal(routed.routingStatus, 'routed');
      assert.equal(routed.promisedDate, order.promisedDate, 'the promise holds');
      assert.equal(
        routed.deadline,
        new Date(t.clock.now().getTime() + velo.acceptDeadlineHours! * 3_600_000).toISOString(),
      );
      const after = await bookedAt(order.id);
      assert.deepEqual(after.providers, [velo.id]);
      assert.equal(after.minutes, before.minutes, 'the same work, booked once');
      const seen = await t.app.inject({
        method: 'GET',
        url: '/api/v1/provider/orders',
        headers: frames.headers,
      });
      assert.equal(seen.statusCode, 200, seen.body);
      assert.ok(seen.json<{ id: string }[]>().some((o) => o.id === order.id));
    });

    test('a provider’s load in a window is the share of its centers’ minutes booked there', async () => {
      const order = await steelBikeOrder();
      await routeTo(order.id, velo.id);
      const rows = await orderBookings(t.db, alpha.tenant.id, order.id);
      const from = rows[0]!.day;
      const until = addDays(rows.at(-1)!.day, 1);
      const centers = await t.db
        .select()
        .from(workCenters)
        .where(eq(workCenters.providerId, velo.id));
      let available = 0;
      for (const c of centers)
        for (let d = from; d < until; d = addDays(d, 1))
          if (c.workingDays.includes(isoWeekday(d))) available += c.minutesPerDay;
      const load = await providerLoad(t.db, alpha.tenant.id, velo.id, from, until);
      const bookedThere = await t.db
        .select()
        .from(capacityBookings)
        .where(
          inArray(
            capacityBookings.workCenterId,
            centers.map((c) => c.id),
          ),
        );
      const used = bookedThere
        .filter((b) => b.day >= from && b.day < until)
        .reduce((s, b) => s + b.minutes, 0);
      assert.ok(used > 0, 'the routed order books the partner’s centers');
      assert.equal(load, used / available);
      assert.equal(
        await providerLoad(t.db, alpha.tenant.id, velo.id, '2030-01-07', '2030-01-14'),
        0,
        'an empty week is slack',
      );
    });

    test('provider staff see only their provider’s orders and nothing about the customer', async () => {
      const order = await steelBikeOrder();
      await routeTo(order.id, velo.id);
      const mine = await t.app.inject({
        method: 'GET',
        url: '/api/v1/provider/orders',
        headers: frames.headers,
      });
      const list = mine.json<Record<string, unknown>[]>();
      const shown = list.find((o) => o.id === order.id);
      assert.ok(shown, 'the frame builder sees the order routed to it');
      for (const o of list) {
        assert.deepEqual(
          Object.keys(o).sort(),
          [
            'bom',
            'choices',
            'deadline',
            'id',
            'number',
            'personalization',
            'product',
            'promisedDate',
            'routing',
            'routingStatus',
            'status',
            'versionId',
          ].sort(),
          'only what building the order needs',
        );
      }
      assert.doesNotMatch(mine.body, /guest\.buyer@example\.com|"email"|"total"|"lines"|customer/i);
      for (const other of [lenses, betaFrames]) {
        const res = await t.app.inject({
          method: 'GET',
          url: '/api/v1/provider/orders',
          headers: other.headers,
        });
        assert.equal(res.statusCode, 200);
        assert.ok(!res.body.includes(order.id), 'another provider does not see it');
        const accept = await t.app.inject({
          method: 'POST',
          url: `/api/v1/provider/orders/${order.id}/accept`,
          headers: other.headers,
        });
        assert.equal(accept.statusCode, 404, 'nor can it accept it');
      }
      for (const url of [
        '/api/v1/orders',
        `/api/v1/orders/${order.id}`,
        '/api/v1/customers',
        '/api/v1/providers',
        '/api/v1/conversations',
      ]) {
        const res = await t.app.inject({ method: 'GET', url, headers: frames.headers });
        assert.equal(res.statusCode, 403, `${url} is not for a provider’s staff: ${res.body}`);
      }
      const asFirm = await t.app.inject({
        method: 'POST',
        url: `/api/v1/provider/orders/${order.id}/accept`,
        headers: owner.headers,
      });
      assert.equal(asFirm.statusCode, 403, 'the provider view is for provider staff');
    });

    test('a provider accepts an order and the firm sees it accepted', async () => {
      const order = await steelBikeOrder();
      await routeTo(order.id, velo.id);
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/provider/orders/${order.id}/accept`,
        headers: frames.headers,
      });
      assert.equal(res.statusCode, 200, res.body);
      const firm = await t.app.inject({
        method: 'GET',
        url: `/api/v1/orders/${order.id}`,
        headers: owner.headers,
      });
      const view = firm.json<{
        provider: { id: string; status: string };
        timeline: { note: string | null }[];
      }>();
      assert.deepEqual([view.provider.id, view.provider.status], [velo.id, 'accepted']);
      assert.ok(view.timeline.some((e) => e.note === 'Accepted by the provider.'));
      const again = await t.app.inject({
        method: 'POST',
        url: `/api/v1/provider/orders/${order.id}/decline`,
        headers: frames.headers,
        payload: { reason: 'changed our mind' },
      });
      assert.equal(again.statusCode, 409, 'an accepted order is no longer declined');
    });

    test('a decline moves the order to the next capable provider, rebooking its capacity exactly, and the customer hears nothing while the date holds', async () => {
      const order = await steelBikeOrder();
      const atOwn = await bookedAt(order.id);
      await routeTo(order.id, velo.id);
      const rescheduledBefore = await mailsTo('guest.buyer@example.com', /new delivery date/);
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/provider/orders/${order.id}/decline`,
        headers: frames.headers,
        payload: { reason: 'No steel tubing until May' },
      });
      assert.equal(res.statusCode, 200, res.body);
      const moved = (await getOrder(t.db, alpha.tenant.id, order.id))!;
      // The lens lab cannot build bikes: the own workshop is next.
      assert.equal(moved.providerId, null);
      assert.equal(moved.routingStatus, 'accepted');
      assert.deepEqual(moved.declinedProviders, [velo.id]);
      assert.equal(moved.promisedDate, order.promisedDate);
      const after = await bookedAt(order.id);
      assert.deepEqual(after.providers, [null]);
      assert.equal(after.minutes, atOwn.minutes);
      const events = await listOrderEvents(t.db, alpha.tenant.id, order.id);
      assert.ok(
        events.some((e) =>
          /Declined by the provider: No steel tubing until May/.test(e.note ?? ''),
        ),
      );
      assert.equal(
        await mailsTo('guest.buyer@example.com', /new delivery date/),
        rescheduledBefore,
        'no email while the promised date holds',
      );
    });

    test('a decline that moves the date tells the customer the new date', async () => {
      const order = await steelBikeOrder();
      await routeTo(order.id, velo.id);
      await patchProvider(own.id, { extraLeadDays: 60 });
      try {
        const before = await mailsTo('guest.buyer@example.com', /new delivery date/);
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/provider/orders/${order.id}/decline`,
          headers: frames.headers,
          payload: { reason: 'fully booked' },
        });
        assert.equal(res.statusCode, 200, res.body);
        const moved = (await getOrder(t.db, alpha.tenant.id, order.id))!;
        assert.ok(moved.promisedDate > order.promisedDate, 'a later date');
        assert.equal(
          await mailsTo('guest.buyer@example.com', /new delivery date/),
          before + 1,
          'one email about the new date',
        );
      } finally {
        await patchProvider(own.id, { extraLeadDays: 0 });
      }
    });

    test('a missed deadline moves the order on; when nobody else can build it, it goes back to the firm’s staff', async () => {
      const order = await steelBikeOrder();
      await routeTo(order.id, velo.id);
      await patchProvider(own.id, { active: false });
      try {
        assert.equal(await expireRoutings(routingDeps()), 0, 'nothing is due yet');
        t.clock.advance(velo.acceptDeadlineHours! * 3_600_000 + 1_000);
        assert.ok((await expireRoutings(routingDeps())) >= 1);
        const moved = (await getOrder(t.db, alpha.tenant.id, order.id))!;
        assert.equal(moved.routingStatus, 'unassigned');
        assert.equal(moved.providerId, null);
        assert.equal((await bookedAt(order.id)).rows, 0, 'the partner’s capacity is released');
        const events = await listOrderEvents(t.db, alpha.tenant.id, order.id);
        assert.ok(
          events.some((e) => /did not answer in time.*back to the firm/.test(e.note ?? '')),
        );
      } finally {
        await patchProvider(own.id, { active: true });
      }
      // The firm can send it to its own workshop again.
      const back = await routeTo(order.id, null);
      assert.equal(back.routingStatus, 'accepted');
      assert.deepEqual((await bookedAt(order.id)).providers, [null]);
    });

    test('a missed deadline with another capable provider routes the order there', async () => {
      const order = await steelBikeOrder();
      await routeTo(order.id, velo.id);
      t.clock.advance(velo.acceptDeadlineHours! * 3_600_000 + 1_000);
      await expireRoutings(routingDeps());
      const moved = (await getOrder(t.db, alpha.tenant.id, order.id))!;
      assert.equal(moved.providerId, null, 'the own workshop takes it');
      assert.equal(moved.routingStatus, 'accepted');
      assert.deepEqual((await bookedAt(order.id)).providers, [null]);
    });

    test('a partner is not sent what it cannot build', async () => {
      const order = await steelBikeOrder();
      const lensLab = (await listProviders(t.db, alpha.tenant.id)).find(
        (p) => p.name === 'ClearView Lens Lab',
      )!;
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/orders/${order.id}/route`,
        headers: owner.headers,
        payload: { providerId: lensLab.id },
      });
      assert.equal(res.statusCode, 409, res.body);
      assert.deepEqual((await bookedAt(order.id)).providers, [null], 'nothing moved');
    });

    test('a declined order goes to the cheapest capable partner next, which then has it to accept', async () => {
      const bike = await shopProduct(t, 'alpha', 'city-bike');
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/providers',
        headers: owner.headers,
        payload: { name: 'Budget Frames', acceptDeadlineHours: 6 },
      });
      assert.equal(created.statusCode, 201, created.body);
      const budget = created.json<{ id: string }>();
      const offered = await t.app.inject({
        method: 'POST',
        url: `/api/v1/providers/${budget.id}/products`,
        headers: owner.headers,
        payload: {
          productId: bike.product.id,
          allowed: { frame_material: ['steel', 'aluminium'] },
          baseCost: 100,
          optionCosts: {},
          currency: 'EUR',
        },
      });
      assert.equal(offered.statusCode, 200, offered.body);
      try {
        const order = await steelBikeOrder();
        await routeTo(order.id, velo.id);
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/provider/orders/${order.id}/decline`,
          headers: frames.headers,
          payload: { reason: 'too busy' },
        });
        assert.equal(res.statusCode, 200, res.body);
        const moved = (await getOrder(t.db, alpha.tenant.id, order.id))!;
        assert.equal(moved.providerId, budget.id, 'the cheapest capable provider is next');
        assert.equal(moved.routingStatus, 'routed');
        assert.equal(
          moved.routingDeadline?.toISOString(),
          new Date(t.clock.now().getTime() + 6 * 3_600_000).toISOString(),
        );
      } finally {
        await patchProvider(budget.id, { active: false });
      }
    });

    test('a capability names only features and values of the published model', async () => {
      const bike = await shopProduct(t, 'alpha', 'city-bike');
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/providers/${velo.id}/products`,
        headers: owner.headers,
        payload: {
          productId: bike.product.id,
          allowed: { frame_material: ['steel', 'titanium'], nope: ['x'] },
          baseCost: 1000,
          optionCosts: {},
          currency: 'EUR',
        },
      });
      assert.equal(res.statusCode, 400, res.body);
      const fields = res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
      assert.deepEqual(fields.sort(), ['allowed.frame_material.1', 'allowed.nope']);
    });
  });
}
