// Customer value on the firm's own orders: a history placed over two simulated years through the
// orders module, fitted in the compute pool, stored per customer with a segment. The segments are
// checked against the definitions in docs/insights.md, written out again here; consent decides
// who is scored; staff roles and tenants are kept apart.
import { after, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import pino from 'pino';
import { ComputePool } from '../src/compute/pool.ts';
import { defaultComputeConfig } from '../src/config.ts';
import { recomputeDueCustomerValues } from '../src/insights/schedule.ts';
import { auditLog } from '../src/privacy/privacy.schema.ts';
import { customerValues } from '../src/insights/customer-value.schema.ts';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { signInCustomer, signUpCustomer, type Person } from './helpers/accounts.ts';
import { buildableDesign, placeTestOrder, type BuildableDesign } from './helpers/designs.ts';

const t: TestApp = await createTestApp();
after(() => t.close());
beforeEach(() => t.reset());

const DAY = 86_400_000;
const TODAY = new Date('2026-01-15T09:00:00.000Z');
const daysAgo = (n: number) => new Date(TODAY.getTime() - n * DAY);

type Shopper = { person: Person; session: SignedIn; id: string };

async function consent(s: Shopper, given: boolean) {
  const state = await t.app.inject({
    method: 'GET',
    url: '/api/v1/privacy/consents',
    headers: s.session.headers,
  });
  const version = state
    .json<{ purposes: { purpose: string; notice: { version: number } }[] }>()
    .purposes.find((p) => p.purpose === 'personalization')!.notice.version;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/privacy/consents',
    headers: s.session.headers,
    payload: {
      purpose: 'personalization',
      given,
      screen: 'privacy-centre',
      noticeVersion: version,
    },
  });
  assert.equal(res.statusCode, 200, res.body);
}

async function shopper(firm: Firm, name: string, consents: boolean): Promise<Shopper> {
  const person = { email: `${name}@example.test`, name, password: `${name} walnut chair 42` };
  const session = await signUpCustomer(t, firm, person);
  const s = { person, session, id: session.userId };
  if (consents) await consent(s, true);
  return s;
}

/** Places one order per given age (days before today), oldest first, at that simulated time. */
async function ordersAt(
  firm: Firm,
  design: BuildableDesign,
  s: Shopper,
  ages: number[],
  alt = false,
) {
  for (const age of [...ages].sort((a, b) => b - a)) {
    t.clock.set(daysAgo(age));
    await placeTestOrder(
      t,
      firm,
      { versionId: design.versionId, choices: alt ? design.alternative : design.choices },
      { customerId: s.id, email: s.person.email },
    );
  }
}

const every = (from: number, to: number, step: number) => {
  const out: number[] = [];
  for (let d = from; d >= to; d -= step) out.push(d);
  return out;
};

type Value = {
  customerId: string;
  segment: string;
  orders: number;
  pAlive: number;
  expectedPurchases: number;
  expectedValue: number;
  interactions: number;
  expectedServiceCost: number;
  netValue: number;
  lastOrderOn: string;
};
type Listing = {
  run: { status: string; horizonDays: number; bestThreshold: number | null } | null;
  total: number;
  items: Value[];
};

/** A history of seven shoppers (six consenting) over two years, with the firm's settings. */
async function seededHistory(firm: Firm) {
  const s = {
    loyal: await shopper(firm, 'loyal', true),
    steady: await shopper(firm, 'steady', true),
    newcomer: await shopper(firm, 'newcomer', true),
    stopped: await shopper(firm, 'stopped', true),
    once: await shopper(firm, 'once', true),
    talker: await shopper(firm, 'talker', true),
    private: await shopper(firm, 'private', false),
  };
  // One conversation for the talker (an interaction), started while signed in.
  const talk = await t.app.inject({
    method: 'POST',
    url: '/api/v1/conversations',
    headers: s.talker.session.headers,
    payload: { subject: { kind: 'customer' }, topic: 'Many questions', body: 'Hello again' },
  });
  assert.equal(talk.statusCode, 201, talk.body);
  const design = await buildableDesign(t, firm);
  await ordersAt(firm, design, s.loyal, every(720, 10, 40));
  await ordersAt(firm, design, s.loyal, every(700, 30, 90), true);
  await ordersAt(firm, design, s.steady, every(600, 20, 120));
  await ordersAt(firm, design, s.newcomer, [60, 25], true);
  await ordersAt(firm, design, s.stopped, every(760, 560, 25));
  await ordersAt(firm, design, s.once, [500]);
  await ordersAt(firm, design, s.talker, [300, 200, 100]);
  await ordersAt(firm, design, s.private, every(700, 20, 60));
  t.clock.set(TODAY);
  const owner = await t.signIn(firm, 'owner');
  // An interaction costs a lot at this firm, so any customer who talks costs more than they bring.
  const settings = await t.app.inject({
    method: 'PATCH',
    url: '/api/v1/tenant',
    headers: owner.headers,
    payload: { settings: { costPerInteraction: 5_000_000 } },
  });
  assert.equal(settings.statusCode, 200, settings.body);
  return { ...s, owner };
}

async function recompute(as: SignedIn) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/customer-values/recompute',
    headers: as.headers,
  });
}

async function listing(as: SignedIn, query = ''): Promise<Listing> {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/customer-values?limit=100${query}`,
    headers: as.headers,
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json<Listing>();
}

describe('customer value', () => {
  let firm: Firm;
  beforeEach(async () => {
    // The firm opens two years and some before today; its history is placed from then on.
    t.clock.set(daysAgo(800));
    firm = await t.seedFirm('alpha');
  });

  test('the segments are what the definitions say, on a history placed over two years', async () => {
    const s = await seededHistory(firm);
    const owner = s.owner;
    const res = await recompute(owner);
    assert.equal(res.statusCode, 200, res.body);
    const { run, items } = await listing(owner);
    assert.equal(run?.status, 'scored');
    assert.equal(run?.horizonDays, 365, 'the default horizon');
    const byId = new Map(items.map((v) => [v.customerId, v]));
    const of = (x: Shopper) => byId.get(x.id)!;
    assert.equal(items.length, 6, 'the six consenting customers, not the one without consent');

    // The definitions, written out: costly, lapsed, at-risk, best (top 20 % net value), growing.
    const sinceLast = (v: Value) => Math.round((TODAY.getTime() - Date.parse(v.lastOrderOn)) / DAY);
    const costly = (v: Value) => v.expectedServiceCost > v.expectedValue;
    const lapsed = (v: Value) => v.pAlive < 0.3 || sinceLast(v) > 365;
    const active = items.filter((v) => !costly(v) && !lapsed(v) && v.pAlive >= 0.7);
    const nets = active.map((v) => v.netValue).sort((a, b) => a - b);
    const threshold = nets[Math.ceil(0.8 * nets.length) - 1]!;
    assert.equal(run?.bestThreshold, threshold);
    for (const v of items) {
      const expected = costly(v)
        ? 'costly'
        : lapsed(v)
          ? 'lapsed'
          : v.pAlive < 0.7
            ? 'at-risk'
            : v.netValue > 0 && v.netValue >= threshold
              ? 'best'
              : 'growing';
      assert.equal(v.segment, expected, `customer ${v.customerId}: ${JSON.stringify(v)}`);
    }
    assert.equal(of(s.talker).segment, 'costly', 'one conversation at 50,000.00 outweighs them');
    assert.equal(of(s.talker).interactions, 1);
    assert.equal(of(s.stopped).segment, 'lapsed', 'bought often, then nothing for 18 months');
    assert.ok(of(s.stopped).pAlive < 0.3, `P(alive) ${of(s.stopped).pAlive}`);
    assert.equal(of(s.once).segment, 'lapsed', 'one order 500 days ago: beyond the horizon');
    assert.equal(of(s.loyal).segment, 'best', 'the most frequent recent buyer');
    assert.ok(of(s.loyal).expectedValue > of(s.steady).expectedValue);
    assert.equal(of(s.newcomer).segment, 'growing');
    assert.ok(
      items.every((v, i) => i === 0 || items[i - 1]!.expectedValue >= v.expectedValue),
      'highest expected value first',
    );

    const best = await listing(owner, '&segment=best');
    assert.deepEqual(
      best.items.map((v) => v.customerId),
      items.filter((v) => v.segment === 'best').map((v) => v.customerId),
    );
  });

  test('a customer without consent is not scored and not found; withdrawal removes them at the next recompute', async () => {
    const s = await seededHistory(firm);
    const owner = s.owner;
    assert.equal((await recompute(owner)).statusCode, 200);
    const one = (id: string) =>
      t.app.inject({ method: 'GET', url: `/api/v1/customers/${id}/value`, headers: owner.headers });
    assert.equal((await one(s.private.id)).statusCode, 404, 'never consented: never scored');
    assert.equal((await one(s.steady.id)).statusCode, 200);

    const steady = { ...s.steady, session: await signInCustomer(t, firm, s.steady.person) };
    await consent(steady, false);
    assert.equal((await one(s.steady.id)).statusCode, 404, 'hidden at once after withdrawal');
    assert.equal((await recompute(owner)).statusCode, 200);
    const after = await listing(owner);
    assert.ok(!after.items.some((v) => v.customerId === s.steady.id), 'gone after the recompute');
    assert.equal(after.total, 5, 'and no longer counted');
  });

  test('every read of a person’s figures is audited; designers and operations are refused', async () => {
    const s = await seededHistory(firm);
    const sales = await t.signIn(firm, 'sales');
    assert.equal((await recompute(sales)).statusCode, 200, 'sales may recompute');
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/customers/${s.loyal.id}/value`,
      headers: sales.headers,
    });
    assert.equal(res.statusCode, 200, res.body);
    const audited = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.customerId, s.loyal.id), eq(auditLog.resource, 'customer-value')));
    assert.equal(audited.length, 1);
    assert.equal(audited[0]!.actorStaffId, sales.userId);
    for (const role of ['designer', 'operations']) {
      const who = await t.signIn(firm, role);
      for (const [method, url] of [
        ['GET', '/api/v1/customer-values'],
        ['GET', `/api/v1/customers/${s.loyal.id}/value`],
        ['POST', '/api/v1/customer-values/recompute'],
      ] as const) {
        const r = await t.app.inject({ method, url, headers: who.headers });
        assert.equal(r.statusCode, 403, `${role} ${method} ${url}`);
      }
    }
  });

  test('too little history answers 409 naming the orders, and the figures of another firm stay apart', async () => {
    t.clock.set(TODAY);
    const thin = await recompute(await t.signIn(firm, 'owner'));
    assert.equal(thin.statusCode, 409, thin.body);
    assert.match(String(thin.headers['content-type']), /application\/problem\+json/);
    assert.equal(thin.json<{ errors: { field: string }[] }>().errors[0]!.field, 'orders');

    const s = await seededHistory(firm);
    assert.equal((await recompute(s.owner)).statusCode, 200);
    const beta = await t.seedFirm('beta');
    const betaOwner = await t.signIn(beta, 'owner');
    const theirs = await listing(betaOwner);
    assert.equal(theirs.total, 0, 'firm B sees none of firm A’s customers');
    assert.equal(theirs.run, null);
    const one = await t.app.inject({
      method: 'GET',
      url: `/api/v1/customers/${s.loyal.id}/value`,
      headers: betaOwner.headers,
    });
    assert.equal(one.statusCode, 404);
  });

  test('the customer sees their figures in their export, and erasure deletes them', async () => {
    const s = await seededHistory(firm);
    assert.equal((await recompute(s.owner)).statusCode, 200);
    const loyal = await signInCustomer(t, firm, s.loyal.person);
    const exported = await t.app.inject({
      method: 'GET',
      url: '/api/v1/privacy/export',
      headers: loyal.headers,
    });
    assert.equal(exported.statusCode, 200, exported.body);
    assert.match(exported.body, /"customerValue":\[\{[^\]]*"segment":"best"/);
    const erased = await t.app.inject({
      method: 'POST',
      url: '/api/v1/privacy/erasure',
      headers: loyal.headers,
      payload: { confirm: true },
    });
    assert.equal(erased.statusCode, 200, erased.body);
    const left = await t.db
      .select()
      .from(customerValues)
      .where(eq(customerValues.customerId, s.loyal.id));
    assert.deepEqual(left, [], 'the figures went with the account');
  });

  test('the background worker recomputes each firm once a day', async () => {
    const s = await seededHistory(firm);
    const pool = new ComputePool({ ...defaultComputeConfig, workers: 1 });
    try {
      const deps = {
        db: t.db,
        clock: t.clock,
        ids: t.ids,
        compute: pool,
        logger: pino({ level: 'silent' }),
      };
      assert.equal((await listing(s.owner)).run, null, 'nothing computed yet');
      assert.equal(await recomputeDueCustomerValues(deps), 1, 'firm alpha is due');
      assert.equal((await listing(s.owner)).total, 6);
      t.clock.advance(23 * 3_600_000);
      assert.equal(await recomputeDueCustomerValues(deps), 0, 'not again within a day');
      const steady = { ...s.steady, session: await signInCustomer(t, firm, s.steady.person) };
      await consent(steady, false);
      t.clock.advance(3_600_000);
      assert.equal(await recomputeDueCustomerValues(deps), 1, 'due again after 24 hours');
      assert.equal(
        (await listing(await t.signIn(firm, 'owner'))).total,
        5,
        'the withdrawal took effect',
      );
    } finally {
      await pool.close();
    }
  });

  test('recomputing on demand is rate-limited per firm', async () => {
    t.clock.set(TODAY);
    const owner = await t.signIn(firm, 'owner');
    let last = 0;
    for (let i = 0; i < 13; i++) last = (await recompute(owner)).statusCode;
    assert.equal(last, 429);
  });
});
