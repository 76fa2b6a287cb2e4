// Serving the best customers better (issue 13): per-segment service levels set by the owner,
// the staff inbox ordered by priority and response due time (exact, on the test clock), the
// named contact, response-time figures against the target, and consent deciding all of it.
import { after, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../src/privacy/privacy.schema.ts';
import { createTestApp, type SignedIn, type TestApp } from './helpers/app.ts';
import {
  consent,
  putInSegment,
  setLevel,
  shopper,
  type Shopper,
} from './helpers/service-levels.ts';

const t: TestApp = await createTestApp();
after(() => t.close());
beforeEach(() => t.reset());

const HOUR = 3_600_000;

type InboxItem = {
  id: string;
  customerId: string;
  topic: string;
  priority: number;
  responseDueAt: string | null;
  overdue: boolean;
  assignedStaffId: string | null;
};

async function inbox(staff: SignedIn): Promise<InboxItem[]> {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/inbox', headers: staff.headers });
  assert.equal(res.statusCode, 200, res.body);
  return res.json<{ conversations: InboxItem[] }>().conversations;
}

async function ask(s: Shopper, topic: string): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/conversations',
    headers: s.session.headers,
    payload: { subject: { kind: 'customer' }, topic, body: `About ${topic}` },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json<{ conversation: { id: string } }>().conversation.id;
}

async function contactOf(s: Shopper) {
  const res = await t.app.inject({
    method: 'GET',
    url: '/api/v1/account/contact',
    headers: s.session.headers,
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json<{ contact: { name: string } | null }>().contact;
}

test('the owner sets a segment’s level (audited); sales read it; other roles and bad input are refused', async () => {
  const firm = await t.seedFirm('alpha');
  const other = await t.seedFirm('beta');
  const owner = await t.signIn(firm, 'owner');
  const sales = await t.signIn(firm, 'sales');
  const designer = await t.signIn(firm, 'designer');
  const foreign = await t.signIn(other, 'sales');

  const saved = await setLevel(t, owner, {
    segment: 'best',
    priority: 3,
    responseTargetHours: 4,
    mayUseReservedCapacity: true,
    contactStaffId: sales.userId,
  });
  assert.deepEqual(saved, {
    segment: 'best',
    priority: 3,
    responseTargetHours: 4,
    mayUseReservedCapacity: true,
    contact: { id: sales.userId, name: 'Demo Sales' },
  });
  const audited = await t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, firm.tenant.id), eq(auditLog.resource, 'service-level:best')));
  assert.equal(audited.length, 1);
  assert.equal(audited[0]!.actorStaffId, owner.userId);

  const list = await t.app.inject({
    method: 'GET',
    url: '/api/v1/service-levels',
    headers: sales.headers,
  });
  assert.equal(list.statusCode, 200);
  const levels = list.json<{ segment: string; priority: number }[]>();
  assert.deepEqual(
    levels.map((l) => [l.segment, l.priority]),
    [
      ['default', 0],
      ['best', 3],
      ['growing', 0],
      ['at-risk', 0],
      ['lapsed', 0],
      ['costly', 0],
    ],
  );
  // The other firm sees its own levels: the demo's best (priority 2, its own sales member).
  const theirs = await t.app.inject({
    method: 'GET',
    url: '/api/v1/service-levels',
    headers: foreign.headers,
  });
  const theirBest = theirs.json<{ priority: number; contact: { id: string } | null }[]>()[1]!;
  assert.equal(theirBest.priority, 2);
  assert.equal(theirBest.contact?.id, foreign.userId);

  const body = {
    segment: 'growing',
    priority: 1,
    responseTargetHours: 24,
    mayUseReservedCapacity: false,
    contactStaffId: null,
  };
  for (const who of [sales, designer]) {
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/service-levels',
      headers: who.headers,
      payload: body,
    });
    assert.equal(res.statusCode, 403);
  }
  assert.equal(
    (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/service-levels',
        headers: designer.headers,
      })
    ).statusCode,
    403,
  );
  const bad = async (payload: object, field: string) => {
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/service-levels',
      headers: owner.headers,
      payload,
    });
    assert.equal(res.statusCode, 400, res.body);
    const problem = res.json<{ errors: { field: string }[] }>();
    assert.ok(
      problem.errors.some((e) => e.field === field),
      `${field} named: ${res.body}`,
    );
  };
  // Another firm's staff member cannot be the contact; the default cannot take the reserve.
  await bad({ ...body, contactStaffId: foreign.userId }, 'contactStaffId');
  await bad(
    { ...body, segment: 'default', mayUseReservedCapacity: true },
    'mayUseReservedCapacity',
  );
  await bad({ ...body, priority: 10 }, 'priority');
});

test('the inbox orders by priority then response due time, exactly, and flags what is overdue', async () => {
  const firm = await t.seedFirm('alpha');
  const owner = await t.signIn(firm, 'owner');
  const sales = await t.signIn(firm, 'sales');
  await setLevel(t, owner, {
    segment: 'default',
    priority: 0,
    responseTargetHours: 48,
    mayUseReservedCapacity: false,
    contactStaffId: null,
  });
  await setLevel(t, owner, {
    segment: 'best',
    priority: 2,
    responseTargetHours: 4,
    mayUseReservedCapacity: true,
    contactStaffId: null,
  });
  await setLevel(t, owner, {
    segment: 'growing',
    priority: 1,
    responseTargetHours: 24,
    mayUseReservedCapacity: false,
    contactStaffId: null,
  });
  const ann = await shopper(t, firm, 'ann', true); // best, consenting
  const bob = await shopper(t, firm, 'bob', true); // growing, consenting
  const cid = await shopper(t, firm, 'cid', false); // best, but no consent: default
  const dee = await shopper(t, firm, 'dee', true); // best, consenting, writes later
  await putInSegment(t, firm, ann.id, 'best');
  await putInSegment(t, firm, bob.id, 'growing');
  await putInSegment(t, firm, cid.id, 'best');
  await putInSegment(t, firm, dee.id, 'best');

  const start = t.clock.now().getTime(); // 2026-01-15T09:00Z
  const at = (h: number) => new Date(start + h * HOUR).toISOString();
  const cidTopic = await ask(cid, 'cid');
  t.clock.advance(HOUR);
  const bobTopic = await ask(bob, 'bob');
  t.clock.advance(HOUR);
  const deeTopic = await ask(dee, 'dee');
  t.clock.advance(HOUR);
  const annTopic = await ask(ann, 'ann');

  const figures = async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/inbox/response-times',
      headers: sales.headers,
    });
    assert.equal(res.statusCode, 200, res.body);
    return res
      .json<{ week: string; withTarget: number; metTarget: number; missedTarget: number }[]>()
      .find((w) => w.week === '2026-W03')!;
  };
  const before = await figures();
  const list = await inbox(sales);
  const seeded = list.filter((c) => [cidTopic, bobTopic, deeTopic, annTopic].includes(c.id));
  assert.deepEqual(
    seeded.map((c) => [c.topic, c.priority, c.responseDueAt, c.overdue]),
    [
      ['dee', 2, at(2 + 4), false],
      ['ann', 2, at(3 + 4), false],
      ['bob', 1, at(1 + 24), false],
      ['cid', 0, at(0 + 48), false],
    ],
  );
  // The seeded conversations of the demo firm come after, by their own level.
  assert.deepEqual(
    list.slice(0, 3).map((c) => c.topic),
    ['dee', 'ann', 'bob'],
  );

  // Past dee's due time (09:00 + 2 h + 4 h = 15:00): overdue, by one millisecond.
  t.clock.set(new Date(start + 6 * HOUR + 1));
  const later = await inbox(sales);
  assert.deepEqual(
    later.filter((c) => c.overdue && [deeTopic, annTopic].includes(c.id)).map((c) => c.topic),
    ['dee'],
  );
  // Answering stops the clock: a late first reply stays overdue, ann answered in time is not.
  for (const id of [deeTopic, annTopic]) {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${id}/messages`,
      headers: sales.headers,
      payload: { body: 'Thank you, we are on it.' },
    });
    assert.equal(res.statusCode, 201, res.body);
  }
  t.clock.advance(10 * HOUR);
  const answered = await inbox(sales);
  assert.deepEqual(
    answered.filter((c) => [deeTopic, annTopic].includes(c.id)).map((c) => [c.topic, c.overdue]),
    [
      ['dee', true],
      ['ann', false],
    ],
  );

  // The response-time figures count against the target: dee missed, ann met, bob (24 h) and
  // cid (48 h) are within theirs and not yet answered.
  const week = await figures();
  assert.equal(week.metTarget, before.metTarget + 1);
  assert.equal(week.missedTarget, before.missedTarget + 1);
  assert.equal(week.withTarget, before.withTarget);
  assert.ok(week.withTarget >= 4);

  // ann withdraws consent: at once, her conversation is the default treatment.
  await consent(t, ann.session, false);
  const after = await inbox(sales);
  const annNow = after.find((c) => c.id === annTopic)!;
  assert.equal(annNow.priority, 0);
  assert.equal(annNow.responseDueAt, at(3 + 48));
});

test('a named contact: new conversations go to them, the customer sees the name, consent decides', async () => {
  const firm = await t.seedFirm('alpha');
  const owner = await t.signIn(firm, 'owner');
  const sales = await t.signIn(firm, 'sales');
  await setLevel(t, owner, {
    segment: 'best',
    priority: 1,
    responseTargetHours: null,
    mayUseReservedCapacity: false,
    contactStaffId: sales.userId,
  });
  const ann = await shopper(t, firm, 'ann', true);
  const eve = await shopper(t, firm, 'eve', true); // no segment
  await putInSegment(t, firm, ann.id, 'best');

  assert.deepEqual(await contactOf(ann), { name: 'Demo Sales' });
  assert.equal(await contactOf(eve), null);
  const annTopic = await ask(ann, 'ann');
  const eveTopic = await ask(eve, 'eve');
  const list = await inbox(owner);
  assert.equal(list.find((c) => c.id === annTopic)!.assignedStaffId, sales.userId);
  assert.equal(list.find((c) => c.id === eveTopic)!.assignedStaffId, null);
  const mine = await t.app.inject({
    method: 'GET',
    url: '/api/v1/inbox?view=mine',
    headers: sales.headers,
  });
  assert.ok(
    mine.json<{ conversations: { id: string }[] }>().conversations.some((c) => c.id === annTopic),
  );

  await consent(t, ann.session, false);
  assert.equal(await contactOf(ann), null);
  const again = await ask(ann, 'ann again');
  assert.equal((await inbox(owner)).find((c) => c.id === again)!.assignedStaffId, null);
  // Staff see nothing more than before: no segment, no figures in the inbox.
  const item = (await inbox(owner)).find((c) => c.id === annTopic)! as Record<string, unknown>;
  assert.equal('segment' in item, false);
  assert.equal('email' in item, false);
});
