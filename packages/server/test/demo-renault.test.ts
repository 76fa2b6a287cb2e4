// The Renault Megane in the demo catalog: a real industrial model (99 features, 113 factory
// tables, 2,835,456,006,272 cars) published on a real server's first start, and small enough for
// the browser — its compiled model at most 1 MB gzipped.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { createSession, deserialize, type ProductModel } from '@customerize/engine';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { exampleFamilies, largeExampleFamilies } from '../src/seed/demo-catalog.ts';
import { seedDemo } from '../src/seed/demo.ts';

let t: TestApp;

before(async () => {
  t = await createTestApp({ config: { defaultTenant: 'cars' } });
  await seedDemo(t.db, t, { slug: 'cars', name: 'Cars' }, { largeExamples: true });
});
after(() => t.close());

test('the Renault Megane is a large example: seeded on a server’s first start, not into every test firm', () => {
  assert.deepEqual(largeExampleFamilies(), ['renault-megane']);
  assert.equal(exampleFamilies().includes('renault-megane'), false);
});

test('the first start publishes it with its 2,835,456,006,272 cars, and the studio can run it', async () => {
  const res = await t.app.inject({
    method: 'GET',
    url: '/api/v1/shop/cars/products/renault-megane',
  });
  assert.equal(res.statusCode, 200, res.body);
  const detail = res.json<{ count: string; model: ProductModel; compiledUrl: string }>();
  assert.equal(detail.count, '2835456006272');
  const compiled = await t.app.inject({
    method: 'GET',
    url: detail.compiledUrl,
    headers: { 'accept-encoding': 'gzip' },
  });
  assert.equal(compiled.statusCode, 200);
  assert.ok(
    compiled.rawPayload.length <= 1_000_000,
    `the compiled model is ${compiled.rawPayload.length} bytes gzipped`,
  );
  const engine = deserialize(new Uint8Array(gunzipSync(compiled.rawPayload)), detail.model);
  const session = createSession(engine);
  assert.equal(session.count(), 2_835_456_006_272n);
  assert.ok(session.select('fuel', 'DIESEL').ok);
  assert.deepEqual(session.domains().fuel, ['DIESEL']);
});
