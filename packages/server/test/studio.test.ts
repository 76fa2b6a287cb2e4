// The studio's server side: the storefront, published products with the compiled model, live
// quotes, designs with versions (save, restore, share by token), popularity only with enough
// orders behind it, and the shop's isolation between firms.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSession, designAssets } from '@customerize/engine';
import { createTestApp, type Firm, type TestApp } from './helpers/app.ts';
import { snapshotDatabase } from './helpers/db.ts';
import { completePreset, orderAsGuest, quote, shopProduct } from './helpers/shop.ts';

let t: TestApp;
let alpha: Firm;
let beta: Firm;

before(async () => {
  t = await createTestApp({ config: { defaultTenant: 'alpha' } });
  alpha = await t.seedFirm('alpha', 'Alpha Cycles');
  beta = await t.seedFirm('beta', 'Beta Works');
});
after(() => t.close());

type DesignBody = {
  id: string;
  token: string;
  name: string;
  productSlug: string;
  shareUrl: string | null;
  currentVersion: number;
  versions: {
    number: number;
    versionId: string;
    choices: Record<string, unknown>;
    quote: { total: number; valid: boolean; promisedDate: string | null };
    note?: string;
  }[];
};

test('the storefront names the default firm and its currency', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/storefront' });
  assert.deepEqual(res.json(), {
    tenant: { slug: 'alpha', name: 'Alpha Cycles' },
    currency: 'EUR',
  });
});

test('a published product comes with a compiled model the browser engine answers from', async () => {
  const list = (await t.app.inject({ method: 'GET', url: '/api/v1/shop/alpha/products' })).json<
    { slug: string; fromPrice: number; heroAsset: string | null; previewLayers: string[] }[]
  >();
  const bikeCard = list.find((p) => p.slug === 'city-bike');
  assert.ok(bikeCard, 'the demo catalog is published');
  assert.equal(bikeCard.heroAsset, '/api/v1/shop/alpha/assets/city-bike/base');
  const bike = await shopProduct(t, 'alpha', 'city-bike');
  assert.equal(bike.assetsBase, '/api/v1/shop/alpha/assets/city-bike/');
  const session = createSession(bike.engine);
  assert.equal(
    session.ranges().price.min,
    bikeCard.fromPrice,
    'the browser sees the same cheapest price as the list',
  );
  const cheapest = session.optimize({ sense: 'min', weights: { price: 1 } })!;
  assert.deepEqual(
    bikeCard.previewLayers,
    designAssets(bike.engine.model, cheapest).map(
      (key) => bike.assetsBase + encodeURIComponent(key),
    ),
    'the card pictures the cheapest design (the bike has no defaults) layer by layer',
  );
  assert.ok(bikeCard.previewLayers.length >= 2, 'frame and more, not just the base');
  assert.deepEqual(bike.popularity, {}, 'no popularity below 20 orders');
});

test('the server quote agrees with the engine and refuses nothing silently', async () => {
  const bike = await shopProduct(t, 'alpha', 'city-bike');
  const choices = completePreset(bike);
  const q = await quote(t, 'alpha', { versionId: bike.version.id, choices });
  assert.equal(q.valid, true);
  assert.equal(
    q.total,
    q.lines.reduce((a, l) => a + l.amount, 0),
  );
  assert.ok(q.promisedDate >= '2026-01-16');
  assert.ok(q.workCenters.some((w) => w.center === 'assembly'));
  const partial = await quote(t, 'alpha', {
    versionId: bike.version.id,
    choices: { frame_material: 'steel' },
  });
  assert.equal(partial.valid, false, 'a design in progress is not orderable');
  assert.ok(partial.violations.some((v) => /has no value/.test(v.message)));
});

test('a guest saves a design, saves again, restores version 1, and shares it by token', async () => {
  const bike = await shopProduct(t, 'alpha', 'city-bike');
  const choices = completePreset(bike);
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/shop/alpha/designs',
    payload: { versionId: bike.version.id, name: 'My commuter', choices },
  });
  assert.equal(created.statusCode, 201, created.body);
  const design = created.json<DesignBody>();
  assert.equal(design.currentVersion, 1);
  assert.equal(design.shareUrl, `/designs/${design.id}?token=${encodeURIComponent(design.token)}`);
  const base = `/api/v1/shop/alpha/designs/${design.id}`;

  const changed = { ...choices, colour: choices.colour === 'red' ? 'navy' : 'red' };
  const v2 = await t.app.inject({
    method: 'POST',
    url: `${base}/versions?token=${design.token}`,
    payload: { choices: changed, note: 'try red' },
  });
  assert.equal(v2.statusCode, 201, v2.body);
  assert.equal(v2.json<DesignBody>().currentVersion, 2);

  const restored = await t.app.inject({
    method: 'POST',
    url: `${base}/restore?token=${design.token}`,
    payload: { version: 1 },
  });
  assert.equal(restored.statusCode, 201);
  const r = restored.json<DesignBody>();
  assert.equal(r.currentVersion, 3);
  assert.deepEqual(r.versions[2]!.choices, choices);
  assert.equal(r.versions[2]!.note, 'Restored version 1');
  assert.equal(r.versions[0]!.quote.valid, true);

  assert.equal(
    (await t.app.inject({ method: 'GET', url: base })).statusCode,
    404,
    'no token, no design',
  );
  assert.equal((await t.app.inject({ method: 'GET', url: `${base}?token=nope` })).statusCode, 404);
  assert.equal(
    (await t.app.inject({ method: 'GET', url: `${base}?token=${design.token}` })).statusCode,
    200,
  );
});

test('a firm’s slug with another firm’s design, order or version ids finds nothing and writes nothing', async () => {
  const bike = await shopProduct(t, 'beta', 'city-bike');
  const choices = completePreset(bike);
  const design = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/shop/beta/designs',
      payload: { versionId: bike.version.id, name: 'Beta design', choices },
    })
  ).json<DesignBody>();
  const order = await orderAsGuest(t, 'beta', bike.version.id, choices);
  const calls = [
    {
      method: 'GET' as const,
      url: `/api/v1/shop/alpha/designs/${design.id}?token=${design.token}`,
    },
    {
      method: 'POST' as const,
      url: `/api/v1/shop/alpha/designs/${design.id}/versions?token=${design.token}`,
      payload: { choices },
    },
    {
      method: 'POST' as const,
      url: `/api/v1/shop/alpha/designs/${design.id}/restore?token=${design.token}`,
      payload: { version: 1 },
    },
    { method: 'GET' as const, url: `/api/v1/shop/alpha/orders/${order.id}?token=${order.token}` },
    {
      method: 'POST' as const,
      url: '/api/v1/shop/alpha/quote',
      payload: { versionId: bike.version.id, choices },
    },
    {
      method: 'POST' as const,
      url: '/api/v1/shop/alpha/designs',
      payload: { versionId: bike.version.id, name: 'x', choices },
    },
    {
      method: 'POST' as const,
      url: '/api/v1/shop/alpha/orders',
      payload: {
        versionId: bike.version.id,
        choices,
        email: 'a@example.com',
        expected: { total: 1, currency: 'EUR', promisedDate: '2026-02-01' },
      },
    },
    { method: 'GET' as const, url: `/api/v1/shop/alpha/products/${bike.product.id}` },
  ];
  const alphaOwner = await t.signIn(alpha, 'owner');
  const before = await snapshotDatabase(t.testDb.database);
  for (const call of calls) {
    for (const headers of [{}, alphaOwner.headers]) {
      const res = await t.app.inject({ ...call, headers });
      assert.equal(res.statusCode, 404, `${call.method} ${call.url}: ${res.body}`);
      assert.doesNotMatch(res.body, /beta/i);
    }
  }
  assert.deepEqual(await snapshotDatabase(t.testDb.database), before);
  void beta;
});

test('popularity appears once 20 orders are behind a product, as percentages only', async () => {
  const cards = await shopProduct(t, 'alpha', 'greeting-card');
  const choices = completePreset(cards);
  const owner = await t.signIn(alpha, 'owner');
  const count = async () =>
    (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/orders?product=greeting-card',
        headers: owner.headers,
      })
    ).json<unknown[]>().length;
  while ((await count()) < 19) await orderAsGuest(t, 'alpha', cards.version.id, choices);
  assert.deepEqual(
    (await shopProduct(t, 'alpha', 'greeting-card')).popularity,
    {},
    '19 orders are not enough',
  );
  await orderAsGuest(t, 'alpha', cards.version.id, choices);
  const after20 = await shopProduct(t, 'alpha', 'greeting-card');
  const [feature, value] = Object.entries(choices)[0]!;
  assert.equal(after20.popularity[feature]?.[String(value)], 100, 'every order chose it');
  assert.ok(after20.topDesigns.length >= 1);
  assert.ok(after20.topDesigns[0]!.orders >= 5, 'a top design is shared by several orders');
  const { engine: _compiled, ...served } = after20; // the response as served, not the engine built from it
  assert.doesNotMatch(JSON.stringify(served), /guest\.buyer@example\.com/, 'no individual data');
});

test('a most-ordered design is offered as a start without the customers’ own measurements', async () => {
  const bike = await shopProduct(t, 'alpha', 'city-bike');
  const choices = completePreset(bike);
  assert.ok(choices.rider_height !== undefined, 'each of these customers entered a height');
  for (let i = 0; i < 5; i++) await orderAsGuest(t, 'alpha', bike.version.id, choices);
  const top = (await shopProduct(t, 'alpha', 'city-bike')).topDesigns;
  assert.ok(top.length >= 1);
  for (const d of top)
    assert.equal(d.choices.rider_height, undefined, 'no one’s height is another’s start');
  assert.ok(top.some((d) => d.choices.frame_material === choices.frame_material));
});
