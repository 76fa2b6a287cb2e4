// "Insight pages" section of docs/benchmarks.md (issue 14's target: p95 ≤ 300 ms on a firm with
// 1,000,000 studio events and 100,000 orders on PostgreSQL). The real app (every route, the
// compute pool) on a fresh schema of a PostgreSQL server (`--database-url`; in-memory PGlite
// without it, for a quick try), the demo firm, and a generated history of the city bike made
// set-based in SQL (INSERT … SELECT generate_series; the insight roll-ups are kept by their
// triggers as the rows go in): `--orders` orders over the past 365 days (configurations drawn
// skewed from 500 engine samples; statuses mixed, 60 % delivered with a delivery event, a tenth
// of them late), half as many saved designs, one customer per ten orders (half with
// personalization consent, most scored into a segment), and `--events` studio events over 90
// days (their daily counters; one visit in ten kept with its events, as under research consent).
// Then GET /insights/option-demand (month; week for one segment), /insights/scorecard (a year; a
// quarter), /insights/stuck and /insights/funnel as the owner through the whole HTTP stack
// (inject): the first request of each is reported apart (the scorecard's first counts the model
// in the compute pool), then `--requests` each; p50 / p95 server time. Writes its section only
// with 100,000 orders and 1,000,000 events on PostgreSQL and when the load average is below 2.
// Run it alone: the machine has 2 cores.
//
//   node --import tsx bench/insight-pages.ts [--orders 100000] [--events 1000000] [--requests 40]
//        [--database-url postgres://…] [--no-write]
import { cpus, loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { randomIds } from '../packages/server/src/ids.ts';
import { createTestApp } from '../packages/server/test/helpers/app.ts';
import {
  openPgliteTestDatabase,
  openPostgresTestDatabase,
} from '../packages/server/test/helpers/db.ts';
import { shopProduct } from '../packages/server/test/helpers/shop.ts';
import { writeBenchSection } from './doc-section.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const ORDERS = Number(arg('--orders') ?? 100_000);
const REQUESTS = Number(arg('--requests') ?? 40);
const EVENTS = Number(arg('--events') ?? 1_000_000);
/** Studio events come in visits of this many (as the studio sends them). */
const PER_VISIT = 50;
const EVENT_DAYS = 90;
const url = arg('--database-url');
const write =
  !process.argv.includes('--no-write') &&
  ORDERS === 100_000 &&
  EVENTS === 1_000_000 &&
  url !== undefined;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : 0;
};

const testDb = url ? await openPostgresTestDatabase(url) : await openPgliteTestDatabase();
const t = await createTestApp({ testDb, ids: randomIds });
try {
  const firm = await t.seedFirm('alpha');
  const owner = await t.signIn(firm, 'owner');
  const bike = await shopProduct(t, 'alpha', 'city-bike');
  const tenantId = firm.tenant.id;
  const configs = bike.engine.backend.sample({}, 500, 7);
  const customers = Math.max(10, Math.floor(ORDERS / 10));
  const now = t.clock.now();
  const t0 = performance.now();
  await t.db.execute(sql`
    insert into customers (id, tenant_id, email, name, created_at, updated_at)
    select gen_random_uuid(), ${tenantId}, 'bench-' || i || '@example.test', 'Bench ' || i, ${now}, ${now}
    from generate_series(1, ${customers}) i`);
  await t.db.execute(sql`
    insert into consent_records (id, tenant_id, customer_id, purpose, action, screen, notice_version, at)
    select gen_random_uuid(), ${tenantId}, c.id, 'personalization', 'given', 'bench', 1, ${now}
    from customers c where c.tenant_id = ${tenantId} and c.email like 'bench-%' and random() < 0.5`);
  await t.db.execute(sql`
    insert into customer_values (tenant_id, customer_id, orders, frequency, recency_days, age_days,
      first_order_on, last_order_on, spent, currency, p_alive, expected_purchases, expected_value,
      interactions, expected_service_cost, segment, computed_at)
    select ${tenantId}, c.id, 3, 2, 100, 200, '2025-06-01', '2025-09-01', 300000, 'EUR', 0.9, 2,
      200000, 1, 500,
      (array['best','growing','at-risk','lapsed','costly'])[1 + floor(random() * 5)::int], ${now}
    from customers c where c.tenant_id = ${tenantId} and c.email like 'bench-%' and random() < 0.8`);
  const history = (table: 'orders' | 'designs', n: number) => sql`
    with ids as (select array_agg(id) as a from customers
                 where tenant_id = ${tenantId} and email like 'bench-%'),
         cfg as (select ${JSON.stringify(configs)}::jsonb as c)
    select i, gen_random_uuid() as id,
      case when random() < 0.2 then null else ids.a[1 + floor(random() * ${customers})::int] end
        as customer_id,
      cfg.c -> floor(power(random(), 3) * ${configs.length})::int as choices,
      ${now}::timestamptz - make_interval(secs => random() * 365 * 86400) as at
    from generate_series(1, ${n}) i, ids, cfg`;
  await t.db.execute(sql`
    insert into orders (id, tenant_id, number, token_hash, status, product_id, product_version_id,
      customer_id, email, choices, personalization, lines, total, currency, lead_time_days,
      promised_date, bom, routing, created_at, updated_at)
    select h.id, ${tenantId}, 100000 + h.i, 'bench-' || h.i,
      (array['delivered','delivered','delivered','delivered','delivered','delivered','placed',
             'confirmed','in_production','cancelled'])[1 + floor(random() * 10)::int],
      ${bike.product.id}, ${bike.version.id}, h.customer_id, 'bench@example.test', h.choices,
      '{}'::jsonb, '[]'::jsonb, 90000 + floor(random() * 60000)::int, 'EUR', 10,
      (h.at + interval '10 days')::date, '[]'::jsonb, '[]'::jsonb, h.at, h.at
    from (${history('orders', ORDERS)}) h`);
  // Fresh statistics before the next statement's foreign-key checks look orders up: planned on
  // an empty-looking table they scan it once per row (quadratic; 470 s of the 100,000 run).
  await t.db.execute(sql`analyze orders`);
  await t.db.execute(sql`
    insert into order_events (id, tenant_id, order_id, from_status, to_status, by_kind, by_label, at)
    select gen_random_uuid(), o.tenant_id, o.id, 'shipped', 'delivered', 'staff', 'bench',
      o.created_at + make_interval(days => 7 + floor(random() * 5)::int)
    from orders o where o.tenant_id = ${tenantId} and o.status = 'delivered'
      and o.token_hash like 'bench-%'`);
  await t.db.execute(sql`
    with h as (${history('designs', Math.floor(ORDERS / 2))}),
    d as (
      insert into designs (id, tenant_id, product_id, customer_id, name, token_hash,
        current_version, created_at, updated_at)
      select h.id, ${tenantId}, ${bike.product.id}, h.customer_id, 'Bench ' || h.i,
        'bench-design-' || h.i, 1, h.at, h.at from h
      returning id)
    insert into design_versions (id, tenant_id, design_id, number, product_version_id, choices,
      personalization, quote, created_at)
    select gen_random_uuid(), ${tenantId}, h.id, 1, ${bike.version.id}, h.choices, '{}'::jsonb,
      '{"total":0,"currency":"EUR","promisedDate":null,"valid":true}'::jsonb, h.at from h`);
  // The studio events of EVENTS / PER_VISIT visits over the last EVENT_DAYS days, as ingestion
  // leaves them: the daily counters (per entry path and event type; per rule for the four
  // rule-naming types, the blocked designs' prices on abandoned conflicts) and, for one visit in
  // ten (research consent), the visit and its PER_VISIT events.
  const version = bike.version.id;
  const rules = bike.engine.ir.rules.length;
  const features = bike.engine.ir.features.length;
  const visitsPerCell = Math.max(1, Math.round(EVENTS / PER_VISIT / EVENT_DAYS / 5));
  // Events of each type per visit (studio_opened … ordered), PER_VISIT in all.
  const perVisit = [1, 30, 10, 5, 2, 1, 0.7, 0.3];
  await t.db.execute(sql`
    with cell as (
      select d, e from generate_series(0, ${EVENT_DAYS - 1}) d, generate_series(0, 4) e),
    typ as (select (i - 1)::smallint as type, w from unnest(${`{${perVisit.join(',')}}`}::float8[])
      with ordinality as x(w, i))
    insert into studio_event_counts (tenant_id, day, product_id, version_id, entry, type, rule,
      events, sessions, revenue)
    select ${tenantId}::uuid, ((${now}::timestamptz at time zone 'UTC')::date - cell.d), ${bike.product.id}::uuid,
      ${version}::uuid, cell.e::smallint, typ.type, -1, round(typ.w * ${visitsPerCell})::int,
      round(least(1, typ.w) * ${visitsPerCell})::int, 0
    from cell, typ
    union all
    select ${tenantId}::uuid, ((${now}::timestamptz at time zone 'UTC')::date - cell.d), ${bike.product.id}::uuid,
      ${version}::uuid, cell.e::smallint, typ.type, r,
      round(typ.w * ${visitsPerCell} * random() * 2 / greatest(1, ${rules}))::int + 1,
      round(${visitsPerCell} * random() / greatest(1, ${rules}))::int,
      case when typ.type = 4 then (typ.w * ${visitsPerCell} * (90000 + random() * 60000))::bigint
        else 0 end
    from cell, typ, generate_series(0, ${rules} - 1) r
    where typ.type between 1 and 4`);
  const consentingVisits = Math.round(EVENTS / PER_VISIT / 10);
  await t.db.execute(sql`
    with s as (
      insert into studio_sessions (id, tenant_id, visit, product_id, version_id, entry, opened_at)
      select gen_random_uuid(), ${tenantId}, gen_random_uuid(), ${bike.product.id}, ${version},
        (i % 5)::smallint,
        ${now}::timestamptz - make_interval(secs => random() * ${EVENT_DAYS} * 86400)
      from generate_series(1, ${consentingVisits}) i
      returning id, opened_at)
    insert into studio_events (tenant_id, session_id, type, at, feature, value, rules, price)
    select ${tenantId}, s.id, (1 + floor(random() * 4))::smallint, s.opened_at + make_interval(secs => k),
      floor(random() * ${features})::smallint, floor(random() * 3)::int,
      array[floor(random() * greatest(1, ${rules}))::int], 90000 + floor(random() * 60000)::int
    from s, generate_series(1, ${PER_VISIT}) k`);
  await t.db.execute(sql`analyze`);
  const setupS = (performance.now() - t0) / 1000;

  const day = (daysAgo: number) =>
    new Date(now.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10);
  const product = bike.product.id;
  const pages: [string, string][] = [
    ['option demand, a year by month', `/api/v1/insights/option-demand?product=${product}`],
    [
      'option demand, a year by week, one segment',
      `/api/v1/insights/option-demand?product=${product}&bucket=week&segment=best`,
    ],
    ['scorecard, a year', `/api/v1/insights/scorecard?product=${product}`],
    [
      'scorecard, a quarter',
      `/api/v1/insights/scorecard?product=${product}&from=${day(90)}&to=${day(0)}`,
    ],
    ['where customers get stuck, 90 days', `/api/v1/insights/stuck`],
    ['funnel, 90 days', `/api/v1/insights/funnel`],
  ];
  const get = async (u: string) => {
    const s = performance.now();
    const res = await t.app.inject({ method: 'GET', url: u, headers: owner.headers });
    if (res.statusCode !== 200) throw new Error(`${u} answered ${res.statusCode}: ${res.body}`);
    return performance.now() - s;
  };
  const rows: string[] = [];
  const missed: string[] = [];
  for (const [label, u] of pages) {
    const first = await get(u);
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i++) times.push(await get(u));
    const p95 = pct(times, 95);
    if (p95 > 300) missed.push(label);
    rows.push(
      `| ${label} | ${first.toFixed(0)} | ${times.length} | ${pct(times, 50).toFixed(0)} | ${p95.toFixed(0)} | ${p95 <= 300 ? 'met' : 'missed'} |`,
    );
  }
  const load = loadavg();
  const text = [
    '## Insight pages (demand by option, scorecard, stuck, funnel)',
    '',
    `\`node --import tsx bench/insight-pages.ts --orders ${ORDERS} --events ${EVENTS} --requests ${REQUESTS}${url ? ' --database-url …' : ''}\` on ${url ? 'PostgreSQL' : 'PGlite'}, ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node.js ${process.version}; load average when measured: ${load.map((x) => x.toFixed(2)).join(', ')}.`,
    `${ORDERS.toLocaleString('en')} orders of the city bike over 365 days (${configs.length} configurations drawn skewed), ${Math.floor(ORDERS / 2).toLocaleString('en')} saved designs, ${customers.toLocaleString('en')} customers (half consenting to personalization), ${EVENTS.toLocaleString('en')} studio events over ${EVENT_DAYS} days (their daily counters, and the ${consentingVisits.toLocaleString('en')} visits of one visitor in ten with research consent kept with their events), all made set-based in SQL in ${setupS.toFixed(1)} s (the roll-ups of the insight pages kept by their triggers as the rows go in). Server time of the whole request (inject) as the owner; the first request of each page apart (the scorecard's counts the model in the compute pool once per published version).`,
    '',
    '| Page | first (ms) | requests | p50 (ms) | p95 (ms) | p95 ≤ 300 ms |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...rows,
  ].join('\n');
  console.log(text);
  if (missed.length) console.log(`missed: ${missed.join(', ')}`);
  if (write && load[0]! < 2) writeBenchSection('insight-pages', text);
  else if (write) console.log('load average ≥ 2: not written');
} finally {
  await t.close();
  await testDb.close();
}
