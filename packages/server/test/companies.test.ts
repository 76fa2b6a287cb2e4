// Company portals: slug and logo, locations, approved configurations checked against the
// published model, and who may see which company's portal.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSession } from '@customerize/engine';
import { compiledVersion } from '../src/catalog/catalog.ts';
import { findProductBySlug, publishedVersions } from '../src/catalog/catalog.store.ts';
import { approvedRestrictionsFor } from '../src/companies/approved-space.ts';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { snapshotDatabase } from './helpers/db.ts';

let t: TestApp;
let firm: Firm;
let owner: SignedIn;
let sales: SignedIn;
let buyer: SignedIn;
let admin: SignedIn;
let laptopId: string;
let acmeId: string;

before(async () => {
  t = await createTestApp();
  firm = await t.seedFirm('alpha');
  owner = await t.signIn(firm, 'owner');
  sales = await t.signIn(firm, 'sales');
  buyer = await t.signIn(firm, 'buyer');
  admin = await t.signIn(firm, 'admin');
  laptopId = (await findProductBySlug(t.db, firm.tenant.id, 'laptop'))!.id;
  const list = await t.app.inject({
    method: 'GET',
    url: '/api/v1/business-accounts',
    headers: owner.headers,
  });
  acmeId = list.json<Array<{ id: string; slug: string }>>().find((c) => c.slug === 'acme')!.id;
});
after(() => t.close());

const space = (over: object = {}) => ({
  productId: laptopId,
  name: 'Designers laptop',
  kind: 'space',
  allowed: { ram: ['gb32', 'gb64'] },
  fixed: { colour: 'graphite' },
  ...over,
});

test('the demo company has its portal address, logo, two locations and approved laptops', async () => {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/business-accounts/${acmeId}`,
    headers: sales.headers,
  });
  assert.equal(res.statusCode, 200);
  const body = res.json<{
    company: { portalPath: string; logoUrl: string };
    locations: Array<{ name: string; budget: number; currency: string }>;
    configurations: Array<{ configuration: { name: string; kind: string } }>;
    people: Array<{ role: string }>;
  }>();
  assert.equal(body.company.portalPath, '/company/acme');
  const logo = await t.app.inject({ method: 'GET', url: body.company.logoUrl });
  assert.equal(logo.statusCode, 200);
  assert.match(String(logo.headers['content-type']), /svg/);
  assert.deepEqual(
    body.locations.map((l) => [l.name, l.budget, l.currency]),
    [
      ['Design studio', 1_000_000, 'EUR'],
      ['Head office', 2_500_000, 'EUR'],
    ],
  );
  assert.deepEqual(
    body.configurations.map((c) => [c.configuration.name, c.configuration.kind]),
    [
      ['Engineer laptop (approved range)', 'space'],
      ['Standard engineer laptop', 'fixed'],
    ],
  );
  assert.deepEqual(body.people.map((p) => p.role).sort(), ['admin', 'approver', 'buyer']);
});

test('sales approves a space on behalf of the company; values are stored as the model names them', async () => {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/business-accounts/${acmeId}/approved-configurations`,
    headers: sales.headers,
    payload: space(),
  });
  assert.equal(res.statusCode, 201, res.body);
  assert.deepEqual(res.json<{ allowed: object; fixed: object }>().allowed, {
    ram: ['gb32', 'gb64'],
  });
});

test('unknown features and values are 400 naming the field, and nothing is written', async () => {
  const before = await snapshotDatabase(t.testDb.database);
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/business-accounts/${acmeId}/approved-configurations`,
    headers: owner.headers,
    payload: space({
      name: 'Wrong',
      allowed: { ram: ['gb12'], wings: ['two'] },
      rules: ['price_class = cheap'],
    }),
  });
  assert.equal(res.statusCode, 400);
  const fields = res.json<{ errors: Array<{ field: string }> }>().errors.map((e) => e.field);
  assert.deepEqual(fields.sort(), ['allowed.ram', 'allowed.wings', 'rules.0']);
  assert.deepEqual(await snapshotDatabase(t.testDb.database), before);
});

test('a space without any valid design is 422 with the engine’s explanation', async () => {
  // A dedicated graphics card needs the 16" chassis; the space allows only the 14".
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/business-accounts/${acmeId}/approved-configurations`,
    headers: owner.headers,
    payload: space({ name: 'Impossible', allowed: {}, fixed: { gpu: 'rtx4050', chassis: 'c14' } }),
  });
  assert.equal(res.statusCode, 422, res.body);
  const body = res.json<{
    errors: Array<{ field: string }>;
    explanation: { rules: Array<{ id: string }>; restrictions: Array<{ id: string }> };
  }>();
  assert.ok(body.explanation.rules.length > 0, 'the model rules that exclude it are named');
  assert.ok(body.errors[0]!.field.startsWith('fixed.'), 'the limit that empties it is named');
  assert.ok(body.explanation.restrictions.length > 0, JSON.stringify(body.explanation));
});

test('the company admin approves a space in the portal; a buyer may not', async () => {
  const url = '/api/v1/company/approved-configurations';
  const byBuyer = await t.app.inject({
    method: 'POST',
    url,
    headers: buyer.headers,
    payload: space({ name: 'By buyer' }),
  });
  assert.equal(byBuyer.statusCode, 403);
  const byAdmin = await t.app.inject({
    method: 'POST',
    url,
    headers: admin.headers,
    payload: space({ name: 'By admin' }),
  });
  assert.equal(byAdmin.statusCode, 201, byAdmin.body);
});

test('the studio restriction explains excluded values as not approved by the company', async () => {
  const [version] = await publishedVersions(t.db, firm.tenant.id, [laptopId]);
  const compiled = await compiledVersion(t.db, firm.tenant.id, version!.id);
  const portal = await t.app.inject({
    method: 'GET',
    url: '/api/v1/shop/alpha/company/acme',
    headers: buyer.headers,
  });
  const range = portal
    .json<{ configurations: Array<{ configuration: { id: string; name: string } }> }>()
    .configurations.find((c) => c.configuration.name === 'Engineer laptop (approved range)')!;
  const restrictions = await approvedRestrictionsFor(t.db, firm.tenant.id, buyer.userId, laptopId, {
    approvedConfigurationId: range.configuration.id,
  });
  const session = createSession(compiled, {}, { restrictions });
  const gb64 = session.values().ram!.find((v) => v.value === 'gb64')!;
  assert.equal(gb64.available, false);
  assert.deepEqual(gb64.explanation?.restrictions, [
    { id: `approved:${range.configuration.id}`, message: 'Not approved by Acme Interiors' },
  ]);
  // The single-feature company rule "chassis = c14" is part of the restriction.
  assert.deepEqual(session.domains().chassis, ['c14']);
  assert.deepEqual(
    await approvedRestrictionsFor(t.db, firm.tenant.id, null, laptopId),
    [],
    'a guest works without restrictions',
  );
});
