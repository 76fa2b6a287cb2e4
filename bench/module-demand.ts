// Module demand (insights/module-demand.ts) on a firm with many orders (issue 14's target for
// insight pages: p95 ≤ 300 ms with 100,000 orders on PostgreSQL): orders spread over the last
// 12 weeks across the demo products, each with a BOM of 3–5 lines of 12 skus, then the forecast
// computed `--runs` times; prints p50/p95/max. In-memory PGlite by default;
// `--database-url postgres://…` runs it on PostgreSQL (a fresh schema, dropped afterwards).
// Run it alone (it loads the machine); it writes nothing to docs/.
//
//   node --import tsx bench/module-demand.ts [--orders 100000] [--runs 20] [--database-url postgres://…]
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { systemClock } from '../packages/server/src/clock.ts';
import { connectDatabase, quoteIdent, type Database } from '../packages/server/src/db/connect.ts';
import { migrateDatabase } from '../packages/server/src/db/migrate.ts';
import { randomIds } from '../packages/server/src/ids.ts';
import { moduleDemandForecast } from '../packages/server/src/insights/module-demand.ts';
import { seedDemo } from '../packages/server/src/seed/demo.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const orders = Number(arg('--orders') ?? 100_000);
const runs = Number(arg('--runs') ?? 20);
const url = arg('--database-url');

const schema = `bench_${randomBytes(4).toString('hex')}`;
async function open(): Promise<Database> {
  if (!url) return connectDatabase({ dataDir: null });
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${quoteIdent(schema)}`);
  await admin.end();
  return connectDatabase({ databaseUrl: url, schema });
}

const database = await open();
try {
  await migrateDatabase(database);
  const db = database.db;
  const firm = await seedDemo(
    db,
    { clock: systemClock, ids: randomIds },
    { slug: 'bench', name: 'Bench' },
  );
  const tenantId = firm.tenant.id;
  const now = new Date();
  const t0 = performance.now();
  await db.execute(sql`
    with pv as (
      select row_number() over (order by v.id) - 1 as k, v.product_id, v.id as version_id
      from product_versions v where v.tenant_id = ${tenantId} and v.status = 'published'
    ), n as (select count(*) as c from pv)
    insert into orders (id, tenant_id, number, token_hash, status, product_id, product_version_id,
      email, choices, personalization, lines, total, currency, lead_time_days, promised_date, bom,
      routing, created_at, updated_at)
    select gen_random_uuid(), ${tenantId}, 1000000 + i, md5(i::text), 'placed', pv.product_id,
      pv.version_id, 'bench-' || i || '@example.test', '{}', '{}', '[]', 100000, 'EUR', 10,
      '2030-01-01',
      (select jsonb_agg(jsonb_build_object('sku', 'SKU-' || ((i + j * 5) % 12), 'qty', 1 + j % 2,
         'unit', 'pcs')) from generate_series(0, 2 + i % 3) j),
      '[]',
      ${now.toISOString()}::timestamptz - (random() * interval '84 days'),
      ${now.toISOString()}::timestamptz
    from generate_series(1, ${orders}) i, n
    join pv on true
    where pv.k = i % n.c`);
  await db.execute(sql`analyze orders`);
  console.log(`${orders} orders inserted in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const times: number[] = [];
  let parts = 0;
  for (let r = 0; r < runs; r += 1) {
    const s = performance.now();
    const out = await moduleDemandForecast(db, tenantId, { weeks: 8, now });
    times.push(performance.now() - s);
    parts = out.parts.length;
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
  console.log(
    `module demand over ${orders} orders (${parts} parts), ${runs} runs on ${url ? 'PostgreSQL' : 'PGlite'}: ` +
      `p50 ${at(0.5).toFixed(0)} ms, p95 ${at(0.95).toFixed(0)} ms, max ${at(1).toFixed(0)} ms`,
  );
} finally {
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop schema ${quoteIdent(schema)} cascade`);
    await admin.end();
  }
  await database.close();
}
