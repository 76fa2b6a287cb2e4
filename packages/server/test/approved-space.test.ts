// A company member stays inside what the company approved, on every route that takes a design
// from them (quote, compare, save, restore, remix, order, bid, bid confirmation, revision), and
// sees only their own company's portal. Two companies of one firm are kept apart.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, sql } from 'drizzle-orm';
import { approvedConfigurations } from '../src/companies/companies.schema.ts';
import { insertDesignVersion } from '../src/studio/studio.store.ts';
import {
  createTestApp,
  sessionCookie,
  type Firm,
  type SignedIn,
  type TestApp,
} from './helpers/app.ts';
import { snapshotDatabase } from './helpers/db.ts';
import { apiOperations } from './helpers/openapi.ts';
import { shopProduct, type ShopProduct } from './helpers/shop.ts';
import { placeTestOrder } from './helpers/designs.ts';

let t: TestApp;
let firm: Firm;
let owner: SignedIn;
let buyer: SignedIn;
let laptop: ShopProduct;

/** Inside the demo space "Engineer laptop (approved range)" (and the fixed standard design). */
const INSIDE = {
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
};
/** A buildable laptop the company did not approve: 8 GB. */
const OUTSIDE = { ...INSIDE, ram: 'gb8' };

before(async () => {
  t = await createTestApp();
  firm = await t.seedFirm('alpha');
  owner = await t.signIn(firm, 'owner');
  buyer = await t.signIn(firm, 'buyer');
  laptop = await shopProduct(t, 'alpha', 'laptop');
});
after(() => t.close());

const shop = (who: SignedIn | null, method: 'GET' | 'POST', path: string, payload?: object) =>
  t.app.inject({
    method,
    url: `/api/v1/shop/alpha${path}`,
    headers: who?.headers ?? {},
    ...(payload ? { payload } : {}),
  });

function assertNotApproved(res: { statusCode: number; body: string }, what: string) {
  assert.equal(res.statusCode, 409, `${what}: ${res.body}`);
  const body = JSON.parse(res.body) as { detail: string; errors: Array<{ field: string }> };
  assert.match(body.detail, /Not approved by Acme Interiors/, what);
  assert.deepEqual(
    body.errors.map((e) => e.field),
    ['choices.ram'],
    `${what} names the feature`,
  );
}

async function quoteOf(choices: object) {
  const res = await shop(buyer, 'POST', '/quote', { versionId: laptop.version.id, choices });
  assert.equal(res.statusCode, 200, res.body);
  return res.json<{ total: number; currency: string; promisedDate: string }>();
}

/** Every route whose body carries a design (choices, must-haves) or turns a stored one into a
 * design, order or offer — the list the tests below cover. */
const DESIGN_ROUTES = [
  'POST /api/v1/shop/{tenant}/quote',
  'POST /api/v1/shop/{tenant}/provider-quotes',
  'POST /api/v1/shop/{tenant}/designs',
  'POST /api/v1/shop/{tenant}/designs/{id}/versions',
  'POST /api/v1/shop/{tenant}/designs/{id}/restore',
  'POST /api/v1/shop/{tenant}/shared-designs/{id}/remix',
  'POST /api/v1/shop/{tenant}/orders',
  'POST /api/v1/shop/{tenant}/bids',
  'POST /api/v1/shop/{tenant}/bids/{id}/confirm',
  'POST /api/v1/revisions/{id}/proposal',
  'POST /api/v1/revisions/{id}/accept',
  'POST /api/v1/shop/{tenant}/quotes/lines',
  'POST /api/v1/shop/{tenant}/orders/lines',
  // eQuotes: a buyer's quote and sales' quote for the company (converted through orders/lines).
  'POST /api/v1/company/quotes',
  'POST /api/v1/quotes',
  'PUT /api/v1/quotes/{id}',
  // Punch-out OrderRequests order stored designs through the multi-line order (tested below).
  'POST /api/v1/shop/{tenant}/punchout/cxml',
  // Recommendations: the member's choices must be inside, and so is every suggestion (below).
  'POST /api/v1/shop/{tenant}/recommendations',
];

test('the routes that take a design from a customer are exactly the ones enforced below', () => {
  const carriesDesign = apiOperations(t.app)
    .filter((op) => {
      const props = Object.keys((op.body as { properties?: object } | undefined)?.properties ?? {});
      // Several designs at once: `lines`, each line carrying choices.
      const lines = (op.body as { properties?: { lines?: { items?: { properties?: object } } } })
        ?.properties?.lines?.items?.properties;
      return (
        props.includes('choices') ||
        props.includes('mustHave') ||
        Object.keys(lines ?? {}).includes('choices')
      );
    })
    .map((op) => `${op.method} ${op.path}`);
  const turnsStoredDesigns = [
    'POST /api/v1/shop/{tenant}/designs/{id}/restore',
    'POST /api/v1/shop/{tenant}/shared-designs/{id}/remix',
    'POST /api/v1/shop/{tenant}/bids/{id}/confirm',
    'POST /api/v1/revisions/{id}/accept',
    'POST /api/v1/shop/{tenant}/punchout/cxml',
  ];
  assert.deepEqual(
    [...carriesDesign, ...turnsStoredDesigns].sort(),
    [...DESIGN_ROUTES].sort(),
    'a new route taking a design needs the approved-space check and a test here',
  );
});

test('quote and provider comparison: outside the space is 409 naming the feature', async () => {
  assert.equal((await quoteOf(INSIDE)).currency, 'EUR');
  for (const path of ['/quote', '/provider-quotes'])
    assertNotApproved(
      await shop(buyer, 'POST', path, { versionId: laptop.version.id, choices: OUTSIDE }),
      path,
    );
  // A guest (or a customer of no company) is not restricted.
  const guest = await shop(null, 'POST', '/quote', {
    versionId: laptop.version.id,
    choices: OUTSIDE,
  });
  assert.equal(guest.statusCode, 200);
});

test('a company rule over several features is enforced on the complete design', async () => {
  // "display = oled4k -> ram = gb32": the 4K display only with 32 GB.
  const res = await shop(buyer, 'POST', '/quote', {
    versionId: laptop.version.id,
    choices: { ...INSIDE, display: 'oled4k', ram: 'gb16' },
  });
  assert.equal(res.statusCode, 409, res.body);
  assert.match(res.body, /company rule \\"display = oled4k -> ram = gb32\\" does not hold/);
  assert.match(res.body, /choices\.display/);
});

test('saving, saving a version, restoring and remixing: nothing outside the space is saved', async () => {
  const before = await snapshotDatabase(t.testDb.database);
  assertNotApproved(
    await shop(buyer, 'POST', '/designs', {
      versionId: laptop.version.id,
      name: 'Mine',
      choices: OUTSIDE,
    }),
    'save',
  );
  assert.deepEqual(await snapshotDatabase(t.testDb.database), before, 'nothing written');
  const saved = await shop(buyer, 'POST', '/designs', {
    versionId: laptop.version.id,
    name: 'Mine',
    choices: INSIDE,
  });
  assert.equal(saved.statusCode, 201, saved.body);
  const designId = saved.json<{ id: string }>().id;
  assertNotApproved(
    await shop(buyer, 'POST', `/designs/${designId}/versions`, { choices: OUTSIDE }),
    'new version',
  );
  // A version saved before the company narrowed its approval is not restored into the space.
  await insertDesignVersion(t.db, {
    id: t.ids.uuid(),
    tenantId: firm.tenant.id,
    designId,
    number: 2,
    productVersionId: laptop.version.id,
    choices: OUTSIDE,
    personalization: {},
    note: 'before the approval',
    quote: { total: 1, currency: 'EUR', promisedDate: '2026-01-01', valid: true },
    createdAt: t.clock.now(),
  });
  assertNotApproved(
    await shop(buyer, 'POST', `/designs/${designId}/restore`, { version: 2 }),
    'restore',
  );
  // A guest's shared 8 GB laptop cannot be remixed by the company's buyer.
  const guest = await shop(null, 'POST', '/designs', {
    versionId: laptop.version.id,
    name: 'Guest laptop',
    choices: OUTSIDE,
  });
  const { id, token } = guest.json<{ id: string; token: string }>();
  const shared = await shop(
    null,
    'POST',
    `/designs/${id}/share?token=${encodeURIComponent(token)}`,
  );
  assert.equal(shared.statusCode, 201, shared.body);
  const share = shared.json<{ shareToken: string }>().shareToken;
  assertNotApproved(
    await shop(buyer, 'POST', `/shared-designs/${id}/remix?share=${encodeURIComponent(share)}`, {}),
    'remix',
  );
});

test('ordering outside the space is 409 and books nothing; inside, the order is placed', async () => {
  const inside = await quoteOf(INSIDE);
  const guestQuote = await shop(null, 'POST', '/quote', {
    versionId: laptop.version.id,
    choices: OUTSIDE,
  });
  const outside = guestQuote.json<{ total: number; currency: string; promisedDate: string }>();
  const before = await snapshotDatabase(t.testDb.database);
  const order = (choices: object, q: typeof inside) =>
    shop(buyer, 'POST', '/orders', {
      versionId: laptop.version.id,
      choices,
      expected: { total: q.total, currency: q.currency, promisedDate: q.promisedDate },
    });
  assertNotApproved(await order(OUTSIDE, outside), 'order');
  assert.deepEqual(await snapshotDatabase(t.testDb.database), before, 'nothing booked');
  const placed = await order(INSIDE, inside);
  assert.equal(placed.statusCode, 201, placed.body);
});

test('several lines at once: a line outside the space is 409 naming that line, quoted or ordered, and books nothing', async () => {
  const lines = (second: object) => [
    { versionId: laptop.version.id, choices: INSIDE, quantity: 2 },
    { versionId: laptop.version.id, choices: second, quantity: 3 },
  ];
  const inside = await shop(buyer, 'POST', '/quotes/lines', { lines: lines(INSIDE) });
  assert.equal(inside.statusCode, 200, inside.body);
  const notApproved = (res: { statusCode: number; body: string }, what: string) => {
    assert.equal(res.statusCode, 409, `${what}: ${res.body}`);
    const body = JSON.parse(res.body) as { detail: string; errors: Array<{ field: string }> };
    assert.match(body.detail, /Not approved by Acme Interiors/, what);
    assert.deepEqual(
      body.errors.map((e) => e.field),
      ['lines.1.choices.ram'],
      what,
    );
  };
  notApproved(await shop(buyer, 'POST', '/quotes/lines', { lines: lines(OUTSIDE) }), 'quote');
  const guest = await shop(null, 'POST', '/quotes/lines', { lines: lines(OUTSIDE) });
  assert.equal(guest.statusCode, 200, 'only the company’s people are held to its approvals');
  const q = guest.json<{ total: number; currency: string; promisedDate: string }>();
  const before = await snapshotDatabase(t.testDb.database);
  notApproved(
    await shop(buyer, 'POST', '/orders/lines', {
      lines: lines(OUTSIDE),
      expected: { total: q.total, currency: q.currency, promisedDate: q.promisedDate },
    }),
    'order',
  );
  assert.deepEqual(await snapshotDatabase(t.testDb.database), before, 'nothing booked');
});

test('quotes for a company, asked by its buyer or made by sales: a line outside the space is 409 naming that line, and nothing is written', async () => {
  const sales = await t.signIn(firm, 'sales');
  const companies = await t.app.inject({
    method: 'GET',
    url: '/api/v1/business-accounts',
    headers: owner.headers,
  });
  const acme = companies
    .json<{ id: string; name: string }[]>()
    .find((c) => c.name === 'Acme Interiors')!;
  const lines = (second: object) => [
    { versionId: laptop.version.id, choices: INSIDE, quantity: 2 },
    { versionId: laptop.version.id, choices: second, quantity: 3 },
  ];
  const before = await snapshotDatabase(t.testDb.database);
  for (const [who, url, extra] of [
    [buyer, '/api/v1/company/quotes', {}],
    [sales, '/api/v1/quotes', { companyId: acme.id }],
  ] as const) {
    const res = await t.app.inject({
      method: 'POST',
      url,
      headers: who.headers,
      payload: { ...extra, lines: lines(OUTSIDE) },
    });
    assert.equal(res.statusCode, 409, `${url}: ${res.body}`);
    const body = res.json<{ detail: string; errors: Array<{ field: string }> }>();
    assert.match(body.detail, /Not approved by Acme Interiors/, url);
    assert.deepEqual(
      body.errors.map((e) => e.field),
      ['lines.1.choices.ram'],
      url,
    );
  }
  assert.deepEqual(await snapshotDatabase(t.testDb.database), before, 'no quote written');
  const inside = await t.app.inject({
    method: 'POST',
    url: '/api/v1/company/quotes',
    headers: buyer.headers,
    payload: { lines: lines(INSIDE) },
  });
  assert.equal(inside.statusCode, 201, inside.body);
  const revised = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/quotes/${inside.json<{ id: string }>().id}`,
    headers: sales.headers,
    payload: { lines: lines(OUTSIDE) },
  });
  assert.equal(revised.statusCode, 409, revised.body);
  assert.deepEqual(
    revised.json<{ errors: Array<{ field: string }> }>().errors.map((e) => e.field),
    ['lines.1.choices.ram'],
  );
});

test('bids: must-haves outside the space are 409; an offer lies inside it', async () => {
  const bid = (mustHave: object) =>
    shop(buyer, 'POST', '/bids', {
      versionId: laptop.version.id,
      mustHave,
      price: { amount: 5_000_00, currency: 'EUR' },
      latestDate: '2026-06-01',
    });
  assertNotApproved(await bid({ ram: 'gb8' }), 'bid');
  const made = await bid({ colour: 'graphite' });
  assert.equal(made.statusCode, 201, made.body);
  const offer = made.json<{ id: string; offer: { choices: Record<string, string> } | null }>();
  assert.ok(offer.offer, `an offer was made: ${made.body}`);
  assert.ok(['gb16', 'gb32'].includes(offer.offer.choices.ram!), 'the offer is an approved design');
  assert.equal(offer.offer.choices.chassis, 'c14', 'the company rule holds');
  // The company narrows its approval before the buyer confirms: the offer is refused.
  await narrowApproval({ ram: [offer.offer.choices.ram === 'gb16' ? 'gb32' : 'gb16'] });
  try {
    const confirmed = await shop(buyer, 'POST', `/bids/${offer.id}/confirm`, {});
    assertNotApproved(confirmed, 'bid confirmation');
  } finally {
    await widenApprovalAgain();
  }
});

/** The demo approvals with their allowed RAM replaced (as an admin's edit would, version + 1). */
async function narrowApproval(allowed: Record<string, string[]>) {
  await t.db
    .update(approvedConfigurations)
    .set({
      allowed: sql`${approvedConfigurations.allowed} || ${JSON.stringify(allowed)}::jsonb`,
      version: sql`${approvedConfigurations.version} + 1`,
    })
    .where(
      and(
        eq(approvedConfigurations.tenantId, firm.tenant.id),
        eq(approvedConfigurations.kind, 'space'),
      ),
    );
  // The fixed standard design is set aside meanwhile (it would approve 16 GB).
  await t.db
    .update(approvedConfigurations)
    .set({
      fixed: sql`${approvedConfigurations.fixed} || '{"ram":"gb64","cpu":"ultra7"}'::jsonb`,
      version: sql`${approvedConfigurations.version} + 1`,
    })
    .where(
      and(
        eq(approvedConfigurations.tenantId, firm.tenant.id),
        eq(approvedConfigurations.kind, 'fixed'),
      ),
    );
}

async function widenApprovalAgain() {
  await t.db
    .update(approvedConfigurations)
    .set({
      allowed: sql`${approvedConfigurations.allowed} || '{"ram":["gb16","gb32"]}'::jsonb`,
      version: sql`${approvedConfigurations.version} + 1`,
    })
    .where(
      and(
        eq(approvedConfigurations.tenantId, firm.tenant.id),
        eq(approvedConfigurations.kind, 'space'),
      ),
    );
  await t.db
    .update(approvedConfigurations)
    .set({
      fixed: sql`${approvedConfigurations.fixed} || '{"ram":"gb16","cpu":"ultra5"}'::jsonb`,
      version: sql`${approvedConfigurations.version} + 1`,
    })
    .where(
      and(
        eq(approvedConfigurations.tenantId, firm.tenant.id),
        eq(approvedConfigurations.kind, 'fixed'),
      ),
    );
}

test('revisions: a proposal outside the space is refused, and so is accepting one made before', async () => {
  const saved = await shop(buyer, 'POST', '/designs', {
    versionId: laptop.version.id,
    name: 'For a revision',
    choices: INSIDE,
  });
  const designId = saved.json<{ id: string }>().id;
  const api = (who: SignedIn, path: string, payload: object) =>
    t.app.inject({ method: 'POST', url: `/api/v1${path}`, headers: who.headers, payload });
  const conversation = await api(buyer, '/conversations', {
    subject: { kind: 'design', id: designId },
    topic: 'Memory',
    body: 'Could it have more memory?',
  });
  assert.equal(conversation.statusCode, 201, conversation.body);
  const cid = conversation.json<{ conversation: { id: string } }>().conversation.id;
  const asked = await api(buyer, `/conversations/${cid}/revisions`, { request: '32 GB please' });
  const rid = asked.json<{ id: string }>().id;
  const outside = await api(owner, `/revisions/${rid}/proposal`, {
    message: 'Here is 8 GB',
    choices: OUTSIDE,
  });
  assert.ok([409, 422].includes(outside.statusCode), outside.body);
  assert.match(outside.body, /Not approved by Acme Interiors/);
  const proposed = await api(owner, `/revisions/${rid}/proposal`, {
    message: 'Here is 32 GB',
    choices: { ...INSIDE, ram: 'gb32' },
  });
  assert.equal(proposed.statusCode, 200, proposed.body);
  await narrowApproval({ ram: ['gb16'] });
  try {
    assertNotApprovedFeature(await api(buyer, `/revisions/${rid}/accept`, {}), 'accept');
  } finally {
    await widenApprovalAgain();
  }
});

function assertNotApprovedFeature(res: { statusCode: number; body: string }, what: string) {
  assert.equal(res.statusCode, 409, `${what}: ${res.body}`);
  assert.match(res.body, /Not approved by Acme Interiors/);
  assert.match(res.body, /choices\.ram/);
}

test('two companies of one firm: each sees only its own portal, approvals and locations', async () => {
  const staff = (method: 'POST' | 'PATCH' | 'GET', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: owner.headers, ...(payload ? { payload } : {}) });
  const globex = (await staff('POST', '/api/v1/business-accounts', { name: 'Globex' })).json<{
    id: string;
  }>();
  assert.equal(
    (await staff('PATCH', `/api/v1/business-accounts/${globex.id}`, { slug: 'globex' })).statusCode,
    200,
  );
  const taken = await staff('PATCH', `/api/v1/business-accounts/${globex.id}`, { slug: 'acme' });
  assert.equal(taken.statusCode, 409);
  const member = await staff('POST', '/api/v1/customers', {
    email: 'gina@globex.example',
    name: 'Gina Globex',
    password: 'correct horse battery',
    businessAccountId: globex.id,
    businessRole: 'admin',
  });
  assert.equal(member.statusCode, 201, member.body);
  const login = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: {
      tenant: 'alpha',
      email: 'gina@globex.example',
      password: 'correct horse battery',
      kind: 'customer',
    },
  });
  assert.equal(login.statusCode, 200, login.body);
  const gina = {
    headers: {
      cookie: sessionCookie(login),
      'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken,
    },
  } as unknown as SignedIn;
  const own = await shop(gina, 'GET', '/company/globex');
  assert.equal(own.statusCode, 200, own.body);
  assert.deepEqual(own.json<{ configurations: unknown[] }>().configurations, []);
  for (const [who, slug] of [
    [gina, 'acme'],
    [buyer, 'globex'],
  ] as const) {
    const res = await shop(who, 'GET', `/company/${slug}`);
    assert.equal(res.statusCode, 404, `${slug}: ${res.body}`);
    // Only the slug the caller typed comes back; no name, location or approval.
    assert.doesNotMatch(res.body, /Acme Interiors|Globex|Head office|Engineer laptop/);
  }
  // A company admin manages only their own company: Gina's location lands at Globex.
  const address = { label: 'x', lines: [], postalCode: '1', city: 'x', country: 'x' };
  const added = await t.app.inject({
    method: 'POST',
    url: '/api/v1/company/locations',
    headers: gina.headers,
    payload: {
      name: 'Globex HQ',
      billingAddress: address,
      shippingAddress: address,
      currency: 'USD',
    },
  });
  assert.equal(added.statusCode, 201, added.body);
  assert.equal(added.json<{ companyId: string }>().companyId, globex.id);
  const acmeAdmin = await t.signIn(firm, 'admin');
  const acmePortal = await shop(acmeAdmin, 'GET', '/company/acme');
  assert.doesNotMatch(acmePortal.body, /Globex/);
  assert.match(acmePortal.body, /Head office/, 'the Acme admin sees Acme’s locations');
  assert.equal((await shop(null, 'GET', '/company/acme')).statusCode, 404, 'guests see nothing');
  // Acme's approval does not bind Globex's people: Gina may quote the 8 GB laptop.
  assert.equal(
    (await shop(gina, 'POST', '/quote', { versionId: laptop.version.id, choices: OUTSIDE }))
      .statusCode,
    200,
  );
});

test('recommendations: choices outside the space are 409; nothing outside it is suggested', async () => {
  assertNotApproved(
    await shop(buyer, 'POST', '/recommendations', {
      versionId: laptop.version.id,
      choices: OUTSIDE,
    }),
    'recommendations',
  );
  // Others ordered the 8 GB laptop most: a guest is suggested it, the company's buyer never.
  for (const [design, n] of [
    [OUTSIDE, 4],
    [INSIDE, 3],
  ] as const)
    for (let i = 0; i < n; i++)
      await placeTestOrder(
        t,
        firm,
        { versionId: laptop.version.id, choices: design },
        { customerId: null, email: `laptop${i}@example.test` },
      );
  type Answer = {
    next: { feature: string; value: unknown }[];
    designs: { choices: Record<string, unknown> }[];
  };
  const ask = async (who: SignedIn | null) => {
    const res = await shop(who, 'POST', '/recommendations', {
      versionId: laptop.version.id,
      choices: { chassis: 'c14' },
      limit: 20,
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<Answer>();
  };
  const guest = await ask(null);
  assert.ok(guest.next.some((s) => s.feature === 'ram' && s.value === 'gb8'));
  assert.ok(guest.designs.some((d) => d.choices.ram === 'gb8'));
  const member = await ask(buyer);
  assert.ok(member.next.length > 0 && member.designs.length > 0, 'inside suggestions remain');
  assert.ok(!member.next.some((s) => s.feature === 'ram' && s.value === 'gb8'));
  for (const d of member.designs) {
    const res = await shop(buyer, 'POST', '/quote', {
      versionId: laptop.version.id,
      choices: d.choices,
    });
    assert.equal(res.statusCode, 200, `an approved design: ${res.body}`);
  }
});
