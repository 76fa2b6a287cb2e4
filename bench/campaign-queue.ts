// Queueing a campaign to 100,000 consenting customers (issue 13's target: ≤ 30 s), and what a
// send batch costs the process: each batch's time and the event loop's longest stall while the
// worker sends. On an in-memory PGlite by default; `--database-url postgres://…` runs it on a
// PostgreSQL server (in a fresh schema, dropped afterwards). Writes the section "campaign-queue"
// of docs/benchmarks.md only with the full size and when the load average is below 2.
//
//   node --import tsx bench/campaign-queue.ts [--customers 100000] [--batches 20]
//        [--database-url postgres://…] [--no-write]
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pg from 'pg';
import pino from 'pino';
import { sql } from 'drizzle-orm';
import { insertCampaign, queueCampaign } from '../packages/server/src/campaigns/campaigns.store.ts';
import { runCampaignBatch } from '../packages/server/src/campaigns/send.ts';
import { systemClock } from '../packages/server/src/clock.ts';
import { defaultAppConfig } from '../packages/server/src/config.ts';
import { connectDatabase, quoteIdent, type Database } from '../packages/server/src/db/connect.ts';
import { migrateDatabase } from '../packages/server/src/db/migrate.ts';
import { randomIds } from '../packages/server/src/ids.ts';
import { seedDemo } from '../packages/server/src/seed/demo.ts';
import { writeBenchSection } from './doc-section.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const customers = Number(arg('--customers') ?? 100_000);
const batches = Number(arg('--batches') ?? 20);
const url = arg('--database-url');
const write = !process.argv.includes('--no-write') && customers === 100_000;

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
  let t0 = performance.now();
  await db.execute(sql`
    insert into customers (id, tenant_id, email, name, created_at, updated_at)
    select gen_random_uuid(), ${tenantId}, 'bench-' || i || '@example.test', 'Bench ' || i, ${now}, ${now}
    from generate_series(1, ${customers}) i`);
  await db.execute(sql`
    insert into consent_records (id, tenant_id, customer_id, purpose, action, screen, notice_version, at)
    select gen_random_uuid(), ${tenantId}, c.id, 'marketing', 'given', 'bench', 1, ${now}
    from customers c where c.tenant_id = ${tenantId} and c.email like 'bench-%'`);
  await db.execute(sql`analyze`);
  const setupS = (performance.now() - t0) / 1000;
  const campaign = await insertCampaign(db, {
    id: randomIds.uuid(),
    tenantId,
    name: 'Bench',
    subject: 'Hello {{name}}',
    body: 'Hello {{name}},\n\n{{lastDesign.name|Come and design}}: {{shop.link}}',
    segment: null,
    holdoutPercent: 10,
    attributionDays: 14,
    offerId: null,
    createdBy: null,
    now,
  });
  await db.execute(
    sql`update campaigns set status = 'scheduled', scheduled_at = ${now} where id = ${campaign.id}`,
  );

  t0 = performance.now();
  const queued = await queueCampaign(db, tenantId, campaign.id, 'bench-seed', new Date());
  const queueS = (performance.now() - t0) / 1000;
  if (!queued || queued.audience !== customers)
    throw new Error(`queued ${JSON.stringify(queued)}, expected ${customers}`);
  console.log(
    `queued ${queued.audience.toLocaleString('en')} (hold-out ${queued.holdout.toLocaleString('en')}) in ${queueS.toFixed(2)} s (customers and consents made in ${setupS.toFixed(1)} s)`,
  );

  const deps = {
    db,
    clock: systemClock,
    ids: randomIds,
    config: defaultAppConfig,
    logger: pino({ level: 'silent' }),
  };
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const times: number[] = [];
  for (let i = 0; i < batches; i++) {
    const b0 = performance.now();
    if ((await runCampaignBatch(deps)) === 0) break;
    times.push(performance.now() - b0);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  delay.disable();
  times.sort((a, b) => a - b);
  const p50 = times[Math.floor(times.length / 2)] ?? 0;
  const worst = times.at(-1) ?? 0;
  const stallMs = delay.max / 1e6;
  console.log(
    `${times.length} send batches of 25: median ${p50.toFixed(1)} ms, slowest ${worst.toFixed(1)} ms; longest event-loop stall ${stallMs.toFixed(1)} ms`,
  );

  const load = loadavg()[0]!;
  const text = [
    '## Campaign queueing and sending',
    '',
    `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${url ? 'PostgreSQL' : 'PGlite (in memory)'}, load average ${load.toFixed(2)} at the end of the run. Queueing is one INSERT … SELECT of the consenting audience with each customer's seeded hold-out draw (target: 100,000 in ≤ 30 s). Sending: batches of 25 recipients, each one transaction (consent and cap checks, rendering, outbox).`,
    '',
    '| customers | queue | send batch median / slowest | longest event-loop stall while sending |',
    '| --- | --- | --- | --- |',
    `| ${customers.toLocaleString('en')} | ${queueS.toFixed(2)} s | ${p50.toFixed(1)} / ${worst.toFixed(1)} ms | ${stallMs.toFixed(1)} ms |`,
  ].join('\n');
  if (!write) console.log('(not written: --no-write, or not the full size)');
  else if (load >= 2) console.log(`(not written: load average ${load.toFixed(2)} ≥ 2)`);
  else writeBenchSection('campaign-queue', text);
} finally {
  await database.close();
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop schema ${quoteIdent(schema)} cascade`);
    await admin.end();
  }
}
