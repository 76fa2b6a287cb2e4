// kill -9 in the middle of sending a campaign, on PostgreSQL: a separate process sends the
// queued recipients in small batches (each batch one transaction: outbox rows and recipient
// states together) and is killed with SIGKILL while it works; a new process finishes the job.
// Every consenting recipient of the mailed arm then has exactly one mail in the outbox, and the
// hold-out none. Needs TEST_DATABASE_URL (skipped without it).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { queueCampaign } from '../src/campaigns/campaigns.store.ts';
import { insertCampaign } from '../src/campaigns/campaigns.store.ts';
import { systemClock } from '../src/clock.ts';
import { randomIds } from '../src/ids.ts';
import { seedDemo } from '../src/seed/demo.ts';
import { openPostgresTestDatabase, type TestDatabase } from './helpers/db.ts';

const url = process.env.TEST_DATABASE_URL;
const CUSTOMERS = 400;
const sender = fileURLToPath(new URL('./helpers/campaign-sender.ts', import.meta.url));

let testDb: TestDatabase | null = null;
after(async () => {
  await testDb?.close();
});

type Run = {
  output: () => string;
  exited: Promise<{ code: number | null; signal: string | null }>;
  kill(): void;
};

function startSender(schema: string): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', sender], {
    env: {
      ...process.env,
      CAMPAIGN_DATABASE_URL: url!,
      CAMPAIGN_SCHEMA: schema,
      CAMPAIGN_BATCH: '5',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout.on('data', (c: Buffer) => (text += c.toString()));
  child.stderr.on('data', (c: Buffer) => (text += c.toString()));
  return {
    output: () => text,
    exited: new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    ),
    kill: () => child.kill('SIGKILL'),
  };
}

const rows = async <T>(q: ReturnType<typeof sql>) =>
  ((await testDb!.database.db.execute(q)) as unknown as { rows: T[] }).rows;

test(
  'a campaign sent across a kill -9 mails each consenting recipient of the mailed arm exactly once, the hold-out never',
  { skip: url ? false : 'needs TEST_DATABASE_URL' },
  async () => {
    testDb = await openPostgresTestDatabase(url!);
    const database = testDb.database;
    assert.equal(database.driver, 'pg');
    const schema = (database as { schema: string | null }).schema!;
    const db = database.db;
    const firm = await seedDemo(
      db,
      { clock: systemClock, ids: randomIds },
      { slug: 'crash', name: 'Crash' },
    );
    const tenantId = firm.tenant.id;
    const now = new Date();
    // Customers: all but every tenth with marketing consent (those are never queued).
    await db.execute(sql`
    insert into customers (id, tenant_id, email, name, created_at, updated_at)
    select gen_random_uuid(), ${tenantId}, 'crash-' || i || '@example.test', 'Crash ' || i, ${now}, ${now}
    from generate_series(1, ${CUSTOMERS}) i`);
    await db.execute(sql`
    insert into consent_records (id, tenant_id, customer_id, purpose, action, screen, notice_version, at)
    select gen_random_uuid(), ${tenantId}, c.id, 'marketing', 'given', 'test', 1, ${now}
    from customers c where c.tenant_id = ${tenantId} and c.email like 'crash-%'
      and (substring(c.email from 'crash-(\\d+)@')::int % 10) <> 0`);
    const campaign = await insertCampaign(db, {
      id: randomIds.uuid(),
      tenantId,
      name: 'Crash',
      subject: 'Hello {{name}}',
      body: 'Hello {{name}}, see {{shop.link}}',
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
    const queued = await queueCampaign(db, tenantId, campaign.id, 'crash-seed', new Date());
    assert.ok(queued);
    assert.equal(queued.audience, CUSTOMERS - CUSTOMERS / 10, 'the consenting customers');
    assert.ok(queued.holdout > 0, 'a hold-out was drawn');

    // First sender: killed once it has committed some batches.
    const first = startSender(schema);
    const killAfter = 100;
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        const counts = [...first.output().matchAll(/handled (\d+)/g)].map((m) => Number(m[1]));
        if ((counts.at(-1) ?? 0) >= killAfter) {
          clearInterval(timer);
          first.kill();
          resolve();
        } else if (/done/.test(first.output())) {
          clearInterval(timer);
          reject(new Error(`the sender finished before it could be killed: ${first.output()}`));
        }
      }, 5);
    });
    const death = await first.exited;
    assert.equal(death.signal, 'SIGKILL');
    const midway = await rows<{ state: string; n: number }>(
      sql`select state, count(*)::int as n from campaign_recipients where campaign_id = ${campaign.id} group by state`,
    );
    const queuedLeft = midway.find((r) => r.state === 'queued')?.n ?? 0;
    assert.ok(queuedLeft > 0, `killed mid-send (${JSON.stringify(midway)})`);
    // Killed while the next batch was open: what committed is consistent — every recipient marked
    // sent has its one mail, none still queued has any, every batch reported is there.
    const reported = [...first.output().matchAll(/handled (\d+)/g)].map((m) => Number(m[1]));
    const handled = midway
      .filter((r) => r.state === 'sent' || r.state === 'skipped')
      .reduce((n, r) => n + r.n, 0);
    assert.ok(handled >= Math.max(...reported), 'every batch the sender reported is committed');
    const inconsistent = await rows<{ n: number }>(sql`
      select count(*)::int as n from campaign_recipients r join customers c on c.id = r.customer_id
      where r.campaign_id = ${campaign.id} and (
        (r.state = 'sent') <> exists (select 1 from outbox o where o.event = 'campaign' and o.to_email = c.email)
        or (select count(*) from outbox o where o.event = 'campaign' and o.to_email = c.email) > 1)`);
    assert.equal(inconsistent[0]!.n, 0, 'mails and recipient states committed together');

    // A new sender finishes the job.
    const second = startSender(schema);
    const end = await second.exited;
    assert.equal(end.code, 0, second.output());
    assert.match(second.output(), /done/);

    const perRecipient = await rows<{
      arm: string;
      state: string;
      mails: number;
      linked: number;
    }>(sql`
    select r.arm, r.state,
      (select count(*)::int from outbox o where o.tenant_id = r.tenant_id and o.event = 'campaign'
         and o.to_email = c.email) as mails,
      (select count(*)::int from outbox o where o.id = r.mail_id) as linked
    from campaign_recipients r join customers c on c.id = r.customer_id
    where r.campaign_id = ${campaign.id}`);
    assert.equal(perRecipient.length, CUSTOMERS - CUSTOMERS / 10);
    for (const r of perRecipient) {
      if (r.arm === 'holdout') {
        assert.equal(r.state, 'holdout');
        assert.equal(r.mails, 0, 'a hold-out member gets nothing');
      } else {
        assert.equal(r.state, 'sent');
        assert.equal(r.mails, 1, 'exactly one mail');
        assert.equal(r.linked, 1, 'the recipient names its mail');
      }
    }
    const strays = await rows<{ n: number }>(sql`
    select count(*)::int as n from outbox o join customers c on c.email = o.to_email
    where o.event = 'campaign' and (substring(c.email from 'crash-(\\d+)@')::int % 10) = 0`);
    assert.equal(strays[0]!.n, 0, 'customers without consent get nothing');
    const status = await rows<{ status: string }>(
      sql`select status from campaigns where id = ${campaign.id}`,
    );
    assert.equal(status[0]!.status, 'sent');
  },
);
