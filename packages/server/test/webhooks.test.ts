// Outgoing webhooks against a real HTTP receiver on a free local port: down at first, then up,
// with the sending server restarted mid-delivery. The receiver dedupes on the delivery id, as
// the docs tell receivers to; it must end with every event exactly once, correctly signed.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { defaultAppConfig } from '../src/config.ts';
import { randomIds } from '../src/ids.ts';
import { webhookDeliveries } from '../src/notify/notify.schema.ts';
import { notify } from '../src/notify/notify.ts';
import {
  createEndpoint,
  defaultDeliveryPolicy,
  DELIVERY_HEADER,
  signature,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
} from '../src/notify/webhooks.ts';
import { startWorkers } from '../src/notify/workers.ts';
import { insertTenant } from '../src/tenants/tenants.store.ts';
import { defaultTenantSettings } from '../src/tenants/tenants.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { testDatabaseTargets } from './helpers/db.ts';

/** A receiver that processes each delivery id once and can leave one request unanswered. */
class Receiver {
  server: Server | null = null;
  requests: { id: string; body: string; valid: boolean }[] = [];
  processed = new Map<string, string>();
  holdNext = false;
  held: ServerResponse | null = null;

  constructor(readonly secret: () => string) {}

  async listen(port: number): Promise<number> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  async handle(req: IncomingMessage, res: ServerResponse) {
    let body = '';
    for await (const chunk of req) body += chunk;
    const id = String(req.headers[DELIVERY_HEADER]);
    const ts = String(req.headers[TIMESTAMP_HEADER]);
    const valid = req.headers[SIGNATURE_HEADER] === `v1=${signature(this.secret(), ts, body)}`;
    this.requests.push({ id, body, valid });
    if (valid && !this.processed.has(id)) this.processed.set(id, body);
    if (this.holdNext) {
      // Processed, but the answer never leaves: the sender cannot know it arrived.
      this.holdNext = false;
      this.held = res;
      return;
    }
    res.writeHead(valid ? 204 : 401).end();
  }

  async close() {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

const policy = {
  ...defaultDeliveryPolicy,
  baseDelayMs: 60_000,
  leaseMs: 5 * 60_000,
  timeoutMs: 5_000,
};

function depsOf(t: TestApp) {
  return {
    db: t.db,
    clock: t.clock,
    ids: t.ids,
    logger: pino({ level: 'silent' }),
    // The receiver listens on loopback, which the operator must allow for webhooks.
    config: { ...defaultAppConfig, webDir: null, webhookAllowCidrs: ['127.0.0.1/32'] },
  };
}

for (const target of testDatabaseTargets()) {
  describe(`webhooks on ${target.name}`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    after(async () => {
      for (const c of cleanups.reverse()) await c();
    });

    test('a receiver down at first gets every event exactly once per delivery id, across a server restart mid-delivery', async () => {
      const testDb = await target.open();
      cleanups.push(() => testDb.close());
      const first = await createTestApp({ testDb, ids: randomIds });
      const now = first.clock.now();
      const tenant = await insertTenant(first.db, {
        id: randomUUID(),
        slug: 'hooks',
        name: 'Hooks',
        settings: defaultTenantSettings,
        now,
      });

      let secret = '';
      const receiver = new Receiver(() => secret);
      cleanups.push(() => receiver.close());
      const port = await receiver.listen(0);
      await receiver.close(); // down: connections are refused
      const endpoint = await createEndpoint(depsOf(first), tenant.id, {
        url: `http://127.0.0.1:${port}/hook`,
        events: [],
      });
      secret = endpoint.secret;

      const events = ['1', '2', '3', '4', '5'];
      for (const number of events) {
        await notify(depsOf(first), tenant.id, {
          kind: 'order.status_changed',
          orderId: randomUUID(),
          orderNumber: number,
          status: 'confirmed',
          customerId: null,
          email: null,
        });
      }
      const deliveries = () =>
        testDb.database.db
          .select()
          .from(webhookDeliveries)
          .where(eq(webhookDeliveries.tenantId, tenant.id));
      const ids = (await deliveries()).map((d) => d.id).sort();
      assert.equal(ids.length, 5);

      let stopFirst = startWorkers(depsOf(first), { pollMs: 10, policy });
      await until('every delivery failed once', async () =>
        (await deliveries()).every((d) => d.attempts === 1 && d.lastError !== null),
      );
      assert.equal(receiver.requests.length, 0);

      await receiver.listen(port);
      receiver.holdNext = true;
      first.clock.advance(policy.baseDelayMs);
      await until('four are delivered and one is in flight', async () => {
        const rows = await deliveries();
        return receiver.held !== null && rows.filter((d) => d.status === 'delivered').length === 4;
      });
      // The server restarts while one delivery is in flight.
      await stopFirst();
      await first.close();
      const inFlight = (await deliveries()).find((d) => d.status === 'pending')!;
      assert.ok(
        receiver.processed.has(inFlight.id),
        'the receiver had processed the one in flight',
      );

      const second = await createTestApp({ testDb, ids: randomIds });
      second.clock.set(new Date(first.clock.now().getTime() + policy.leaseMs + 1000));
      stopFirst = startWorkers(depsOf(second), { pollMs: 10, policy });
      await until('all are delivered', async () =>
        (await deliveries()).every((d) => d.status === 'delivered'),
      );
      await stopFirst();
      await second.close();

      assert.deepEqual(
        [...receiver.processed.keys()].sort(),
        ids,
        'every delivery id was processed',
      );
      const numbers = [...receiver.processed.values()]
        .map((b) => (JSON.parse(b) as { data: { orderNumber: string } }).data.orderNumber)
        .sort();
      assert.deepEqual(numbers, events, 'each event exactly once');
      assert.ok(
        receiver.requests.every((r) => r.valid),
        'every request was signed with the endpoint secret',
      );
      const resent = receiver.requests.filter((r) => r.id === inFlight.id);
      assert.equal(resent.length, 2, 'the one in flight was sent again after the restart');
      assert.equal(resent[0]!.body, resent[1]!.body, 'with the same body');
      const log = (await deliveries()).find((d) => d.id === inFlight.id)!;
      assert.equal(log.attempts, 3, 'refused, abandoned at restart, delivered');
    });
  });
}
