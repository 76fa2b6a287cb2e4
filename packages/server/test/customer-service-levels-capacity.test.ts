// Reserved capacity (issue 13, serving the best customers better): a work center keeps part of
// each day for customers whose service level may use it. On PGlite and, with TEST_DATABASE_URL,
// PostgreSQL: once only the reserve is left, an ordinary order is promised later than a best
// customer's; parallel orders never book a day beyond its capacity, and ordinary ones never
// into the reserve; withdrawing consent takes the earlier date away at once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { listWorkCenters } from '../src/capacity/capacity.store.ts';
import { randomIds } from '../src/ids.ts';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { testDatabaseTargets, type TestDatabase } from './helpers/db.ts';
import { completePreset, orderAsGuest, shopProduct, type Quote } from './helpers/shop.ts';
import {
  consent,
  putInSegment,
  setLevel,
  shopper,
  type Shopper,
} from './helpers/service-levels.ts';

for (const target of testDatabaseTargets()) {
  describe(`reserved capacity on ${target.name}`, () => {
    let testDb: TestDatabase;
    let t: TestApp;
    let firm: Firm;
    let owner: SignedIn;
    before(async () => {
      testDb = await target.open();
      t = await createTestApp({ testDb, ids: randomIds });
      firm = await t.seedFirm('alpha');
      owner = await t.signIn(firm, 'owner');
      await setLevel(t, owner, {
        segment: 'best',
        priority: 2,
        responseTargetHours: 4,
        mayUseReservedCapacity: true,
        contactStaffId: null,
      });
    });
    after(async () => {
      await t.close();
      await testDb.close();
    });

    const rows = <T>(r: unknown) => (r as { rows: T[] }).rows;

    /** Every own work center: 4 hours a day, 2 of them reserved; earlier bookings cleared. */
    async function scarce() {
      await t.db.execute(sql`delete from capacity_bookings where tenant_id = ${firm.tenant.id}`);
      for (const c of await listWorkCenters(t.db, firm.tenant.id, { provider: null })) {
        const res = await t.app.inject({
          method: 'PATCH',
          url: `/api/v1/work-centers/${c.id}`,
          headers: owner.headers,
          payload: { hoursPerDay: 4, reservedHoursPerDay: 2 },
        });
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.json<{ reservedHoursPerDay: number }>().reservedHoursPerDay, 2);
      }
    }

    async function quoteAs(who: SignedIn | null, versionId: string, choices: object) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/shop/alpha/quote',
        ...(who ? { headers: who.headers } : {}),
        payload: { versionId, choices },
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<Quote>();
    }

    /** Orders, confirming the new date when told it changed; null when it never got in. */
    async function order(
      who: Shopper | null,
      key: string,
      versionId: string,
      choices: object,
    ): Promise<{ id: string; promisedDate: string } | null> {
      const q = await quoteAs(who?.session ?? null, versionId, choices);
      let expected = { total: q.total, currency: q.currency, promisedDate: q.promisedDate };
      for (let attempt = 0; attempt < 30; attempt++) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/shop/alpha/orders',
          headers: { ...(who?.session.headers ?? {}), 'idempotency-key': `${key}-${attempt}` },
          payload: {
            versionId,
            choices,
            ...(who ? {} : { email: `${key}@example.com` }),
            expected,
          },
        });
        if (res.statusCode === 201) return res.json<{ id: string; promisedDate: string }>();
        assert.equal(res.statusCode, 409, res.body);
        const problem = res.json<{ code: string; quote: Quote }>();
        assert.equal(problem.code, 'changed', res.body);
        expected = {
          total: problem.quote.total,
          currency: problem.quote.currency,
          promisedDate: problem.quote.promisedDate,
        };
      }
      return null;
    }

    /** Days where bookings pass the capacity, or ordinary (non-priority) bookings the reserve. */
    async function violations(priorityCustomers: string[]) {
      const ids = priorityCustomers.length > 0 ? priorityCustomers : [firm.tenant.id];
      const list = sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      );
      return rows<{ code: string; day: string; total: number; ordinary: number }>(
        await t.db.execute(sql`
          select c.code, b.day::text as day, sum(b.minutes)::int as total,
                 (sum(b.minutes) filter (where o.customer_id is null or o.customer_id not in (${list})))::int as ordinary,
                 c.minutes_per_day as capacity, c.reserved_minutes_per_day as reserved
          from capacity_bookings b
            join work_centers c on c.id = b.work_center_id
            join orders o on o.id = b.order_id
          where b.tenant_id = ${firm.tenant.id}
          group by c.code, b.day, c.minutes_per_day, c.reserved_minutes_per_day
          having sum(b.minutes) > c.minutes_per_day
              or coalesce(sum(b.minutes) filter (where o.customer_id is null or o.customer_id not in (${list})), 0)
                 > c.minutes_per_day - c.reserved_minutes_per_day`),
      );
    }

    test('when only the reserve is left, a best customer is promised an earlier date than an ordinary order', async () => {
      await scarce();
      const ann = await shopper(t, firm, 'ann', true);
      await putInSegment(t, firm, ann.id, 'best');
      const bike = await shopProduct(t, 'alpha', 'city-bike');
      const choices = completePreset(bike);
      const v = bike.version.id;
      let guest = await quoteAs(null, v, choices);
      let best = await quoteAs(ann.session, v, choices);
      // The reserve already makes a difference when the work spills over days.
      assert.ok(best.promisedDate <= guest.promisedDate);
      // Ordinary orders fill the ordinary part of the first days until the guest's date moves.
      const firstGuestDate = guest.promisedDate;
      for (let i = 0; i < 60 && guest.promisedDate === firstGuestDate; i++) {
        await orderAsGuest(t, 'alpha', v, choices);
        guest = await quoteAs(null, v, choices);
        best = await quoteAs(ann.session, v, choices);
      }
      assert.ok(guest.promisedDate > firstGuestDate, 'ordinary capacity filled up');
      assert.ok(
        guest.promisedDate > best.promisedDate,
        `ordinary ${guest.promisedDate} after best ${best.promisedDate}`,
      );
      assert.deepEqual(await violations([]), [], 'ordinary orders never took the reserve');

      // The best customer orders at their earlier date: the server agrees (never the client's say).
      const placed = await order(ann, 'ann-first', v, choices);
      assert.equal(placed?.promisedDate, best.promisedDate);
      assert.deepEqual(await violations([ann.id]), []);

      // A guest claiming the best customer's date is told the real one.
      const claim = await t.app.inject({
        method: 'POST',
        url: '/api/v1/shop/alpha/orders',
        payload: {
          versionId: v,
          choices,
          email: 'claims@example.com',
          expected: {
            total: guest.total,
            currency: guest.currency,
            promisedDate: best.promisedDate,
          },
        },
      });
      assert.equal(claim.statusCode, 409, claim.body);
      assert.equal(claim.json<{ quote: Quote }>().quote.promisedDate, guest.promisedDate);

      // Withdrawing consent: at once the ordinary treatment, the ordinary date.
      // (A moment later: consent records of one instant have no order between them.)
      t.clock.advance(1000);
      await consent(t, ann.session, false);
      const plain = await quoteAs(ann.session, v, choices);
      assert.equal(plain.promisedDate, (await quoteAs(null, v, choices)).promisedDate);
    });

    test('parallel ordinary and priority orders never overbook a day, nor ordinary ones the reserve', async () => {
      await scarce();
      const bike = await shopProduct(t, 'alpha', 'city-bike');
      const choices = completePreset(bike);
      const v = bike.version.id;
      const vips: Shopper[] = [];
      for (let i = 0; i < 4; i++) {
        const s = await shopper(t, firm, `vip${i}`, true);
        await putInSegment(t, firm, s.id, 'best');
        vips.push(s);
      }
      const placed = await Promise.all([
        ...Array.from({ length: 16 }, (_, i) => order(null, `guest-${i}`, v, choices)),
        ...vips.map((s, i) => order(s, `vip-${i}`, v, choices)),
      ]);
      const got = placed.filter((p) => p !== null);
      assert.ok(got.length >= 10, `most orders got in (${got.length})`);
      assert.deepEqual(await violations(vips.map((s) => s.id)), []);
      const booked = rows<{ n: number }>(
        await t.db.execute(
          sql`select count(distinct order_id)::int as n from capacity_bookings where tenant_id = ${firm.tenant.id}`,
        ),
      );
      assert.equal(booked[0]!.n, got.length, 'every acknowledged order booked, once');
    });
  });
}
