// Every answer carries the security headers (via @fastify/helmet): a strict Content-Security-Policy
// without inline script, no framing of the console or the API, nosniff, a Referrer-Policy, HSTS
// when customers reach the server over HTTPS. Studio pages may be framed by the origins the
// operator lists. Uploaded assets go out with their checked type and nosniff. Swagger UI keeps
// working under its own policy.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { assets } from '../src/assets/assets.schema.ts';
import { createTestApp, type Firm, type TestApp } from './helpers/app.ts';

let t: TestApp;
let firm: Firm;
const webDir = mkdtempSync(join(tmpdir(), 'cz-web-'));
const EMBEDDER = 'https://www.firm.example';

before(async () => {
  writeFileSync(
    join(webDir, 'index.html'),
    '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/app.js"></script></body></html>',
  );
  t = await createTestApp({
    config: {
      webDir,
      publicUrl: 'https://shop.example.test',
      studioEmbedOrigins: [EMBEDDER],
    },
  });
  firm = await t.seedFirm('alpha');
});
after(async () => {
  await t.close();
  rmSync(webDir, { recursive: true, force: true });
});

type Headers = Record<string, string | string[] | number | undefined>;

function directive(headers: Headers, name: string): string[] | null {
  const csp = String(headers['content-security-policy'] ?? '');
  const found = csp
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find((parts) => parts[0] === name);
  return found ? found.slice(1) : null;
}

function assertStrictAndUnframed(headers: Headers, what: string) {
  assert.ok(headers['content-security-policy'], `${what}: has a CSP`);
  assert.deepEqual(directive(headers, 'script-src'), ["'self'"], `${what}: no inline script`);
  assert.deepEqual(directive(headers, 'object-src'), ["'none'"], what);
  assert.deepEqual(directive(headers, 'frame-ancestors'), ["'none'"], `${what}: never framed`);
  assert.equal(headers['x-frame-options'], 'DENY', what);
  assert.equal(headers['x-content-type-options'], 'nosniff', what);
  assert.equal(headers['referrer-policy'], 'strict-origin-when-cross-origin', what);
  assert.match(String(headers['strict-transport-security']), /max-age=31536000/, `${what}: HSTS`);
}

test('an API answer, a problem and the health check carry the strict headers', async () => {
  for (const url of ['/healthz', '/api/v1/auth/me', '/api/v1/shop/alpha/products']) {
    const res = await t.app.inject({ method: 'GET', url });
    assertStrictAndUnframed(res.headers, `GET ${url} (${res.statusCode})`);
  }
});

test('a console page may never be framed', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/console/orders' });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^text\/html/);
  assertStrictAndUnframed(res.headers, 'the console');
});

test('a studio page may be framed by the origins the operator lists, and by no one else', async () => {
  for (const url of ['/p/city-bike', '/', '/designs/00000000-0000-4000-8000-000000000000']) {
    const res = await t.app.inject({ method: 'GET', url });
    assert.equal(res.statusCode, 200, url);
    assert.deepEqual(directive(res.headers, 'frame-ancestors'), ["'self'", EMBEDDER], url);
    assert.equal(res.headers['x-frame-options'], undefined, `${url}: frame-ancestors decides`);
    assert.deepEqual(directive(res.headers, 'script-src'), ["'self'"], `${url}: no inline script`);
    assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
  }
  const account = await t.app.inject({ method: 'GET', url: '/account/profile' });
  assert.deepEqual(directive(account.headers, 'frame-ancestors'), ["'none'"], 'account pages');
});

test('an uploaded asset is served with its checked type and nosniff', async () => {
  const [asset] = await t.db.select().from(assets).where(eq(assets.tenantId, firm.tenant.id));
  assert.ok(asset, 'the demo firm has assets');
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/shop/alpha/assets/${asset.key}`,
  });
  assert.equal(res.statusCode, 200);
  assert.equal(String(res.headers['content-type']).split(';')[0], asset.contentType);
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.ok(res.headers['content-security-policy'], 'a policy even on an image (SVG can script)');
});

test('Swagger UI at /api/docs still works under its own policy, and is never framed', async () => {
  let page = await t.app.inject({ method: 'GET', url: '/api/docs' });
  for (let hops = 0; page.statusCode === 302 && hops < 3; hops++) {
    const location = String(page.headers.location);
    page = await t.app.inject({
      method: 'GET',
      url: location.startsWith('/') ? location : `/api/docs/${location.replace(/^\.\//, '')}`,
    });
  }
  assert.equal(page.statusCode, 200, page.body);
  assert.match(page.body, /swagger/i);
  assert.deepEqual(directive(page.headers, 'frame-ancestors'), ["'none'"]);
  const scripts = directive(page.headers, 'script-src') ?? [];
  assert.ok(scripts.includes("'self'"), 'its scripts load');
  assert.ok(!scripts.includes("'unsafe-inline'"), 'no inline script beyond hashed ones');
  assert.equal(directive(page.headers, 'upgrade-insecure-requests'), null);
  const initializer = await t.app.inject({
    method: 'GET',
    url: '/api/docs/static/swagger-initializer.js',
  });
  assert.equal(initializer.statusCode, 200);
  const spec = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
  assert.equal(spec.statusCode, 200);
});

test('an upload whose bytes are not the image its name claims is refused, so nothing is served as the wrong type', async () => {
  const owner = await t.signIn(firm, 'owner');
  const upload = (filename: string, type: string, content: Buffer) => {
    const boundary = '----cz';
    const head = Buffer.from(
      [
        `--${boundary}`,
        `Content-Disposition: form-data; name="file"; filename="${filename}"`,
        `Content-Type: ${type}`,
        '',
        '',
      ].join('\r\n'),
    );
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/assets',
      headers: { ...owner.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    });
  };
  const html = Buffer.from('<html><script>alert(document.cookie)</script></html>');
  for (const [name, type] of [
    ['logo.png', 'image/png'],
    ['logo.jpg', 'image/jpeg'],
    ['logo.webp', 'image/webp'],
    ['logo.svg', 'image/svg+xml'],
  ] as const) {
    const res = await upload(name, type, html);
    assert.equal(res.statusCode, 400, `${name}: ${res.body}`);
    assert.equal(res.json<{ errors: { field: string }[] }>().errors[0]?.field, 'file');
  }
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
  assert.equal((await upload('real.png', 'image/png', png)).statusCode, 201);
});
