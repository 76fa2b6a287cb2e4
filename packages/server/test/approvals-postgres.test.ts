// Two approvers clicking "Approve" at once, on PostgreSQL (when TEST_DATABASE_URL is set): the
// firm's capacity lock and the locked approval row let exactly one approval through; the order
// is booked once — the same work as the same order placed without approval — and every other
// click is told it was approved already.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { defaultComputeConfig } from '../src/config.ts';
import { randomIds } from '../src/ids.ts';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { testDatabaseTargets, type TestDatabase } from './helpers/db.ts';
import { completePreset, shopProduct } from './helpers/shop.ts';

for (const target of testDatabaseTargets().filter((x) => x.name === 'postgres')) {
  describe(`approvals on ${target.name}`, () => {
    let testDb: TestDatabase;
    let t: TestApp;
    let firm: Firm;
    before(async () => {
      testDb = await target.open();
      t = await createTestApp({
        testDb,
        ids: randomIds,
        config: { compute: { ...defaultComputeConfig, maxQueue: 64, maxPerTenant: 64 } },
      });
      firm = await t.seedFirm('alpha');
    });
    after(async () => {
      await t.close();
      await testDb.close();
    });

    test('approvers clicking at once approve an order exactly once and book its work once', async () => {
      const buyer = await t.signIn(firm, 'buyer');
      const approver = await t.signIn(firm, 'approver');
      const admin = await t.signIn(firm, 'admin');
      const p = await shopProduct(t, 'alpha', 'laptop');
      const lines = [
        {
          versionId: p.version.id,
          choices: { ...completePreset(p, 0), os: 'win_pro', warranty: 'premium3' },
          quantity: 10,
        },
      ];
      const settings = (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/company/approval-settings',
          headers: admin.headers,
        })
      ).json<{ members: { id: string; role: string }[] }>();
      const buyerId = settings.members.find((m) => m.role === 'buyer')!.id;
      const setLimit = async (orderLimit: number | null) => {
        const res = await t.app.inject({
          method: 'PUT',
          url: `/api/v1/company/customers/${buyerId}/limits`,
          headers: admin.headers,
          payload: { locationId: null, orderLimit, approvalLimit: null },
        });
        assert.equal(res.statusCode, 200, res.body);
      };
      const order = async () => {
        const q = (
          await t.app.inject({
            method: 'POST',
            url: '/api/v1/shop/alpha/quotes/lines',
            headers: buyer.headers,
            payload: { lines },
          })
        ).json<{ total: number; currency: string; promisedDate: string }>();
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/shop/alpha/orders/lines',
          headers: buyer.headers,
          payload: {
            lines,
            expected: { total: q.total, currency: q.currency, promisedDate: q.promisedDate },
          },
        });
        assert.equal(res.statusCode, 201, res.body);
        return res.json<{ id: string; status: string }>();
      };
      const minutesOf = async (orderId: string) => {
        const r = (await t.db.execute(
          sql`select count(*)::int as n, coalesce(sum(minutes), 0)::int as m from capacity_bookings where order_id = ${orderId}`,
        )) as unknown as { rows: { n: number; m: number }[] };
        return { rows: Number(r.rows[0]!.n), minutes: Number(r.rows[0]!.m) };
      };

      // The same ten laptops without approval: the work one order books.
      await setLimit(null);
      const reference = await order();
      assert.equal(reference.status, 'placed');
      const once = await minutesOf(reference.id);
      assert.ok(once.minutes > 0);

      await setLimit(500_000);
      for (let round = 0; round < 3; round += 1) {
        const waiting = await order();
        assert.equal(waiting.status, 'awaiting_approval');
        assert.equal((await minutesOf(waiting.id)).minutes, 0);
        const clicks: SignedIn[] = [approver, admin, approver, admin, approver, admin];
        const answers = await Promise.all(
          clicks.map((who) =>
            t.app.inject({
              method: 'POST',
              url: `/api/v1/company/approvals/${waiting.id}/approve`,
              headers: who.headers,
              payload: {},
            }),
          ),
        );
        const codes = answers.map((a) => a.statusCode).sort();
        assert.deepEqual(
          codes,
          [200, 409, 409, 409, 409, 409],
          answers.map((a) => a.body).join('\n'),
        );
        for (const a of answers.filter((x) => x.statusCode === 409))
          assert.equal(a.json<{ code: string }>().code, 'already-decided');
        const booked = await minutesOf(waiting.id);
        assert.equal(booked.minutes, once.minutes, 'the order’s work, booked once');
        const steps = (await t.db.execute(
          sql`select count(*)::int as n from order_approval_steps s join order_approvals a on a.id = s.approval_id where a.order_id = ${waiting.id}`,
        )) as unknown as { rows: { n: number }[] };
        assert.equal(Number(steps.rows[0]!.n), 1, 'one decision recorded');
      }
    });
  });
}
