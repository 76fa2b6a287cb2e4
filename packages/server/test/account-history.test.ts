// A signed-in customer's designs and orders on any device (GET /account/designs, /account/orders):
// a guest's records join the account once the same email is verified; only the customer's own
// records of their own firm are listed, page by page; and /auth/session answers guests without
// an error.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { signUpCustomer } from './helpers/accounts.ts';
import { completePreset, quote, shopProduct } from './helpers/shop.ts';

type Page<T> = { items: T[]; nextCursor: string | null };
type AccountDesign = {
  id: string;
  name: string;
  product: { slug: string; name: string };
  currentVersion: number;
  url: string;
  versions: {
    number: number;
    savedAt: string;
    total: number;
    currency: string;
    valid: boolean;
    note: string | null;
  }[];
};
type AccountOrder = {
  id: string;
  number: number;
  status: string;
  total: number;
  currency: string;
  promisedDate: string;
  url: string;
  timeline: { status: string; at: string }[];
};

let t: TestApp;
let alpha: Firm;
let beta: Firm;
const ada = { email: 'ada.guest@example.org', name: 'Ada Guest', password: 'a long secret 123' };
let guestDesign: { id: string; token: string };
let guestOrder: { id: string; number: number; total: number };
let adaSession: SignedIn;

before(async () => {
  t = await createTestApp();
  alpha = await t.seedFirm('alpha', 'Alpha Joinery');
  beta = await t.seedFirm('beta', 'Beta Metalworks');

  // Ada shops as a guest: saves a design, saves a second version, orders it with her email.
  const bike = await shopProduct(t, 'alpha', 'city-bike');
  const choices = completePreset(bike);
  const saved = await t.app.inject({
    method: 'POST',
    url: '/api/v1/shop/alpha/designs',
    payload: { versionId: bike.version.id, name: 'Ada’s bike', choices, email: ada.email },
  });
  assert.equal(saved.statusCode, 201, saved.body);
  guestDesign = saved.json<{ id: string; token: string }>();
  t.clock.advance(60_000);
  const second = await t.app.inject({
    method: 'POST',
    url: `/api/v1/shop/alpha/designs/${guestDesign.id}/versions?token=${guestDesign.token}`,
    payload: { choices, note: 'second thoughts' },
  });
  assert.equal(second.statusCode, 201, second.body);
  const q = await quote(t, 'alpha', { versionId: bike.version.id, choices });
  const ordered = await t.app.inject({
    method: 'POST',
    url: '/api/v1/shop/alpha/orders',
    payload: {
      versionId: bike.version.id,
      choices,
      designId: guestDesign.id,
      token: guestDesign.token,
      email: ada.email,
      expected: { total: q.total, currency: q.currency, promisedDate: q.promisedDate },
    },
  });
  assert.equal(ordered.statusCode, 201, ordered.body);
  guestOrder = ordered.json<{ id: string; number: number; total: number }>();

  // Then she makes an account with the same email and follows the link (claiming both).
  adaSession = await signUpCustomer(t, alpha, ada);
});
after(() => t.close());

async function list<T>(who: SignedIn | null, path: string): Promise<Page<T>> {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/account/${path}`,
    headers: who?.headers ?? {},
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json<Page<T>>();
}

test('a customer sees the designs they saved as a guest, with every version, once signed in anywhere', async () => {
  const { items, nextCursor } = await list<AccountDesign>(adaSession, 'designs');
  assert.equal(nextCursor, null);
  const design = items.find((d) => d.id === guestDesign.id);
  assert.ok(design, `the guest design is listed: ${JSON.stringify(items)}`);
  assert.equal(design.name, 'Ada’s bike');
  assert.equal(design.product.slug, 'city-bike');
  assert.equal(design.currentVersion, 2);
  assert.equal(design.url, `/designs/${guestDesign.id}`);
  assert.deepEqual(
    design.versions.map((v) => [v.number, v.note, v.valid]),
    [
      [1, null, true],
      [2, 'second thoughts', true],
    ],
  );
  assert.ok(design.versions.every((v) => v.total > 0 && v.currency === 'EUR'));
  assert.ok(new Date(design.versions[1]!.savedAt) > new Date(design.versions[0]!.savedAt));
  // The signed-in owner opens the design by the listed link, without the guest's token.
  const opened = await t.app.inject({
    method: 'GET',
    url: `/api/v1/shop/alpha/designs/${guestDesign.id}`,
    headers: adaSession.headers,
  });
  assert.equal(opened.statusCode, 200, opened.body);
});

test('a customer sees the orders they placed as a guest, with status, total, date and timeline', async () => {
  const { items } = await list<AccountOrder>(adaSession, 'orders');
  assert.equal(items.length, 1);
  const order = items[0]!;
  assert.equal(order.id, guestOrder.id);
  assert.equal(order.number, guestOrder.number);
  assert.equal(order.total, guestOrder.total);
  assert.match(order.promisedDate, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(order.url, `/orders/${guestOrder.id}`);
  assert.ok(order.timeline.length >= 1, 'the timeline has the order’s first event');
  assert.equal(order.timeline.at(-1)!.status, order.status);
});

test('another customer of the firm, and the same email at another firm, see none of it', async () => {
  const buyer = await t.signIn(alpha, 'buyer');
  const designs = await list<AccountDesign>(buyer, 'designs');
  const orders = await list<AccountOrder>(buyer, 'orders');
  assert.ok(!designs.items.some((d) => d.id === guestDesign.id));
  assert.ok(!orders.items.some((o) => o.id === guestOrder.id));

  const adaAtBeta = await signUpCustomer(t, beta, ada);
  assert.deepEqual(await list(adaAtBeta, 'designs'), { items: [], nextCursor: null });
  assert.deepEqual(await list(adaAtBeta, 'orders'), { items: [], nextCursor: null });
});

test('guests are told to sign in and staff are refused: the lists are the customer’s own', async () => {
  const guest = await t.app.inject({ method: 'GET', url: '/api/v1/account/designs' });
  assert.equal(guest.statusCode, 401);
  const owner = await t.signIn(alpha, 'owner');
  const staff = await t.app.inject({
    method: 'GET',
    url: '/api/v1/account/orders',
    headers: owner.headers,
  });
  assert.equal(staff.statusCode, 403);
});

test('the lists come page by page, newest first, and a foreign cursor is refused naming it', async () => {
  const bike = await shopProduct(t, 'alpha', 'city-bike');
  const choices = completePreset(bike);
  for (const name of ['Second bike', 'Third bike']) {
    t.clock.advance(60_000);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/shop/alpha/designs',
      headers: adaSession.headers,
      payload: { versionId: bike.version.id, name, choices },
    });
    assert.equal(res.statusCode, 201, res.body);
  }
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<AccountDesign> = await list<AccountDesign>(
      adaSession,
      `designs?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    assert.ok(page.items.length <= 1);
    seen.push(...page.items.map((d) => d.name));
    cursor = page.nextCursor;
  } while (cursor);
  assert.deepEqual(seen, ['Third bike', 'Second bike', 'Ada’s bike']);

  for (const bad of ['not-a-cursor', Buffer.from('["x","y"]').toString('base64url')]) {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/account/orders?cursor=${bad}`,
      headers: adaSession.headers,
    });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json<{ errors: { field: string }[] }>().errors[0]!.field, 'cursor');
  }
});

test('the session check answers a guest 200 signed out, and a customer with the session', async () => {
  const guest = await t.app.inject({ method: 'GET', url: '/api/v1/auth/session' });
  assert.equal(guest.statusCode, 200);
  assert.deepEqual(guest.json(), { signedIn: false });
  const expired = await t.app.inject({
    method: 'GET',
    url: '/api/v1/auth/session',
    headers: { cookie: 'cz_session=no-such-session' },
  });
  assert.deepEqual(expired.json(), { signedIn: false });
  const signedIn = await t.app.inject({
    method: 'GET',
    url: '/api/v1/auth/session',
    headers: adaSession.headers,
  });
  const body = signedIn.json<{
    signedIn: boolean;
    csrfToken: string;
    user: { email: string; kind: string };
  }>();
  assert.equal(body.signedIn, true);
  assert.equal(body.csrfToken, adaSession.csrfToken);
  assert.equal(body.user.email, ada.email);
  assert.equal(body.user.kind, 'customer');
});
