// Previewing and applying a capacity change that moves thousands of orders (issue 15): the real
// app on a fresh schema of a PostgreSQL server (`--database-url`; in-memory PGlite without it,
// for a quick try), the demo firm, and `--orders` confirmed orders made set-based in SQL, one hour
// each at the paint shop (24 hours a day, every day), spread over `--customers` customers
// (every tenth order a guest's). The paint shop is then closed for two days from tomorrow, which
// moves every order; GET …/plan and POST …/apply are timed through the whole HTTP stack (inject),
// and the apply's statements are counted on PostgreSQL. Writes the "capacity-apply" section of
// docs/benchmarks.md only with 10,000 orders on PostgreSQL and when the load average is below 2.
// Run it alone: the machine has 2 cores.
//
//   node --import tsx bench/capacity-apply.ts [--orders 10000] [--customers 1000]
//        [--database-url postgres://…] [--no-write]
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { addDays, dateInZone } from '../packages/server/src/capacity/capacity.ts';
import { randomIds } from '../packages/server/src/ids.ts';
import { createTestApp } from '../packages/server/test/helpers/app.ts';
import {
  openPgliteTestDatabase,
  openPostgresTestDatabase,
} from '../packages/server/test/helpers/db.ts';
import { buildableDesign, placeTestOrder } from '../packages/server/test/helpers/designs.ts';
import { writeBenchSection } from './doc-section.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const ORDERS = Number(arg('--orders') ?? 10_000);
const CUSTOMERS = Number(arg('--customers') ?? 1_000);
const url = arg('--database-url');
const write = !process.argv.includes('--no-write') && ORDERS === 10_000 && url !== undefined;
const PER_DAY = 24;

const testDb = url ? await openPostgresTestDatabase(url) : await openPgliteTestDatabase();
const t = await createTestApp({ testDb, ids: randomIds });
try {
  const firm = await t.seedFirm('alpha');
  const staff = await t.signIn(firm, 'operations');
  const tenantId = firm.tenant.id;
  const call = (method: 'GET' | 'POST', path: string, payload?: object) =>
    t.app.inject({ method, url: path, headers: staff.headers, ...(payload ? { payload } : {}) });
  const centers = (await call('GET', '/api/v1/work-centers')).json<
    { id: string; code: string }[]
  >();
  const paint = centers.find((c) => c.code === 'paint')!;
  const patched = await t.app.inject({
    method: 'PATCH',
    url: `/api/v1/work-centers/${paint.id}`,
    headers: staff.headers,
    payload: { hoursPerDay: PER_DAY, workingDays: [1, 2, 3, 4, 5, 6, 7], reservedHoursPerDay: 0 },
  });
  if (patched.statusCode !== 200) throw new Error(patched.body);
  const design = await buildableDesign(t, firm);
  const template = await placeTestOrder(
    t,
    firm,
    { versionId: design.versionId, choices: design.choices } as never,
    { customerId: null, email: 'template@example.test' },
  );
  const now = t.clock.now();
  await t.db.execute(sql`delete from capacity_bookings where tenant_id = ${tenantId}`);
  await t.db.execute(sql`
    insert into customers (id, tenant_id, email, name, password_hash, created_at, updated_at)
    select gen_random_uuid(), ${tenantId}, 'bench-' || i || '@example.test', 'Bench ' || i,
           'x', ${now}, ${now}
    from generate_series(1, ${CUSTOMERS}) i`);
  const start = addDays(dateInZone(now, 'UTC'), 1);
  const columns = (
    (await t.db.execute(sql`
      select column_name::text as name from information_schema.columns
      where table_schema = current_schema() and table_name = 'orders' order by ordinal_position`)) as unknown as {
      rows: { name: string }[];
    }
  ).rows.map((c) => c.name);
  const day = `(date '${start}' + ((g - 1) / ${PER_DAY}))`;
  const overrides: Record<string, string> = {
    id: 'gen_random_uuid()',
    number: '100000 + g',
    customer_id: `case when g % 10 = 0 then null else ids.a[1 + (g % ${CUSTOMERS})] end`,
    email: `case when g % 10 = 0 then 'guest-' || g || '@example.test' else 'customer@example.test' end`,
    status: `'confirmed'`,
    lead_time_days: '1',
    promised_date: `${day} + 1`,
    routing: `jsonb_build_array(jsonb_build_object('center', 'paint', 'operation', 'paint', 'hours', 1, 'final', false, 'startDate', ${day}::text, 'endDate', ${day}::text))`,
    provider_id: 'null',
  };
  const t0 = performance.now();
  await t.db.execute(
    sql.raw(`
    with ids as (select array_agg(id) as a from customers
                 where tenant_id = '${tenantId}' and email like 'bench-%')
    insert into orders (${columns.map((c) => `"${c}"`).join(', ')})
    select ${columns.map((c) => overrides[c] ?? `t."${c}"`).join(', ')}
    from orders t, ids, generate_series(1, ${ORDERS}) g where t.id = '${template.id}'`),
  );
  await t.db.execute(sql`
    insert into capacity_bookings (id, tenant_id, work_center_id, order_id, day, minutes, created_at)
    select gen_random_uuid(), tenant_id, ${paint.id}, id, (routing -> 0 ->> 'startDate')::date,
           60, created_at
    from orders where tenant_id = ${tenantId} and number > 100000`);
  // A firm's database has statistics (autovacuum analyzes as tables grow); without them the
  // planner takes 10,000 fresh orders for an empty table and checks each foreign key by a scan.
  await t.db.execute(sql`analyze orders, customers, capacity_bookings, order_events`);
  console.log(`seeded ${ORDERS} orders in ${Math.round(performance.now() - t0)} ms`);

  const change = (
    await call('POST', '/api/v1/capacity-changes', {
      workCenterId: paint.id,
      firstDay: start,
      lastDay: addDays(start, 1),
      hoursPerDay: 0,
      reason: 'Bench outage',
    })
  ).json<{ id: string }>();
  const p0 = performance.now();
  const preview = await call('GET', `/api/v1/capacity-changes/${change.id}/plan`);
  const previewMs = performance.now() - p0;
  const plan = preview.json<{ fingerprint: string; affected: number; late: number }>();
  let statements = 0;
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    statements += 1;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  const a0 = performance.now();
  const applied = await call('POST', `/api/v1/capacity-changes/${change.id}/apply`, {
    fingerprint: plan.fingerprint,
  });
  const applyMs = performance.now() - a0;
  pg.Client.prototype.query = query;
  if (applied.statusCode !== 200) throw new Error(applied.body);
  const load = loadavg()[0]!;
  const text = [
    `Capacity change applied to ${plan.affected.toLocaleString('en')} orders of ${CUSTOMERS.toLocaleString('en')} customers and ${Math.floor(ORDERS / 10).toLocaleString('en')} guests on ${url ? 'PostgreSQL' : 'PGlite'} (${plan.late.toLocaleString('en')} later):`,
    `preview ${Math.round(previewMs)} ms, apply ${Math.round(applyMs)} ms` +
      (url ? `, ${statements} statements` : '') +
      ` (${cpus().length} cores, load ${load.toFixed(2)}).`,
  ].join('\n');
  console.log(text);
  if (write && load < 2) writeBenchSection('capacity-apply', text);
  else console.log('(not written: --no-write, not the full size on PostgreSQL, or load ≥ 2)');
} finally {
  await t.close();
  await testDb.close();
}
