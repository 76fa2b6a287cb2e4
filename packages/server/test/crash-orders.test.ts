// kill -9 in the middle of a burst of orders: a real `customerize serve` on an embedded data
// folder is killed with SIGKILL while orders with Idempotency-Keys are in flight, restarted, and
// every key is sent again. Every acknowledged order is there exactly once, a retry of one that
// committed without its answer reaching the client replays it, nothing is booked twice.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { deserialize, type Configuration, type ProductModel } from '@customerize/engine';
import { connectDatabase } from '../src/db/connect.ts';
import { completePreset, type ShopProduct } from './helpers/shop.ts';
import { startServerProcess, stopServer, type Listening } from './helpers/server-process.ts';

const KEYS = 40;
const WORKERS = 8;
/** The server is killed once this many orders were acknowledged. */
const KILL_AFTER_ACKS = 10;

let dir: string;
let server: Listening | null = null;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'customerize-crash-'));
});
after(async () => {
  if (server) await stopServer(server, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

type Answer = { status: number; id?: string; token?: string; replayed: boolean };

async function postOrder(url: string, key: string, body: object): Promise<Answer> {
  const res = await fetch(`${url}/api/v1/shop/demo/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { id?: string; token?: string };
  return {
    status: res.status,
    id: json.id,
    token: json.token,
    replayed: res.headers.get('idempotent-replayed') === 'true',
  };
}

// The burst comes from one address: the order rate limit is raised for it (write-limits.test.ts
// tests the limits themselves).
const burstEnv = { ORDER_LIMIT_PER_CLIENT: '1000', ORDER_LIMIT_PER_FIRM: '1000' };

test('orders acknowledged before a kill -9 are there exactly once, and retries replay instead of ordering twice', async (t) => {
  // First run (seeds the demo firm), then every work center made roomy, so that the promised
  // date stays put during the burst and every order can be taken.
  await stopServer(await startServerProcess(dir), 'SIGTERM');
  const setup = await connectDatabase({ dataDir: dir });
  await setup.db.execute(sql`update work_centers set minutes_per_day = 1000000`);
  await setup.close();
  server = await startServerProcess(dir, burstEnv);
  const product = (await (
    await fetch(`${server.url}/api/v1/shop/demo/products/city-bike`)
  ).json()) as ShopProduct;
  const choices: Configuration = completePreset({
    ...product,
    engine: deserialize(
      new Uint8Array(await (await fetch(`${server.url}${product.compiledUrl}`)).arrayBuffer()),
      product.model as ProductModel,
    ),
  });
  const quote = (await (
    await fetch(`${server.url}/api/v1/shop/demo/quote`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ versionId: product.version.id, choices }),
    })
  ).json()) as { total: number; currency: string; promisedDate: string };
  const bodies = Array.from({ length: KEYS }, (_, i) => ({
    versionId: product.version.id,
    choices,
    email: `crash-${i}@example.com`,
    expected: { total: quote.total, currency: quote.currency, promisedDate: quote.promisedDate },
  }));
  const key = (i: number) => `crash-order-${i}`;

  // The burst: workers send orders until the server dies under them.
  const first = new Map<number, Answer>();
  let next = 0;
  let acks = 0;
  const burstUrl = server.url;
  const victim = server;
  const worker = async () => {
    while (next < KEYS) {
      const i = next++;
      try {
        const answer = await postOrder(burstUrl, key(i), bodies[i]!);
        first.set(i, answer);
        if (answer.status === 201 && ++acks === KILL_AFTER_ACKS) victim.child.kill('SIGKILL');
      } catch {
        return; // The connection died with the server: this one and the rest are unanswered.
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
  victim.child.kill('SIGKILL'); // (already dead, unless the burst ended first)
  await victim.exited;
  server = null;
  const acknowledged = [...first].filter(([, a]) => a.status === 201);
  assert.ok(acknowledged.length >= KILL_AFTER_ACKS, 'orders were acknowledged before the kill');
  assert.ok(first.size < KEYS, 'the server died mid-burst');

  // Restarted on the same folder: every key is sent again.
  server = await startServerProcess(dir, burstEnv);
  const retried = new Map<number, Answer>();
  for (let i = 0; i < KEYS; i++) retried.set(i, await postOrder(server.url, key(i), bodies[i]!));

  for (const [i, answer] of acknowledged) {
    const again = retried.get(i)!;
    assert.equal(again.status, 201, `key ${i}`);
    assert.equal(again.replayed, true, `key ${i} is replayed`);
    assert.equal(again.id, answer.id, `key ${i} answers the same order`);
    assert.equal(again.token, answer.token, `key ${i} answers the same token`);
  }
  // A second round replays everything the first round answered.
  for (let i = 0; i < KEYS; i++) {
    const again = await postOrder(server.url, key(i), bodies[i]!);
    assert.equal(again.status, retried.get(i)!.status, `key ${i}`);
    assert.equal(again.id, retried.get(i)!.id, `key ${i}`);
    assert.equal(again.replayed, true, `key ${i}`);
  }
  await stopServer(server, 'SIGTERM');
  server = null;

  // What the database holds: one order per key that answered 201, none for the others, and the
  // same bookings for every one of these identical designs (a double booking would show).
  const database = await connectDatabase({ dataDir: dir });
  try {
    const result = await database.db.execute(sql`
      select o.email, o.id, coalesce(sum(b.minutes), 0)::int as minutes, count(b.id)::int as rows
      from orders o left join capacity_bookings b on b.order_id = o.id
      where o.email like 'crash-%@example.com'
      group by o.email, o.id`);
    const rows = (
      result as unknown as { rows: { email: string; id: string; minutes: number; rows: number }[] }
    ).rows;
    for (let i = 0; i < KEYS; i++) {
      const mine = rows.filter((r) => r.email === `crash-${i}@example.com`);
      const answer = retried.get(i)!;
      if (answer.status === 201) {
        assert.equal(mine.length, 1, `key ${i}: exactly one order`);
        assert.equal(mine[0]!.id, answer.id, `key ${i}: the order its answers name`);
      } else {
        assert.equal(mine.length, 0, `key ${i} (${answer.status}): no order`);
      }
    }
    const minutes = new Set(rows.map((r) => r.minutes));
    assert.equal(
      minutes.size,
      1,
      `every order booked the same minutes: ${[...minutes].join(', ')}`,
    );
    const unacknowledgedButTaken = [...retried].filter(
      ([i, a]) => a.status === 201 && a.replayed && first.get(i)?.status !== 201,
    ).length;
    t.diagnostic(
      `${acknowledged.length} acknowledged, ${rows.length} taken, ${unacknowledgedButTaken} committed without an answer and replayed`,
    );
  } finally {
    await database.close();
  }
});
