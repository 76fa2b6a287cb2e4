// Parallel saves of one design: each is numbered once, none answers 500 (on PGlite and on
// PostgreSQL with its connection pool, where the saves truly run at once).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomIds } from '../src/ids.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { testDatabaseTargets, type TestDatabase } from './helpers/db.ts';
import { completePreset, shopProduct } from './helpers/shop.ts';

for (const target of testDatabaseTargets()) {
  describe(`design saves on ${target.name}`, () => {
    let testDb: TestDatabase;
    let t: TestApp;
    before(async () => {
      testDb = await target.open();
      t = await createTestApp({ testDb, ids: randomIds });
      await t.seedFirm('alpha');
    });
    after(async () => {
      await t.close();
      await testDb.close();
    });

    test('20 parallel saves of one design each get their own version number, or a 409 with the current one; never a 500', async () => {
      const bike = await shopProduct(t, 'alpha', 'city-bike');
      const choices = completePreset(bike);
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/shop/alpha/designs',
        payload: { versionId: bike.version.id, name: 'My bike', choices },
      });
      assert.equal(created.statusCode, 201, created.body);
      const { id, token } = created.json<{ id: string; token: string }>();
      const saves = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          t.app.inject({
            method: 'POST',
            url: `/api/v1/shop/alpha/designs/${id}/versions?token=${token}`,
            payload: { choices, note: `save ${i}` },
          }),
        ),
      );
      for (const res of saves) {
        assert.ok(
          res.statusCode === 201 || res.statusCode === 409,
          `${res.statusCode}: ${res.body}`,
        );
        if (res.statusCode === 409) {
          assert.match(String(res.headers['content-type']), /application\/problem\+json/);
          assert.equal(typeof res.json<{ currentVersion: unknown }>().currentVersion, 'number');
        }
      }
      const saved = saves.filter((r) => r.statusCode === 201).length;
      const design = await t.app.inject({
        method: 'GET',
        url: `/api/v1/shop/alpha/designs/${id}?token=${token}`,
      });
      const { versions, currentVersion } = design.json<{
        versions: { number: number; note?: string }[];
        currentVersion: number;
      }>();
      assert.deepEqual(
        versions.map((v) => v.number),
        Array.from({ length: saved + 1 }, (_, i) => i + 1),
        'numbered 1, 2, 3, … without gaps or twins',
      );
      assert.equal(currentVersion, saved + 1);
    });
  });
}
