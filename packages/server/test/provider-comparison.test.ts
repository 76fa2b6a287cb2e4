// DealTime: a finished design priced and dated at every provider able to build it, side by side;
// and an order placed at the provider the customer chose, scheduled on its centers and routed to
// it, re-checked on the server. The demo firm has its own workshop, a frame builder that makes
// city bikes in steel or aluminium (2 extra lead days) and a lens lab that makes no bikes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { count, eq, inArray } from 'drizzle-orm';
import type { Configuration } from '@customerize/engine';
import { workCenters } from '../src/capacity/capacity.schema.ts';
import { orderBookings } from '../src/capacity/capacity.store.ts';
import { orders } from '../src/orders/orders.schema.ts';
import { getOrder } from '../src/orders/orders.store.ts';
import { listProviders, type Provider } from '../src/providers/providers.store.ts';
import { quoteDesign } from '../src/studio/quote.ts';
import { compiledVersion } from '../src/catalog/catalog.ts';
import { randomIds } from '../src/ids.ts';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { testDatabaseTargets, type TestDatabase } from './helpers/db.ts';
import { completePreset, quote, shopProduct } from './helpers/shop.ts';

type ProviderQuote = {
  provider: { id: string | null; name: string };
  total: number;
  currency: string;
  promisedDate: string;
  leadTimeDays: number;
};

for (const target of testDatabaseTargets()) {
  describe(`provider comparison on ${target.name}`, () => {
    let testDb: TestDatabase;
    let t: TestApp;
    let alpha: Firm;
    let owner: SignedIn;
    let frames: SignedIn;
    let velo: Provider;
    let lensLab: Provider;
    let own: Provider;
    let bike: Awaited<ReturnType<typeof shopProduct>>;
    /** An aluminium city bike: the own workshop and the frame builder can build it. */
    let aluminium: Configuration;
    /** A carbon city bike: only the own workshop builds carbon. */
    let carbon: Configuration;

    before(async () => {
      testDb = await target.open();
      t = await createTestApp({ testDb, ids: randomIds });
      alpha = await t.seedFirm('alpha');
      await t.seedFirm('beta');
      owner = await t.signIn(alpha, 'owner');
      frames = await t.signIn(alpha, 'frame-provider');
      const providers = await listProviders(t.db, alpha.tenant.id);
      velo = providers.find((p) => p.name === 'Velo Frames Ltd.')!;
      lensLab = providers.find((p) => p.name === 'ClearView Lens Lab')!;
      own = providers.find((p) => p.kind === 'own')!;
      bike = await shopProduct(t, 'alpha', 'city-bike');
      aluminium = completePreset(bike, 0);
      carbon = completePreset(bike, 1);
      assert.equal(aluminium.frame_material, 'aluminium');
      assert.equal(carbon.frame_material, 'carbon');
    });
    after(async () => {
      await t.close();
      await testDb.close();
    });

    async function compare(choices: Configuration, headers: Record<string, string> = {}) {
      return t.app.inject({
        method: 'POST',
        url: '/api/v1/shop/alpha/provider-quotes',
        headers,
        payload: { versionId: bike.version.id, choices },
      });
    }

    async function quotesOf(choices: Configuration): Promise<ProviderQuote[]> {
      const res = await compare(choices);
      assert.equal(res.statusCode, 200, res.body);
      return res.json<{ quotes: ProviderQuote[] }>().quotes;
    }

    /** The date the contract promises: scheduled on the provider's own centers, plus its days. */
    async function scheduledAt(choices: Configuration, p: Provider | null) {
      const compiled = await compiledVersion(t.db, alpha.tenant.id, bike.version.id);
      return quoteDesign(t.db, alpha.tenant, compiled, choices, {}, t.clock.now(), {
        provider: { centersOf: p?.id ?? null, extraLeadDays: p?.extraLeadDays ?? 0 },
      });
    }

    async function orderAt(
      providerId: string | null | undefined,
      expected: { total: number; currency: string; promisedDate: string },
      choices = aluminium,
    ) {
      return t.app.inject({
        method: 'POST',
        url: '/api/v1/shop/alpha/orders',
        payload: {
          versionId: bike.version.id,
          choices,
          email: 'deal.hunter@example.com',
          expected,
          ...(providerId !== undefined ? { providerId } : {}),
        },
      });
    }

    async function patchProvider(id: string, body: object) {
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/providers/${id}`,
        headers: owner.headers,
        payload: body,
      });
      assert.equal(res.statusCode, 200, res.body);
    }

    async function orderCount() {
      const [row] = await t.db
        .select({ n: count() })
        .from(orders)
        .where(eq(orders.tenantId, alpha.tenant.id));
      return row!.n;
    }

    test('every provider able to build the design is listed with the list price and its own date, cheapest then earliest first', async () => {
      const quotes = await quotesOf(aluminium);
      const list = await quote(t, 'alpha', { versionId: bike.version.id, choices: aluminium });
      assert.deepEqual(
        quotes.map((q) => q.provider),
        [
          { id: null, name: own.name },
          { id: velo.id, name: velo.name },
        ],
        'the own workshop and the frame builder; the lens lab makes no bikes',
      );
      const atOwn = await scheduledAt(aluminium, null);
      const atVelo = await scheduledAt(aluminium, velo);
      assert.deepEqual(quotes, [
        {
          provider: { id: null, name: own.name },
          total: list.total,
          currency: 'EUR',
          promisedDate: atOwn.promisedDate,
          leadTimeDays: list.leadTimeDays,
        },
        {
          provider: { id: velo.id, name: velo.name },
          total: list.total,
          currency: 'EUR',
          promisedDate: atVelo.promisedDate,
          leadTimeDays: list.leadTimeDays + velo.extraLeadDays,
        },
      ]);
      assert.ok(
        atVelo.promisedDate > atOwn.promisedDate,
        'the frame builder’s extra lead days make its date later',
      );
    });

    test('a design outside a partner’s capabilities is offered by the providers that can build it only', async () => {
      const quotes = await quotesOf(carbon);
      assert.deepEqual(
        quotes.map((q) => q.provider.id),
        [null],
      );
    });

    test('an inactive provider and a provider without room in its calendar are left out', async () => {
      await patchProvider(velo.id, { active: false });
      try {
        assert.deepEqual(
          (await quotesOf(aluminium)).map((q) => q.provider.id),
          [null],
        );
      } finally {
        await patchProvider(velo.id, { active: true });
      }
      const centers = await t.db
        .select()
        .from(workCenters)
        .where(eq(workCenters.providerId, velo.id));
      await t.db
        .update(workCenters)
        .set({ workingDays: [] })
        .where(
          inArray(
            workCenters.id,
            centers.map((c) => c.id),
          ),
        );
      try {
        assert.deepEqual(
          (await quotesOf(aluminium)).map((q) => q.provider.id),
          [null],
          'a partner whose centers never work has no date to offer',
        );
      } finally {
        for (const c of centers)
          await t.db
            .update(workCenters)
            .set({ workingDays: c.workingDays })
            .where(eq(workCenters.id, c.id));
      }
      assert.equal((await quotesOf(aluminium)).length, 2, 'both are back');
    });

    test('a design that is not finished is refused with the engine’s explanation, naming nothing of the providers', async () => {
      const { frame_material: _, ...open } = aluminium;
      const res = await compare(open);
      assert.equal(res.statusCode, 409, res.body);
      assert.equal(res.json<{ code: string }>().code, 'invalid');
      const wrongType = await compare({ ...aluminium, frame_size: 'fifty' });
      assert.equal(wrongType.statusCode, 400, wrongType.body);
      assert.deepEqual(
        wrongType.json<{ errors: { field: string }[] }>().errors.map((e) => e.field),
        ['choices.frame_size'],
      );
      const elsewhere = await t.app.inject({
        method: 'POST',
        url: '/api/v1/shop/beta/provider-quotes',
        payload: { versionId: bike.version.id, choices: aluminium },
      });
      assert.equal(elsewhere.statusCode, 404, 'another firm’s shop does not know the version');
    });

    test('ordering from the chosen partner schedules the order on its centers, routes it to the partner and shows it in the partner’s view', async () => {
      const deal = (await quotesOf(aluminium)).find((q) => q.provider.id === velo.id)!;
      const res = await orderAt(velo.id, {
        total: deal.total,
        currency: deal.currency,
        promisedDate: deal.promisedDate,
      });
      assert.equal(res.statusCode, 201, res.body);
      const placed = res.json<{ id: string; promisedDate: string; total: number }>();
      assert.equal(placed.promisedDate, deal.promisedDate);
      assert.equal(placed.total, deal.total);
      const order = (await getOrder(t.db, alpha.tenant.id, placed.id))!;
      assert.equal(order.providerId, velo.id);
      assert.equal(order.routingStatus, 'routed');
      assert.equal(
        order.routingDeadline?.toISOString(),
        new Date(t.clock.now().getTime() + velo.acceptDeadlineHours! * 3_600_000).toISOString(),
        'the partner must accept within its own deadline',
      );
      const booked = await orderBookings(t.db, alpha.tenant.id, placed.id);
      const veloCenters = new Set(
        (await t.db.select().from(workCenters).where(eq(workCenters.providerId, velo.id))).map(
          (c) => c.id,
        ),
      );
      assert.ok(booked.length > 0);
      assert.ok(
        booked.every((b) => veloCenters.has(b.workCenterId)),
        'capacity is booked at the partner',
      );
      const view = await t.app.inject({
        method: 'GET',
        url: '/api/v1/provider/orders',
        headers: frames.headers,
      });
      assert.ok(
        view
          .json<{ id: string; routingStatus: string }[]>()
          .some((o) => o.id === placed.id && o.routingStatus === 'routed'),
        'the partner has it to accept',
      );
      // A decline re-routes it as any routed order: the own workshop can build it.
      const declined = await t.app.inject({
        method: 'POST',
        url: `/api/v1/provider/orders/${placed.id}/decline`,
        headers: frames.headers,
        payload: { reason: 'jigs are busy' },
      });
      assert.equal(declined.statusCode, 200, declined.body);
      const moved = (await getOrder(t.db, alpha.tenant.id, placed.id))!;
      assert.equal(moved.providerId, null);
      assert.deepEqual(moved.declinedProviders, [velo.id]);
    });

    test('ordering from the own workshop by choice is the same as ordering without one', async () => {
      const deal = (await quotesOf(aluminium)).find((q) => q.provider.id === null)!;
      const res = await orderAt(null, {
        total: deal.total,
        currency: deal.currency,
        promisedDate: deal.promisedDate,
      });
      assert.equal(res.statusCode, 201, res.body);
      const order = (await getOrder(t.db, alpha.tenant.id, res.json<{ id: string }>().id))!;
      assert.deepEqual(
        [order.providerId, order.routingStatus, order.routingDeadline],
        [null, 'accepted', null],
      );
    });

    test('the server re-checks the chosen provider: its own date, its capabilities, that it exists in this firm — and writes nothing when refusing', async () => {
      const quotes = await quotesOf(aluminium);
      const ownDeal = quotes.find((q) => q.provider.id === null)!;
      const veloDeal = quotes.find((q) => q.provider.id === velo.id)!;
      const before = await orderCount();

      const ownDate = await orderAt(velo.id, {
        total: ownDeal.total,
        currency: ownDeal.currency,
        promisedDate: ownDeal.promisedDate,
      });
      assert.equal(ownDate.statusCode, 409, ownDate.body);
      assert.equal(ownDate.json<{ code: string }>().code, 'changed');
      assert.match(ownDate.json<{ detail: string }>().detail, new RegExp(veloDeal.promisedDate));

      const cannot = await orderAt(lensLab.id, {
        total: ownDeal.total,
        currency: 'EUR',
        promisedDate: ownDeal.promisedDate,
      });
      assert.equal(cannot.statusCode, 409, cannot.body);
      assert.deepEqual(
        cannot.json<{ errors: { field: string }[] }>().errors.map((e) => e.field),
        ['providerId'],
      );
      assert.match(cannot.json<{ detail: string }>().detail, /ClearView Lens Lab cannot build/);

      const carbonDeal = (await quotesOf(carbon))[0]!;
      const carbonAtVelo = await orderAt(
        velo.id,
        { total: carbonDeal.total, currency: 'EUR', promisedDate: carbonDeal.promisedDate },
        carbon,
      );
      assert.equal(carbonAtVelo.statusCode, 409, carbonAtVelo.body);
      assert.deepEqual(
        carbonAtVelo.json<{ errors: { field: string }[] }>().errors.map((e) => e.field),
        ['providerId'],
      );

      const foreignPartner = (
        await listProviders(t.db, (await t.seedFirm('gamma')).tenant.id)
      ).find((p) => p.kind === 'partner')!;
      const foreign = await orderAt(foreignPartner.id, {
        total: ownDeal.total,
        currency: 'EUR',
        promisedDate: ownDeal.promisedDate,
      });
      assert.equal(foreign.statusCode, 404, foreign.body);
      assert.equal(await orderCount(), before, 'no order was written');
    });
  });
}
