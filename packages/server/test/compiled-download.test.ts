// The compiled model the studio downloads: compact (no product model in its header), at an
// immutable URL per published version, cached by browsers for a year and revalidated by ETag.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { createSession, deserialize, type ProductModel } from '@customerize/engine';
import { createTestApp, type Firm, type TestApp } from './helpers/app.ts';

let t: TestApp;
let alpha: Firm;
let beta: Firm;

before(async () => {
  t = await createTestApp({ config: { defaultTenant: 'alpha' } });
  alpha = await t.seedFirm('alpha', 'Alpha Cycles');
  beta = await t.seedFirm('beta', 'Beta Works');
});
after(() => t.close());

type Detail = { version: { id: string }; model: ProductModel; compiledUrl: string };

async function product(firm: Firm, slug: string): Promise<Detail> {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/shop/${firm.tenant.slug}/products/${slug}`,
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json<Detail>();
}

test('a product names its compiled model by URL instead of carrying the bytes', async () => {
  const detail = await product(alpha, 'city-bike');
  assert.equal('compiled' in detail, false);
  assert.equal(
    detail.compiledUrl,
    `/api/v1/shop/alpha/product-versions/${detail.version.id}/compiled`,
  );
});

test('the compiled model is cached for a year as immutable, with an ETag', async () => {
  const detail = await product(alpha, 'city-bike');
  const res = await t.app.inject({ method: 'GET', url: detail.compiledUrl });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal(res.headers['content-type'], 'application/octet-stream');
  assert.match(String(res.headers.etag), /^"[0-9a-f]{64}"$/);

  const again = await t.app.inject({
    method: 'GET',
    url: detail.compiledUrl,
    headers: { 'if-none-match': String(res.headers.etag) },
  });
  assert.equal(again.statusCode, 304);
  assert.equal(again.body, '');
  assert.equal(again.headers.etag, res.headers.etag);
  assert.equal(again.headers['cache-control'], 'public, max-age=31536000, immutable');

  const stale = await t.app.inject({
    method: 'GET',
    url: detail.compiledUrl,
    headers: { 'if-none-match': '"something-else"' },
  });
  assert.equal(stale.statusCode, 200);
  assert.deepEqual(stale.rawPayload, res.rawPayload);
});

test('a client that accepts gzip gets the same bytes gzipped, under its own ETag', async () => {
  const detail = await product(alpha, 'city-bike');
  const plain = await t.app.inject({ method: 'GET', url: detail.compiledUrl });
  const zipped = await t.app.inject({
    method: 'GET',
    url: detail.compiledUrl,
    headers: { 'accept-encoding': 'gzip, deflate, br' },
  });
  assert.equal(zipped.statusCode, 200);
  assert.equal(zipped.headers['content-encoding'], 'gzip');
  assert.equal(zipped.headers.vary, 'accept-encoding');
  assert.equal(zipped.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.deepEqual(gunzipSync(zipped.rawPayload), plain.rawPayload);
  assert.ok(zipped.rawPayload.length < plain.rawPayload.length);
  assert.notEqual(zipped.headers.etag, plain.headers.etag);
  const revalidated = await t.app.inject({
    method: 'GET',
    url: detail.compiledUrl,
    headers: { 'accept-encoding': 'gzip', 'if-none-match': String(zipped.headers.etag) },
  });
  assert.equal(revalidated.statusCode, 304);
});

test('the bytes leave the product model out and answer like the server’s engine with it', async () => {
  const detail = await product(alpha, 'city-bike');
  const res = await t.app.inject({ method: 'GET', url: detail.compiledUrl });
  const bytes = new Uint8Array(res.rawPayload);
  const message = detail.model.rules?.find((r) => r.message)?.message;
  assert.ok(message);
  assert.equal(res.rawPayload.includes(Buffer.from(message)), false, 'no rule message inside');
  assert.throws(() => deserialize(bytes), /without its product model/);
  const engine = deserialize(bytes, detail.model);
  const session = createSession(engine);
  assert.ok((session.count() ?? 0n) > 0n);
  assert.deepEqual(
    Object.keys(session.domains()),
    detail.model.features.map((f) => f.id),
  );
});

test('another firm’s version is not found under this firm’s shop', async () => {
  const theirs = await product(beta, 'city-bike');
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/shop/alpha/product-versions/${theirs.version.id}/compiled`,
  });
  assert.equal(res.statusCode, 404);
  assert.match(String(res.headers['content-type']), /application\/problem\+json/);
  assert.equal(res.headers['cache-control'], undefined, 'a miss is never cached for a year');
});
