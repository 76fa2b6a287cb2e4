// A process that sends queued campaign recipients as the background worker does, batch by batch,
// on the PostgreSQL database and schema given in its environment (CAMPAIGN_DATABASE_URL,
// CAMPAIGN_SCHEMA). It prints `handled <n>` after each committed batch and `done` when nothing is
// left. test/campaigns-crash.test.ts kills it with SIGKILL mid-send and starts it again.
import pino from 'pino';
import { runCampaignBatch } from '../../src/campaigns/send.ts';
import { systemClock } from '../../src/clock.ts';
import { defaultAppConfig } from '../../src/config.ts';
import { connectDatabase } from '../../src/db/connect.ts';
import { randomIds } from '../../src/ids.ts';

const database = await connectDatabase({
  databaseUrl: process.env.CAMPAIGN_DATABASE_URL!,
  schema: process.env.CAMPAIGN_SCHEMA!,
});
const deps = {
  db: database.db,
  clock: systemClock,
  ids: randomIds,
  config: defaultAppConfig,
  logger: pino({ level: 'silent' }),
};
const batchSize = Number(process.env.CAMPAIGN_BATCH ?? 5);
let handled = 0;
for (;;) {
  const n = await runCampaignBatch(deps, batchSize);
  if (n === 0) break;
  handled += n;
  process.stdout.write(`handled ${handled}\n`);
}
process.stdout.write('done\n');
await database.close();
