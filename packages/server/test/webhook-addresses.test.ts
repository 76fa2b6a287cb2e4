// Webhooks go to the public internet only. An endpoint on this machine, the private network or
// the cloud metadata address is refused when it is saved, and again when a delivery connects (a
// name can resolve elsewhere by then), unless the operator allows the range. The delivery log
// names a failure class, never the socket error that would tell open ports from closed ones.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { webhookEndpoints } from '../src/notify/notify.schema.ts';
import {
  createEndpoint,
  defaultDeliveryPolicy,
  enqueueWebhook,
  runDeliveryBatch,
} from '../src/notify/webhooks.ts';
import { addressRefusal } from '../src/notify/webhook-address.ts';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { snapshotDatabase } from './helpers/db.ts';

let t: TestApp;
let firm: Firm;
let owner: SignedIn;
const servers: (Server | TcpServer)[] = [];

before(async () => {
  // The operator allows one private range (an intranet receiver), nothing else.
  t = await createTestApp({ config: { webhookAllowCidrs: ['10.1.0.0/16'] } });
});
beforeEach(async () => {
  await t.reset();
  firm = await t.seedFirm('alpha');
  owner = await t.signIn(firm, 'owner');
});
after(async () => {
  for (const s of servers) s.close();
  await t.close();
});

type Problem = { status: number; errors: { field: string; message: string }[] };

function addEndpoint(url: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/webhooks',
    headers: owner.headers,
    payload: { url },
  });
}

test('an endpoint on loopback, private, link-local, metadata or other non-public addresses is refused with 400 naming url', async () => {
  const before = await snapshotDatabase(t.testDb.database);
  for (const url of [
    'http://127.0.0.1/hook',
    'http://127.1.2.3:8080/hook',
    'http://localhost:3000/hook',
    'http://localhost./hook',
    'http://[::1]/hook',
    'http://0.0.0.0/hook',
    'http://0/hook',
    'http://2130706433/hook',
    'http://0x7f000001/hook',
    'http://10.0.0.1/hook',
    'http://172.16.5.4/hook',
    'http://192.168.1.1/hook',
    'http://100.64.0.1/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://224.0.0.1/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://[::ffff:8.8.8.8]/hook',
    'http://[fe80::1]/hook',
    'http://[fd00:ec2::254]/hook',
    'http://[::]/hook',
    'http://[64:ff9b::a00:1]/hook',
  ]) {
    const res = await addEndpoint(url);
    assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    const problem = res.json<Problem>();
    assert.equal(problem.errors[0]?.field, 'url', url);
    assert.match(problem.errors[0]!.message, /public addresses only|IPv4-mapped/, url);
  }
  assert.deepEqual(await snapshotDatabase(t.testDb.database), before, 'no endpoint was saved');
});

test('a public address is accepted, and so is a private range the operator allowed', async () => {
  for (const url of [
    'https://93.184.215.14/hook',
    'http://[2606:4700::1111]/hook',
    'http://10.1.2.3:9000/hook',
  ]) {
    const res = await addEndpoint(url);
    assert.equal(res.statusCode, 201, `${url}: ${res.body}`);
  }
  const outside = await addEndpoint('http://10.2.0.1/hook');
  assert.equal(outside.statusCode, 400, 'only the allowed range, not its neighbours');
});

test('credentials in the URL are refused', async () => {
  const res = await addEndpoint('https://user:secret@93.184.215.14/hook');
  assert.equal(res.statusCode, 400, res.body);
  assert.equal(res.json<Problem>().errors[0]?.field, 'url');
});

test('the address rules: IPv4-mapped forms and neighbours of forbidden ranges', () => {
  const none = { allowCidrs: [] };
  assert.equal(addressRefusal('8.8.8.8', none), null);
  assert.equal(addressRefusal('172.32.0.1', none), null, 'just outside 172.16.0.0/12');
  assert.equal(addressRefusal('100.128.0.1', none), null, 'just outside CGNAT');
  assert.notEqual(addressRefusal('172.31.255.255', none), null);
  assert.notEqual(addressRefusal('::ffff:10.0.0.1', none), null);
  assert.notEqual(addressRefusal('255.255.255.255', none), null);
  assert.equal(addressRefusal('127.0.0.1', { allowCidrs: ['127.0.0.1/32'] }), null);
});

async function listen<S extends Server | TcpServer>(server: S): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as AddressInfo).port;
}

/** Stores an endpoint without the save check, as if its name resolved elsewhere when saved. */
async function endpointBehindTheCheck(url: string) {
  const e = await createEndpoint(t, firm.tenant.id, { url, events: [] });
  return e.id;
}

async function deliverOnce(allowCidrs: string[], timeoutMs = 2_000) {
  await enqueueWebhook(t, firm.tenant.id, 'order.status_changed', { orderId: randomUUID() });
  await runDeliveryBatch(
    { db: t.db, clock: t.clock, ids: t.ids, config: { webhookAllowCidrs: allowCidrs } },
    { ...defaultDeliveryPolicy, timeoutMs },
  );
}

async function attemptLog() {
  const res = await t.app.inject({
    method: 'GET',
    url: '/api/v1/webhooks/deliveries',
    headers: owner.headers,
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json<
    { endpointId: string; lastError: string | null; attemptLog: { error: string | null }[] }[]
  >();
}

test('at delivery, a name that now resolves to loopback is refused before any connection (DNS rebinding)', async () => {
  let reached = 0;
  const port = await listen(createHttpServer((_req, res) => (reached++, res.end())));
  const endpointId = await endpointBehindTheCheck(`http://localhost:${port}/hook`);
  await deliverOnce([]);
  await endpointBehindTheCheck(`http://127.0.0.1:${port}/hook`);
  await deliverOnce([]);
  assert.equal(reached, 0, 'the receiver on loopback was never reached');
  const log = await attemptLog();
  assert.ok(log.length >= 2);
  for (const d of log) assert.equal(d.lastError, 'address-not-allowed', JSON.stringify(d));
  assert.ok(log.some((d) => d.endpointId === endpointId));
});

test('the delivery log tells a closed port from an open one in no way; HTTP answers and timeouts are classes', async () => {
  const closedPort = await listen(createTcpServer());
  servers.pop()!.close();
  const hangsUp = await listen(createTcpServer((socket) => socket.destroy()));
  const speaksNonsense = await listen(
    createTcpServer((socket) => socket.end('SSH-2.0-OpenSSH\r\n')),
  );
  const failing = await listen(createHttpServer((_req, res) => res.writeHead(503).end()));
  const refusing = await listen(createHttpServer((_req, res) => res.writeHead(404).end()));
  const silent = await listen(createTcpServer(() => undefined));
  const loopback = ['127.0.0.1/32'];

  const expectations: [number, string][] = [
    [closedPort, 'connection-failed'],
    [hangsUp, 'connection-failed'],
    [speaksNonsense, 'connection-failed'],
    [failing, 'http-5xx'],
    [refusing, 'http-4xx'],
    [silent, 'timeout'],
  ];
  for (const [port, expected] of expectations) {
    await t.db.delete(webhookEndpoints).where(eq(webhookEndpoints.tenantId, firm.tenant.id));
    const endpointId = await endpointBehindTheCheck(`http://127.0.0.1:${port}/hook`);
    await deliverOnce(loopback, 500);
    const entry = (await attemptLog()).find((d) => d.endpointId === endpointId)!;
    assert.equal(entry.lastError, expected, `port ${port}`);
    assert.deepEqual(
      entry.attemptLog.map((a) => a.error),
      [expected],
    );
  }
});
