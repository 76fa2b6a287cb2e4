// Several server processes may share one database: nothing that matters lives in one process's
// memory. Two apps on one database stand in for two processes.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LOGIN_BACKOFF } from '../src/auth/login-throttle.ts';
import { randomIds } from '../src/ids.ts';
import { listTenantsForTest } from './helpers/tenants.ts';
import { seedDemoOnFirstRun } from '../src/seed/demo.ts';
import { createTestApp, type Firm, type TestApp } from './helpers/app.ts';
import { testDatabaseTargets, type TestDatabase } from './helpers/db.ts';

for (const target of testDatabaseTargets()) {
  describe(`two servers on one ${target.name} database`, () => {
    let testDb: TestDatabase;
    let one: TestApp;
    let two: TestApp;
    let firm: Firm;

    before(async () => {
      testDb = await target.open();
      one = await createTestApp({ testDb, ids: randomIds });
      two = await createTestApp({ testDb, ids: randomIds });
    });
    beforeEach(async () => {
      await testDb.reset();
      firm = await one.seedFirm('alpha');
    });
    after(async () => {
      await one?.close();
      await two?.close();
      await testDb?.close();
    });

    test('a session made on one server works on the other, and signing out there ends it everywhere', async () => {
      const owner = await one.signIn(firm, 'owner');
      const onTwo = await two.app.inject({
        method: 'GET',
        url: '/api/v1/users',
        headers: owner.headers,
      });
      assert.equal(onTwo.statusCode, 200);
      await two.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: owner.headers });
      const onOne = await one.app.inject({
        method: 'GET',
        url: '/api/v1/users',
        headers: owner.headers,
      });
      assert.equal(onOne.statusCode, 401);
    });

    test('a retry that lands on the other server is replayed, not created again', async () => {
      const owner = await one.signIn(firm, 'owner');
      const request = {
        method: 'POST' as const,
        url: '/api/v1/api-keys',
        headers: { ...owner.headers, 'idempotency-key': 'k-1' },
        payload: { name: 'ERP', role: 'sales' },
      };
      const first = await one.app.inject(request);
      const retry = await two.app.inject(request);
      assert.equal(retry.headers['idempotent-replayed'], 'true');
      assert.equal(retry.body, first.body);
      const list = await two.app.inject({
        method: 'GET',
        url: '/api/v1/api-keys',
        headers: owner.headers,
      });
      assert.equal(list.json<unknown[]>().length, 1);
    });

    test('sign-in attempts are counted across servers', async () => {
      const c = firm.credential('sales');
      for (let i = 0; i < LOGIN_BACKOFF.perClient.freeAttempts; i++) {
        const app = i % 2 === 0 ? one : two;
        await app.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { tenant: 'alpha', email: c.email, password: 'wrong' },
        });
      }
      const res = await two.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { tenant: 'alpha', email: c.email, password: c.password },
      });
      assert.equal(res.statusCode, 429);
    });

    test('servers starting together seed the demo firm exactly once', async () => {
      await testDb.reset();
      const deps = { clock: one.clock, ids: randomIds };
      const results = await Promise.all([
        seedDemoOnFirstRun(testDb.database.db, deps),
        seedDemoOnFirstRun(testDb.database.db, deps),
        seedDemoOnFirstRun(testDb.database.db, deps),
      ]);
      assert.equal(results.filter((r) => r !== null).length, 1);
      assert.deepEqual(await listTenantsForTest(testDb), ['demo']);
    });
  });
}
