// Choices are normalized once, at the boundary, into the engine's canonical values: the text
// "true" or "52" for a bool or int feature is refused with 400 naming the field, so no design
// can be validated as one thing and priced as another (the most expensive city bike was once
// ordered for less by sending its extras as strings).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSession, type Configuration } from '@customerize/engine';
import { enterDemoMeasurements } from '../src/seed/demo-catalog.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { snapshotDatabase } from './helpers/db.ts';
import { quote, shopProduct } from './helpers/shop.ts';

let t: TestApp;

before(async () => {
  t = await createTestApp({ config: { defaultTenant: 'alpha' } });
  await t.seedFirm('alpha', 'Alpha Cycles');
});
after(() => t.close());

/** A seeded 32-bit generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

test('the most expensive city bike with its extras sent as strings is refused, naming each field', async () => {
  const bike = await shopProduct(t, 'alpha', 'city-bike');
  const priciest = bike.engine.backend.optimize({}, { sense: 'max', weights: { price: 1 } })!;
  const tampered = {
    ...priciest,
    rack: String(priciest.rack),
    frame_size: String(priciest.frame_size),
  };
  const before = await snapshotDatabase(t.testDb.database);
  for (const url of ['/api/v1/shop/alpha/quote', '/api/v1/shop/alpha/orders']) {
    const res = await t.app.inject({
      method: 'POST',
      url,
      payload: {
        versionId: bike.version.id,
        choices: tampered,
        email: url.endsWith('orders') ? 'guest@example.com' : undefined,
        expected: url.endsWith('orders')
          ? { total: 1, currency: 'EUR', promisedDate: '2026-02-01' }
          : undefined,
      },
    });
    assert.equal(res.statusCode, 400, res.body);
    assert.match(String(res.headers['content-type']), /application\/problem\+json/);
    const fields = res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
    assert.deepEqual(fields.sort(), ['choices.frame_size', 'choices.rack']);
  }
  assert.deepEqual(await snapshotDatabase(t.testDb.database), before, 'nothing was written');
});

/** Ways a client might encode one value, the canonical one first. */
function encodings(v: unknown): unknown[] {
  if (typeof v === 'boolean') return [v, String(v), v ? 1 : 0];
  if (typeof v === 'number') return [v, String(v), `${v}.0`];
  return [v, ` ${String(v)}`];
}

test('any encoding of a design the server accepts is priced, scheduled and validated identically (seeded)', async () => {
  const bike = await shopProduct(t, 'alpha', 'city-bike');
  // Samples leave the rider's height open (the customer's own input): each rider enters one.
  const designs = bike.engine.backend.sample({}, 12, 7).map((sample) => {
    const session = createSession(bike.engine, sample);
    enterDemoMeasurements(session);
    return session.choices();
  });
  const r = rng(20261206);
  let accepted = 0;
  let refused = 0;
  let outside = 0;
  for (const design of designs) {
    const canonical = await quote(t, 'alpha', { versionId: bike.version.id, choices: design });
    for (let i = 0; i < 5; i++) {
      const encoded: Record<string, unknown> = {};
      const ids = Object.keys(design).sort(() => r() - 0.5);
      for (const id of ids) {
        const options = encodings(design[id]);
        encoded[id] = r() < 0.93 ? design[id] : options[Math.floor(r() * options.length)];
      }
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/shop/alpha/quote',
        payload: { versionId: bike.version.id, choices: encoded as Configuration },
      });
      const changed = ids.filter((id) => encoded[id] !== design[id]);
      // Not the kind of value the feature takes: refused at the boundary.
      const wrong = changed.filter((id) => typeof encoded[id] !== typeof design[id]);
      if (wrong.length > 0) {
        refused++;
        assert.equal(res.statusCode, 400, JSON.stringify(encoded));
        const fields = res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
        assert.deepEqual(fields.sort(), wrong.map((id) => `choices.${id}`).sort());
      } else if (changed.length > 0) {
        // An option id that is not one (" alu"): a design that cannot be built, never ordered.
        outside++;
        assert.equal(res.statusCode, 200, res.body);
        const body = res.json<{ valid: boolean; violations: { rule: string }[] }>();
        assert.equal(body.valid, false);
        assert.deepEqual(
          body.violations.map((v) => v.rule).sort(),
          changed.map((id) => `feature:${id}`).sort(),
        );
      } else {
        accepted++;
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual(res.json(), canonical, 'the same price, lines, date and validity');
      }
    }
  }
  assert.ok(
    accepted > 5 && refused > 5 && outside > 0,
    `accepted ${accepted}, refused ${refused}, outside ${outside}`,
  );
});
