// Applying a capacity change with thousands of affected orders (capacity/capacity-changes.ts), on
// PGlite and, with TEST_DATABASE_URL, PostgreSQL: 2,400 orders fill the paint shop one hour each,
// eight a day, every day; closing it for two days moves every one of them two days later. The
// apply writes bookings, promised dates, events and messages in set-based statements (on
// PostgreSQL: far fewer statements than orders), all or nothing: a stale plan or a second apply
// running at the same time writes nothing; and each affected customer gets exactly one message
// and one email, however many of their orders moved.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { addDays, dateInZone } from '../src/capacity/capacity.ts';
import { randomIds } from '../src/ids.ts';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { signUpCustomer } from './helpers/accounts.ts';
import { snapshotDatabase, testDatabaseTargets, type TestDatabase } from './helpers/db.ts';
import { placeTestOrder, buildableDesign } from './helpers/designs.ts';

const ORDERS = 2400;
const PER_DAY = 8;
const CUSTOMERS = 20;
const GUESTS = 4;

type Plan = {
  fingerprint: string;
  late: number;
  averageDelayDays: number;
  affected: number;
  orders: { orderId: string; previousDate: string; promisedDate: string; delayDays: number }[];
};

const rows = <T>(r: unknown) => (r as { rows: T[] }).rows;

/** `insert into <table> select … from <table> where id = <template>`, once per g in 1..count. */
async function cloneRows(
  t: TestApp,
  table: string,
  templateId: string,
  count: number,
  overrides: Record<string, string>,
) {
  const columns = rows<{ name: string }>(
    await t.db.execute(sql`
      select column_name::text as name from information_schema.columns
      where table_schema = current_schema() and table_name = ${table} order by ordinal_position`),
  ).map((c) => c.name);
  const list = columns.map((c) => `"${c}"`).join(', ');
  const values = columns.map((c) => overrides[c] ?? `t."${c}"`).join(', ');
  await t.db.execute(
    sql.raw(`insert into "${table}" (${list})
      select ${values} from "${table}" t, generate_series(1, ${count}) g
      where t.id = '${templateId}'`),
  );
}

for (const target of testDatabaseTargets()) {
  describe(`applying a capacity change to ${ORDERS} orders on ${target.name}`, () => {
    let testDb: TestDatabase;
    let t: TestApp;
    let firm: Firm;
    let operations: SignedIn;
    let paint: { id: string };
    let change: { id: string };
    let plan: Plan;
    let firstDay: string;

    const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: operations.headers, ...(payload ? { payload } : {}) });

    before(async () => {
      testDb = await target.open();
      t = await createTestApp({ testDb, ids: randomIds });
      firm = await t.seedFirm('alpha');
      operations = await t.signIn(firm, 'operations');
      const centers = (await call('GET', '/api/v1/work-centers')).json<
        { id: string; code: string }[]
      >();
      paint = centers.find((c) => c.code === 'paint')!;
      // Eight hours every day of the week: eight one-hour orders a day.
      const patch = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/work-centers/${paint.id}`,
        headers: operations.headers,
        payload: { hoursPerDay: 8, workingDays: [1, 2, 3, 4, 5, 6, 7], reservedHoursPerDay: 0 },
      });
      assert.equal(patch.statusCode, 200, patch.body);
      const customer = await signUpCustomer(t, firm, {
        email: 'c0@example.com',
        name: 'C0',
        password: 'correct horse battery',
      });
      const design = await buildableDesign(t, firm);
      const template = await placeTestOrder(
        t,
        firm,
        { versionId: design.versionId, choices: design.choices } as never,
        { customerId: customer.userId, email: 'c0@example.com' },
      );
      const tenant = firm.tenant.id;
      await t.db.execute(sql`delete from capacity_bookings where tenant_id = ${tenant}`);
      await cloneRows(t, 'customers', customer.userId, CUSTOMERS - 1, {
        id: 'gen_random_uuid()',
        email: `'c' || g || '@example.com'`,
      });
      const customerIds = rows<{ id: string }>(
        await t.db.execute(
          sql`select id::text as id from customers where tenant_id = ${tenant} and email ~ '^c[0-9]+@example.com$' order by email`,
        ),
      ).map((r) => r.id);
      assert.equal(customerIds.length, CUSTOMERS);
      const today = dateInZone(t.clock.now(), 'UTC');
      const start = addDays(today, 1);
      // Order g paints on day start + (g-1)/8, is due the day after, belongs to customer g mod 25
      // (the last GUESTS of every 25 are guests, by email).
      const day = `(date '${start}' + ((g - 1) / ${PER_DAY}))`;
      const owner = `((g - 1) % ${CUSTOMERS + GUESTS})`;
      await cloneRows(t, 'orders', template.id, ORDERS, {
        id: 'gen_random_uuid()',
        number: '100000 + g',
        customer_id: `case when ${owner} < ${CUSTOMERS} then ('{${customerIds.join(',')}}'::uuid[])[${owner} + 1] end`,
        email: `case when ${owner} < ${CUSTOMERS} then 'customer@example.com' else 'guest' || ${owner} || '@example.com' end`,
        status: `'confirmed'`,
        lead_time_days: '1',
        promised_date: `${day} + 1`,
        routing: `jsonb_build_array(jsonb_build_object('center', 'paint', 'operation', 'paint', 'hours', 1, 'final', false, 'startDate', ${day}::text, 'endDate', ${day}::text))`,
        provider_id: 'null',
      });
      await t.db.execute(sql`
        insert into capacity_bookings (id, tenant_id, work_center_id, order_id, day, minutes, created_at)
        select gen_random_uuid(), tenant_id, ${paint.id}, id,
               (routing -> 0 ->> 'startDate')::date, 60, created_at
        from orders where tenant_id = ${tenant} and number > 100000`);
      firstDay = start;
      change = (
        await call('POST', '/api/v1/capacity-changes', {
          workCenterId: paint.id,
          firstDay,
          lastDay: addDays(firstDay, 1),
          hoursPerDay: 0,
          reason: 'The paint booth is repaired',
          apology: 'We apologise for the wait.',
        })
      ).json<{ id: string }>();
    });
    after(async () => {
      await t.close();
      await testDb.close();
    });

    test('the preview moves every order two days later', async () => {
      const res = await call('GET', `/api/v1/capacity-changes/${change.id}/plan`);
      assert.equal(res.statusCode, 200, res.body);
      plan = res.json<Plan>();
      assert.equal(plan.affected, ORDERS);
      assert.equal(plan.late, ORDERS);
      assert.equal(plan.averageDelayDays, 2);
    });

    test('a stale plan is refused and writes nothing', async () => {
      const before = await snapshotDatabase(testDb.database);
      const res = await call('POST', `/api/v1/capacity-changes/${change.id}/apply`, {
        fingerprint: `${plan.fingerprint.slice(0, -1)}0`,
      });
      assert.equal(res.statusCode, 409, res.body);
      assert.deepEqual(await snapshotDatabase(testDb.database), before);
    });

    test('applying it twice at once: one applies, the other is refused; each customer is told exactly once', async () => {
      let statements = 0;
      const query = pg.Client.prototype.query;
      pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
        statements += 1;
        return (query as (...a: unknown[]) => unknown).apply(this, args);
      } as typeof query;
      let results;
      try {
        results = await Promise.all(
          [1, 2].map(() =>
            call('POST', `/api/v1/capacity-changes/${change.id}/apply`, {
              fingerprint: plan.fingerprint,
            }),
          ),
        );
      } finally {
        pg.Client.prototype.query = query;
      }
      assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 409]);
      if (target.name === 'postgres')
        assert.ok(
          statements > 20 && statements < 400,
          `${statements} statements for ${ORDERS} orders of ${CUSTOMERS + GUESTS} customers and guests`,
        );
      const tenant = firm.tenant.id;
      const booked = rows<{ day: string; minutes: number }>(
        await t.db.execute(sql`
          select day::text as day, sum(minutes)::int as minutes from capacity_bookings
          where tenant_id = ${tenant} and work_center_id = ${paint.id} group by day`),
      );
      assert.equal(
        booked.reduce((s, r) => s + Number(r.minutes), 0),
        ORDERS * 60,
        'no work lost',
      );
      for (const r of booked) {
        assert.ok(Number(r.minutes) <= 480, `${r.day} within capacity`);
        assert.ok(r.day > addDays(firstDay, 1), `${r.day} is not a closed day`);
      }
      const moved = rows<{ n: number }>(
        await t.db.execute(sql`
          select count(*)::int as n from orders o
          where o.tenant_id = ${tenant} and o.number > 100000
            and o.promised_date = (o.routing -> 0 ->> 'endDate')::date + 1
            and (o.routing -> 0 ->> 'endDate')::date = (
              select max(day) from capacity_bookings b where b.order_id = o.id)`),
      );
      assert.equal(Number(moved[0]!.n), ORDERS, 'every promise and routing date follows its work');
      const events = rows<{ n: number }>(
        await t.db.execute(
          sql`select count(*)::int as n from order_events where tenant_id = ${tenant} and note like 'Re-planned%'`,
        ),
      );
      assert.equal(Number(events[0]!.n), ORDERS);
      const told = rows<{ customer: string; n: number }>(
        await t.db.execute(sql`
          select c.customer_id::text as customer, count(*)::int as n from messages m
          join conversations c on c.id = m.conversation_id
          where m.tenant_id = ${tenant} and m.kind = 'rescheduled' group by c.customer_id`),
      );
      assert.equal(told.length, CUSTOMERS, 'every customer with a moved order is told');
      for (const r of told) assert.equal(Number(r.n), 1, `customer ${r.customer}: one message`);
      const mails = rows<{ to: string; n: number }>(
        await t.db.execute(sql`
          select to_email as to, count(*)::int as n from outbox
          where tenant_id = ${tenant} and event = 'order.rescheduled' group by to_email`),
      );
      assert.equal(mails.length, CUSTOMERS + GUESTS);
      for (const m of mails) assert.equal(Number(m.n), 1, `${m.to}: one email`);
      const again = await call('POST', `/api/v1/capacity-changes/${change.id}/apply`, {
        fingerprint: plan.fingerprint,
      });
      assert.equal(again.statusCode, 409, again.body);
    });
  });
}
