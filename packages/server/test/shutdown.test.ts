// Graceful shutdown: a request in flight when shutdown starts still completes, with the
// database, and the database is closed afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.ts';
import { manualClock } from '../src/clock.ts';
import { defaultAppConfig } from '../src/config.ts';
import { sequentialIds } from '../src/ids.ts';
import { shutdown } from '../src/server.ts';
import { openPgliteTestDatabase } from './helpers/db.ts';

test('shutdown lets an in-flight request finish, then closes the database', async () => {
  const { database } = await openPgliteTestDatabase();
  const app = await buildApp({
    db: database.db,
    clock: manualClock(),
    ids: sequentialIds(),
    logger: pino({ level: 'silent' }),
    config: { ...defaultAppConfig, webDir: null },
  });
  let arrived!: () => void;
  const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  // A deliberately slow route: it waits until the test has started the shutdown.
  app.get('/slow', async () => {
    arrived();
    await released;
    const result = await database.db.execute(sql`select 42 as answer`);
    return (result as unknown as { rows: { answer: number }[] }).rows[0];
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  assert.ok(address && typeof address === 'object');

  const inFlight = fetch(`http://127.0.0.1:${address.port}/slow`);
  await requestArrived;
  let closed = false;
  const closing = shutdown(app, database).then(() => {
    closed = true;
  });
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(closed, false, 'shutdown waits for the request');
  release();
  const res = await inFlight;
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { answer: 42 });
  await closing;
  assert.equal(closed, true);
  await assert.rejects(database.db.execute(sql`select 1`), 'the database is closed');
});
