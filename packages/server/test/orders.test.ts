// Build-to-order: the server re-checks every order (validity, price, date, published version)
// and refuses with a problem+json that creates nothing; the lifecycle refuses invalid moves and
// records who moved an order and when.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { createSession } from '@customerize/engine';
import { snapshotDatabase } from './helpers/db.ts';
import { completePreset, orderAsGuest, quote, shopProduct } from './helpers/shop.ts';

let t: TestApp;
let firm: Firm;
let owner: SignedIn;
let operations: SignedIn;

before(async () => {
  t = await createTestApp();
  firm = await t.seedFirm('alpha');
  owner = await t.signIn(firm, 'owner');
  operations = await t.signIn(firm, 'operations');
});
after(() => t.close());

type Problem = {
  status: number;
  type: string;
  title: string;
  detail: string;
  code?: string;
  violations?: { rule: string; message: string }[];
  missing?: string[];
  quote?: { total: number; promisedDate: string };
  errors: { field: string; message: string }[];
};

async function postOrder(payload: object) {
  return t.app.inject({ method: 'POST', url: '/api/v1/shop/alpha/orders', payload });
}

async function bikeOrderBody() {
  const bike = await shopProduct(t, 'alpha', 'city-bike');
  const choices = completePreset(bike);
  const q = await quote(t, 'alpha', { versionId: bike.version.id, choices });
  return {
    bike,
    body: {
      versionId: bike.version.id,
      choices,
      email: 'guest@example.com',
      expected: { total: q.total, currency: q.currency, promisedDate: q.promisedDate },
    },
    q,
  };
}

async function assertRefusedAndNothingWritten(payload: object, code: string): Promise<Problem> {
  const before = await snapshotDatabase(t.testDb.database);
  const res = await postOrder(payload);
  assert.equal(res.statusCode, 409, res.body);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  const problem = res.json<Problem>();
  assert.equal(problem.code, code);
  assert.ok(problem.detail.length > 20, 'the detail explains it in words');
  assert.deepEqual(
    await snapshotDatabase(t.testDb.database),
    before,
    'no order, booking or event was written',
  );
  return problem;
}

test('a valid guest order is taken with its snapshot, BOM, routing and capacity booked', async () => {
  const { body, q } = await bikeOrderBody();
  const res = await postOrder(body);
  assert.equal(res.statusCode, 201, res.body);
  const order = res.json<{
    id: string;
    token: string;
    status: string;
    total: number;
    promisedDate: string;
    timeline: { status: string; by: string }[];
  }>();
  assert.equal(order.status, 'placed');
  assert.equal(order.total, q.total);
  assert.equal(order.promisedDate, q.promisedDate);
  assert.deepEqual(
    order.timeline.map((e) => [e.status, e.by]),
    [['placed', 'guest@example.com']],
  );

  const detail = await t.app.inject({
    method: 'GET',
    url: `/api/v1/orders/${order.id}`,
    headers: owner.headers,
  });
  const d = detail.json<{
    bom: { sku: string }[];
    routing: { center: string; final: boolean; startDate: string }[];
  }>();
  assert.ok(
    d.bom.some((b) => b.sku === 'WHL-700C-PAIR'),
    'the base BOM line is there',
  );
  assert.ok(d.routing.length >= 3);
  assert.equal(d.routing.at(-1)!.final, true, 'the final customization step comes last');
  assert.equal(d.routing.at(-1)!.center, 'assembly');
  assert.deepEqual(detail.json<{ allowedTransitions: string[] }>().allowedTransitions, [
    'confirmed',
    'cancelled',
  ]);

  const page = await t.app.inject({
    method: 'GET',
    url: `/api/v1/shop/alpha/orders/${order.id}?token=${order.token}`,
  });
  assert.equal(page.statusCode, 200);
  const stranger = await t.app.inject({
    method: 'GET',
    url: `/api/v1/shop/alpha/orders/${order.id}?token=wrong`,
  });
  assert.equal(stranger.statusCode, 404, 'a wrong token reveals nothing');
});

test('ordering an invalid design is refused with the rules it breaks, and creates nothing', async () => {
  const { body } = await bikeOrderBody();
  // A carbon frame with rim brakes (the model requires disc brakes with carbon).
  const choices = { ...body.choices, frame_material: 'carbon', brakes: 'rim' };
  const problem = await assertRefusedAndNothingWritten({ ...body, choices }, 'invalid');
  assert.ok(problem.violations && problem.violations.length > 0, 'the violated rules are listed');
  assert.ok(problem.violations.every((v) => v.message.length > 0));
});

test('an order without the rider’s height — the customer’s own input — is refused naming it, and creates nothing', async () => {
  const { body } = await bikeOrderBody();
  const { rider_height: height, ...choices } = body.choices;
  assert.ok(height !== undefined, 'the helper entered a height as the customer would');
  const open = await quote(t, 'alpha', { versionId: body.versionId, choices });
  assert.equal(open.valid, false, 'a quote of the open design answers, as not yet buildable');
  const problem = await assertRefusedAndNothingWritten({ ...body, choices }, 'missing-input');
  assert.deepEqual(problem.missing, ['rider_height']);
  assert.deepEqual(problem.errors, [
    { field: 'choices.rider_height', message: 'Your height is yours to enter' },
  ]);
  assert.match(problem.detail, /Only you can give these, and they are still missing: Your height/);
});

test('glasses proposed from a preset leave the prescription open, and their order names every missing value', async () => {
  const glasses = await shopProduct(t, 'alpha', 'eyeglasses');
  const session = createSession(glasses.engine);
  for (const [f, v] of Object.entries(glasses.model.presets?.[0]?.choices ?? {}))
    session.select(f, v);
  const proposal = session.optimize({ sense: 'min', weights: { price: 1 } });
  assert.ok(proposal);
  const prescription = [
    'sphere_right',
    'sphere_left',
    'cylinder_right',
    'cylinder_left',
    'addition',
  ];
  for (const f of prescription) assert.equal(proposal[f], undefined, `${f} is not invented`);
  const personalization = { pupillary_distance: '63' };
  const q = await quote(t, 'alpha', {
    versionId: glasses.version.id,
    choices: proposal,
    personalization,
  });
  const problem = await assertRefusedAndNothingWritten(
    {
      versionId: glasses.version.id,
      choices: proposal,
      personalization,
      email: 'guest@example.com',
      expected: { total: q.total, currency: q.currency, promisedDate: q.promisedDate },
    },
    'missing-input',
  );
  assert.deepEqual(problem.missing, prescription);
  assert.deepEqual(
    problem.errors.map((e) => e.field),
    prescription.map((f) => `choices.${f}`),
  );
  assert.match(problem.detail, /Sphere, right eye \(SPH\).*Reading addition \(ADD\)/);
});

test('a tampered price is refused with the real quote, and creates nothing', async () => {
  const { body, q } = await bikeOrderBody();
  const problem = await assertRefusedAndNothingWritten(
    { ...body, expected: { ...body.expected, total: body.expected.total - 10000 } },
    'changed',
  );
  assert.equal(problem.quote?.total, q.total, 'the answer carries the price the server computed');
  assert.match(problem.detail, /price/);
});

test('a changed price is told in major units with the currency, as the customer saw it', async () => {
  const { body, q } = await bikeOrderBody();
  const problem = await assertRefusedAndNothingWritten(
    { ...body, expected: { ...body.expected, total: 100 } },
    'changed',
  );
  const major = new Intl.NumberFormat('en', { minimumFractionDigits: 2 }).format(q.total / 100);
  assert.equal(q.currency, 'EUR');
  assert.match(problem.detail, new RegExp(`the price is EUR ${major} \\(you saw EUR 1\\.00\\)`));
});

test('a choice changed by hand (price no longer matches) is refused, and creates nothing', async () => {
  const { body } = await bikeOrderBody();
  // A colour of another price than the one the customer was quoted.
  const other = ['black', 'white'].includes(String(body.choices.colour)) ? 'sage' : 'black';
  const problem = await assertRefusedAndNothingWritten(
    { ...body, choices: { ...body.choices, colour: other } },
    'changed',
  );
  assert.notEqual(problem.quote?.total, body.expected.total);
});

test('an unknown option value is refused as invalid, and creates nothing', async () => {
  const { body } = await bikeOrderBody();
  await assertRefusedAndNothingWritten(
    { ...body, choices: { ...body.choices, colour: 'gold-plated' } },
    'invalid',
  );
});

test('a design made with a replaced model version is refused as outdated, and creates nothing', async () => {
  const { bike, body } = await bikeOrderBody();
  const version = await t.app.inject({
    method: 'GET',
    url: `/api/v1/product-versions/${bike.version.id}`,
    headers: owner.headers,
  });
  const source = version.json<{ source: string }>().source;
  const upload = await t.app.inject({
    method: 'POST',
    url: `/api/v1/products/${bike.product.id}/versions`,
    headers: owner.headers,
    payload: { source: source.replace('price: 54900', 'price: 55900'), format: 'yaml' },
  });
  assert.equal(upload.statusCode, 201, upload.body);
  const v2 = upload.json<{ id: string }>();
  const publish = await t.app.inject({
    method: 'POST',
    url: `/api/v1/products/${bike.product.id}/versions/${v2.id}/publish`,
    headers: owner.headers,
  });
  assert.equal(publish.statusCode, 200, publish.body);
  const problem = await assertRefusedAndNothingWritten(body, 'outdated');
  assert.match(problem.detail, /replaced/);
});

test('a guest order needs an email', async () => {
  const { body } = await bikeOrderBody();
  const { email: _email, ...withoutEmail } = body;
  const res = await postOrder(withoutEmail);
  assert.equal(res.statusCode, 400);
  assert.deepEqual(
    res.json<Problem>().errors.map((e) => e.field),
    ['email'],
  );
});

test('the lifecycle moves forward, records who and when, and refuses invalid transitions', async () => {
  const bike = await shopProduct(t, 'alpha', 'city-bike');
  const placedAt = t.clock.now().toISOString();
  const order = await orderAsGuest(t, 'alpha', bike.version.id, completePreset(bike));
  const move = (to: string, who = operations) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${order.id}/transitions`,
      headers: who.headers,
      payload: { to },
    });

  const skip = await move('shipped');
  assert.equal(skip.statusCode, 409);
  const problem = skip.json<Problem & { allowed: string[] }>();
  assert.deepEqual(problem.allowed, ['confirmed', 'cancelled']);
  assert.match(problem.detail, /placed cannot become shipped/);

  const sales = await t.signIn(firm, 'sales');
  assert.equal((await move('confirmed', sales)).statusCode, 403, 'sales may not move orders');

  t.clock.advance(60_000);
  assert.equal((await move('confirmed')).statusCode, 200);
  t.clock.advance(60_000);
  const inProduction = await move('in_production');
  assert.equal(inProduction.statusCode, 200);
  const cancel = await move('cancelled');
  assert.equal(cancel.statusCode, 409, 'no cancelling once production started');
  assert.match(cancel.json<Problem>().detail, /only before production/);

  const timeline = inProduction.json<{
    timeline: { status: string; at: string; by: string; byKind: string }[];
  }>().timeline;
  assert.deepEqual(
    timeline.map((e) => [e.status, e.at, e.byKind, e.by]),
    [
      ['placed', placedAt, 'guest', 'guest.buyer@example.com'],
      [
        'confirmed',
        new Date(Date.parse(placedAt) + 60_000).toISOString(),
        'staff',
        'Demo Operations (operations)',
      ],
      [
        'in_production',
        new Date(Date.parse(placedAt) + 120_000).toISOString(),
        'staff',
        'Demo Operations (operations)',
      ],
    ],
  );
  const page = await t.app.inject({
    method: 'GET',
    url: `/api/v1/shop/alpha/orders/${order.id}?token=${order.token}`,
  });
  assert.equal(
    page.json<{ status: string }>().status,
    'in_production',
    'the customer’s page shows the new status',
  );
});

test('the console lists orders by status and product', async () => {
  const bike = await shopProduct(t, 'alpha', 'city-bike');
  const order = await orderAsGuest(t, 'alpha', bike.version.id, completePreset(bike));
  const list = async (query: string) =>
    (
      await t.app.inject({ method: 'GET', url: `/api/v1/orders?${query}`, headers: owner.headers })
    ).json<{ id: string; status: string; product: { slug: string } }[]>();
  const bikes = await list('product=city-bike');
  assert.ok(bikes.some((o) => o.id === order.id));
  assert.ok(bikes.every((o) => o.product.slug === 'city-bike'));
  assert.deepEqual(await list('status=delivered'), []);
  assert.ok(
    (await list('status=placed&from=2026-01-15&to=2026-01-15')).some((o) => o.id === order.id),
  );
  assert.deepEqual(await list('from=2026-01-16'), []);
});

test('a retried order with the same Idempotency-Key is taken once', async () => {
  const { body } = await bikeOrderBody();
  const send = () =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/shop/alpha/orders',
      headers: { 'idempotency-key': 'order-retry-1' },
      payload: body,
    });
  const first = await send();
  assert.equal(first.statusCode, 201, first.body);
  const before = await snapshotDatabase(t.testDb.database);
  const retry = await send();
  assert.equal(retry.statusCode, 201);
  assert.equal(retry.headers['idempotent-replayed'], 'true');
  assert.equal(retry.json<{ id: string }>().id, first.json<{ id: string }>().id);
  assert.deepEqual(await snapshotDatabase(t.testDb.database), before, 'no second order');
});

test('a signed-in customer orders without an email and finds the order without a token', async () => {
  const buyer = await t.signIn(firm, 'buyer');
  const { body } = await bikeOrderBody();
  const { email: _email, ...rest } = body;
  // The buyer is Acme's: they order at the price they are quoted, their contract's.
  const quoted = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/shop/alpha/quote',
      headers: buyer.headers,
      payload: { versionId: body.versionId, choices: body.choices },
    })
  ).json<{ total: number; currency: string; promisedDate: string }>();
  const signedIn = {
    ...rest,
    expected: { total: quoted.total, currency: quoted.currency, promisedDate: quoted.promisedDate },
  };
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/shop/alpha/orders',
    headers: buyer.headers,
    payload: signedIn,
  });
  assert.equal(res.statusCode, 201, res.body);
  const order = res.json<{
    id: string;
    email: string;
    timeline: { by: string; byKind: string }[];
  }>();
  assert.equal(order.email, firm.credential('buyer').email);
  assert.deepEqual(
    order.timeline.map((e) => [e.byKind, e.by]),
    [['customer', 'Acme Buyer']],
  );
  const mine = await t.app.inject({
    method: 'GET',
    url: `/api/v1/shop/alpha/orders/${order.id}`,
    headers: buyer.headers,
  });
  assert.equal(mine.statusCode, 200);
  const noCsrf = await t.app.inject({
    method: 'POST',
    url: '/api/v1/shop/alpha/orders',
    headers: { cookie: buyer.cookie },
    payload: signedIn,
  });
  assert.equal(noCsrf.statusCode, 403, 'a cookie session must send its CSRF token');
});
