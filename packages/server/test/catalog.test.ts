// The catalog in the console: models are checked with line numbers, uploaded as drafts,
// published as immutable versions (the previous one retires), and assets are stored and served.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '@customerize/engine';
import { CompiledModelCache } from '../src/catalog/compiled-cache.ts';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';

let t: TestApp;
let firm: Firm;
let designer: SignedIn;

before(async () => {
  t = await createTestApp();
  firm = await t.seedFirm('alpha');
  designer = await t.signIn(firm, 'designer');
});
after(() => t.close());

const LAMP = `id: lamp
name: Desk lamp
currency: EUR
base: { price: 4900, leadTimeDays: 3 }
features:
  - id: shade
    type: enum
    options:
      - { id: linen, price: 0 }
      - { id: brass, price: 2500 }
  - id: dimmer
    type: bool
    whenTrue: { price: 1500 }
rules:
  - id: brass-dims
    message: The brass shade comes with a dimmer.
    expr: shade = brass -> dimmer
`;

type Issue = {
  severity: string;
  message: string;
  path: string;
  line: number | null;
  column: number | null;
};

test('a model check reports a misspelt name with its line and column, and never fails', async () => {
  const broken = LAMP.replace('expr: shade = brass -> dimmer', 'expr: shade = brass -> dimmr');
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/products/model-check',
    headers: designer.headers,
    payload: { source: broken, format: 'yaml' },
  });
  assert.equal(res.statusCode, 200);
  const body = res.json<{ ok: boolean; issues: Issue[] }>();
  assert.equal(body.ok, false);
  const issue = body.issues.find((i) => /dimmr/.test(i.message));
  assert.ok(issue, JSON.stringify(body.issues));
  assert.equal(issue.line, 17, 'the line of the rule expression');
  assert.equal(issue.column, 28, 'the column of the misspelt name inside the expression');

  const syntax = await t.app.inject({
    method: 'POST',
    url: '/api/v1/products/model-check',
    headers: designer.headers,
    payload: { source: 'id: x\n  name: [unclosed', format: 'yaml' },
  });
  assert.equal(syntax.statusCode, 200);
  assert.equal(syntax.json<{ ok: boolean }>().ok, false);
  assert.ok(syntax.json<{ issues: Issue[] }>().issues[0]!.line !== null);

  const good = await t.app.inject({
    method: 'POST',
    url: '/api/v1/products/model-check',
    headers: designer.headers,
    payload: { source: LAMP, format: 'yaml' },
  });
  const ok = good.json<{ ok: boolean; stats: { backend: string; count: string } }>();
  assert.equal(ok.ok, true);
  assert.equal(ok.stats.count, '3', 'linen ± dimmer, brass with dimmer');
});

test('a product gets versions: a broken upload is refused with lines, publishing retires the previous version', async () => {
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/products',
    headers: designer.headers,
    payload: { slug: 'lamp', name: 'Desk lamp' },
  });
  assert.equal(created.statusCode, 201, created.body);
  const product = created.json<{ id: string }>();

  const broken = await t.app.inject({
    method: 'POST',
    url: `/api/v1/products/${product.id}/versions`,
    headers: designer.headers,
    payload: { source: LAMP.replace('price: 2500', 'price: 25.5'), format: 'yaml' },
  });
  assert.equal(broken.statusCode, 400);
  const problem = broken.json<{ errors: { field: string; message: string; line: number }[] }>();
  assert.equal(problem.errors[0]!.field, 'source');
  assert.equal(problem.errors[0]!.line, 10);
  assert.match(problem.errors[0]!.message, /integer/);

  const versionIds: string[] = [];
  for (const price of [4900, 5900]) {
    const up = await t.app.inject({
      method: 'POST',
      url: `/api/v1/products/${product.id}/versions`,
      headers: designer.headers,
      payload: { source: LAMP.replace('price: 4900', `price: ${price}`), format: 'yaml' },
    });
    assert.equal(up.statusCode, 201, up.body);
    const v = up.json<{ id: string; status: string; number: number }>();
    assert.equal(v.status, 'draft');
    const pub = await t.app.inject({
      method: 'POST',
      url: `/api/v1/products/${product.id}/versions/${v.id}/publish`,
      headers: designer.headers,
    });
    assert.equal(pub.statusCode, 200, pub.body);
    versionIds.push(v.id);
  }
  const detail = (
    await t.app.inject({
      method: 'GET',
      url: `/api/v1/products/${product.id}`,
      headers: designer.headers,
    })
  ).json<{ versions: { id: string; number: number; status: string }[] }>();
  assert.deepEqual(
    detail.versions.map((v) => [v.number, v.status]),
    [
      [1, 'retired'],
      [2, 'published'],
    ],
  );

  const again = await t.app.inject({
    method: 'POST',
    url: `/api/v1/product-versions/${versionIds[0]}/publish`,
    headers: designer.headers,
  });
  assert.equal(again.statusCode, 409, 'a retired version is never published again');

  const shop = await t.app.inject({ method: 'GET', url: '/api/v1/shop/alpha/products' });
  const lamp = shop
    .json<{ slug: string; versionId: string; fromPrice: number; kind: string }[]>()
    .find((p) => p.slug === 'lamp');
  assert.deepEqual(
    [lamp?.versionId, lamp?.fromPrice, lamp?.kind],
    [versionIds[1], 5900, 'configurable'],
  );

  const sales = await t.signIn(firm, 'sales');
  const denied = await t.app.inject({
    method: 'POST',
    url: `/api/v1/products/${product.id}/versions`,
    headers: sales.headers,
    payload: { source: LAMP, format: 'yaml' },
  });
  assert.equal(denied.statusCode, 403, 'only designers and owners change the catalog');
});

test('an uploaded asset is stored and served to the shop with its content type', async () => {
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>';
  const boundary = '----cz';
  const payload = [
    `--${boundary}`,
    'Content-Disposition: form-data; name="key"',
    '',
    'lamp/shade-brass',
    `--${boundary}`,
    'Content-Disposition: form-data; name="file"; filename="shade-brass.svg"',
    'Content-Type: image/svg+xml',
    '',
    svg,
    `--${boundary}--`,
    '',
  ].join('\r\n');
  const up = await t.app.inject({
    method: 'POST',
    url: '/api/v1/assets',
    headers: { ...designer.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
  assert.equal(up.statusCode, 201, up.body);
  assert.deepEqual(
    up.json<{ key: string; contentType: string; size: number }>().key,
    'lamp/shade-brass',
  );

  for (const url of [
    '/api/v1/shop/alpha/assets/lamp/shade-brass',
    '/api/v1/shop/alpha/assets/lamp/shade-brass.svg',
  ]) {
    const res = await t.app.inject({ method: 'GET', url });
    assert.equal(res.statusCode, 200, url);
    assert.match(String(res.headers['content-type']), /image\/svg\+xml/);
    assert.equal(res.body, svg);
  }
  const seeded = await t.app.inject({
    method: 'GET',
    url: '/api/v1/shop/alpha/assets/city-bike/base',
  });
  assert.equal(seeded.statusCode, 200, 'the demo catalog ships its preview layers');
  const other = await t.app.inject({
    method: 'GET',
    url: '/api/v1/shop/nobody/assets/lamp/shade-brass',
  });
  assert.equal(other.statusCode, 404);
});

test('a model with no free choice is a standard product in the same catalog', async () => {
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/products',
    headers: designer.headers,
    payload: { slug: 'gift-card', name: 'Gift card' },
  });
  const product = created.json<{ id: string }>();
  const source = JSON.stringify({
    id: 'gift-card',
    name: 'Gift card',
    currency: 'EUR',
    base: { price: 2500, leadTimeDays: 1 },
    features: [{ id: 'value', type: 'enum', options: [{ id: 'eur25' }] }],
  });
  const up = await t.app.inject({
    method: 'POST',
    url: `/api/v1/products/${product.id}/versions`,
    headers: designer.headers,
    payload: { source, format: 'json' },
  });
  assert.equal(up.statusCode, 201, up.body);
  const published = await t.app.inject({
    method: 'POST',
    url: `/api/v1/product-versions/${up.json<{ id: string }>().id}/publish`,
    headers: designer.headers,
  });
  assert.equal(published.statusCode, 200, published.body);
  const shop = await t.app.inject({ method: 'GET', url: '/api/v1/shop/alpha/products' });
  const card = shop
    .json<{ slug: string; kind: string; fromPrice: number }[]>()
    .find((p) => p.slug === 'gift-card');
  assert.deepEqual([card?.kind, card?.fromPrice], ['standard', 2500]);
});

test('compiled models are deserialized once per version and the least recently used leaves first', async () => {
  const bytes = compile({ id: 'm', name: 'M', currency: 'EUR', features: [] }).serialize();
  const loads: string[] = [];
  const cache = new CompiledModelCache(2);
  const get = (id: string) =>
    cache.get(id, async () => {
      loads.push(id);
      return bytes;
    });
  const a = await get('a');
  assert.equal(await get('a'), a, 'the same instance, not loaded again');
  await get('b');
  await get('a');
  await get('c'); // evicts b, the least recently used
  await get('a');
  await get('b');
  assert.deepEqual(loads, ['a', 'b', 'c', 'b']);
  assert.equal(cache.size, 2);
});
