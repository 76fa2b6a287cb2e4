// The HTTP shell: health, OpenAPI, docs, the web app with its SPA fallback, problem+json 404s,
// and the Secure cookie behind an HTTPS proxy.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, type Firm, type TestApp } from './helpers/app.ts';
import { openPgliteTestDatabase, type TestDatabase } from './helpers/db.ts';

const webDir = mkdtempSync(join(tmpdir(), 'customerize-web-'));
mkdirSync(join(webDir, 'assets'));
writeFileSync(
  join(webDir, 'index.html'),
  '<!doctype html><title>Customerize</title><div id="root"></div>',
);
writeFileSync(join(webDir, 'assets', 'app.js'), 'console.log("app")');

let testDb: TestDatabase;
let t: TestApp;
let behindProxy: TestApp;
let firm: Firm;

before(async () => {
  testDb = await openPgliteTestDatabase();
  t = await createTestApp({ testDb, config: { webDir } });
  behindProxy = await createTestApp({ testDb, config: { webDir: null, trustProxy: true } });
  firm = await t.seedFirm('alpha');
});
after(async () => {
  await t.close();
  await behindProxy.close();
  await testDb.close();
  rmSync(webDir, { recursive: true, force: true });
});

test('/healthz answers ok when the database answers', async () => {
  const res = await t.app.inject('/healthz');
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), { status: 'ok' });
});

test('the OpenAPI document lists the API with its schemas, and /api/docs shows it', async () => {
  const doc = (await t.app.inject('/api/openapi.json')).json<{
    openapi: string;
    paths: Record<string, unknown>;
  }>();
  assert.match(doc.openapi, /^3\./);
  for (const path of [
    '/api/v1/auth/login',
    '/api/v1/users/{id}',
    '/api/v1/api-keys',
    '/api/v1/tenant',
  ]) {
    assert.ok(doc.paths[path], `documents ${path}`);
  }
  assert.ok(
    !Object.keys(doc.paths).some((p) => !p.startsWith('/api/')),
    'only API routes are documented',
  );
  const docs = await t.app.inject('/api/docs/');
  assert.equal(docs.statusCode, 200);
  assert.match(docs.body, /swagger/i);
});

test('console and customer pages get the web app; its files are served as they are', async () => {
  for (const url of ['/', '/console', '/console/api-keys', '/designs/123?x=1']) {
    const res = await t.app.inject(url);
    assert.equal(res.statusCode, 200, url);
    assert.match(String(res.headers['content-type']), /text\/html/, url);
    assert.match(res.body, /<div id="root">/, url);
  }
  const asset = await t.app.inject('/assets/app.js');
  assert.equal(asset.body, 'console.log("app")');
  assert.match(
    String(asset.headers['cache-control']),
    /immutable/,
    'hashed assets are cached for good',
  );
  const page = await t.app.inject('/console');
  assert.equal(
    page.headers['cache-control'],
    'no-cache',
    'index.html is revalidated, so new builds show',
  );
});

test('an unknown API route answers a 404 problem, not the web app', async () => {
  const res = await t.app.inject('/api/v1/nothing-here');
  assert.equal(res.statusCode, 404);
  assert.match(String(res.headers['content-type']), /application\/problem\+json/);
  assert.equal(res.json<{ type: string }>().type, 'https://customerize.dev/problems/not-found');
});

test('behind an HTTPS proxy the session cookie is Secure', async () => {
  const c = firm.credential('owner');
  const res = await behindProxy.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers: { 'x-forwarded-proto': 'https' },
    payload: { tenant: 'alpha', email: c.email, password: c.password },
  });
  assert.equal(res.statusCode, 200);
  assert.equal(res.cookies.find((x) => x.name === 'cz_session')?.secure, true);
});
