// Approvals of company orders: a buyer's order above their per-order limit (or over their cost
// center's budget for the month) is written as awaiting_approval and books nothing; an approver
// of the company — never the buyer — approves (the last approval re-checks the order, books its
// capacity once and places it) or rejects with a reason (cancelled, nothing booked); above the
// company's threshold two different approvers must approve. Every step is on the order's
// timeline and mailed through the outbox. Another company's (or firm's) approver sees and
// decides nothing of it. Purchase-order number and payment terms travel with the order.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import type { Configuration } from '@customerize/engine';
import { capacityBookings } from '../src/capacity/capacity.schema.ts';
import { outbox } from '../src/notify/notify.schema.ts';
import { auditLog } from '../src/privacy/privacy.schema.ts';
import { customers } from '../src/users/users.schema.ts';
import {
  createTestApp,
  sessionCookie,
  type Firm,
  type SignedIn,
  type TestApp,
} from './helpers/app.ts';
import { snapshotDatabase } from './helpers/db.ts';
import { completePreset, shopProduct } from './helpers/shop.ts';

type Order = {
  id: string;
  number: number;
  status: string;
  total: number;
  currency: string;
  promisedDate: string;
  poNumber: string | null;
  paymentTerms: string | null;
  costCenter: { id: string; name: string } | null;
  approval: {
    status: string;
    requiredLevels: number;
    steps: { level: number; decision: string; by: string; reason: string | null }[];
  } | null;
  timeline: { status: string; note?: string | null }[];
};
type Approval = {
  orderId: string;
  status: string;
  requiredLevels: number;
  reasons: { kind: string }[];
  buyer: { name: string };
  poNumber: string | null;
  paymentTerms: string | null;
  canDecide: boolean;
  steps: { level: number; decision: string; reason: string | null }[];
};
type Member = { id: string; name: string; email: string; role: string | null };

let t: TestApp;
let alpha: Firm;
let buyer: SignedIn;
let approver: SignedIn;
let admin: SignedIn;
let members: Member[];
let locations: { id: string; name: string; budget: number | null }[];
let versionId: string;
let laptop: Configuration;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());
beforeEach(async () => {
  await t.reset();
  alpha = await t.seedFirm('alpha');
  buyer = await t.signIn(alpha, 'buyer');
  approver = await t.signIn(alpha, 'approver');
  admin = await t.signIn(alpha, 'admin');
  const p = await shopProduct(t, 'alpha', 'laptop');
  versionId = p.version.id;
  // Inside Acme's approved laptops: Windows Pro and the 3-year cover.
  laptop = { ...completePreset(p, 0), os: 'win_pro', warranty: 'premium3' };
  const settings = await call('GET', '/api/v1/company/approval-settings', admin);
  assert.equal(settings.statusCode, 200, settings.body);
  ({ members, locations } = settings.json<{ members: Member[]; locations: typeof locations }>());
  // Acme: net 30 (or net 60), one approval, monthly budgets; the buyer may order up to €5,000
  // and belongs to the design studio.
  await setPolicy({ secondApprovalAbove: null });
  await setLimits('buyer', { orderLimit: 500_000, location: 'Design studio' });
});

const member = (role: string) => members.find((m) => m.role === role)!;

async function call(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  url: string,
  who?: SignedIn,
  payload?: object,
) {
  return t.app.inject({
    method,
    url,
    headers: who?.headers ?? {},
    ...(payload ? { payload } : method === 'POST' || method === 'PUT' ? { payload: {} } : {}),
  });
}

async function setPolicy(p: { secondApprovalAbove: number | null }) {
  const res = await call('PUT', '/api/v1/company/approval-policy', admin, {
    paymentTerms: 'net30',
    allowedPaymentTerms: ['net30', 'net60'],
    secondApprovalAbove: p.secondApprovalAbove,
    budgetPeriod: 'month',
  });
  assert.equal(res.statusCode, 200, res.body);
}

async function setLimits(
  role: string,
  l: { orderLimit?: number | null; approvalLimit?: number | null; location?: string },
) {
  const res = await call('PUT', `/api/v1/company/customers/${member(role).id}/limits`, admin, {
    locationId: l.location ? locations.find((x) => x.name === l.location)!.id : null,
    orderLimit: l.orderLimit ?? null,
    approvalLimit: l.approvalLimit ?? null,
  });
  assert.equal(res.statusCode, 200, res.body);
}

async function orderLaptops(
  quantity: number,
  who: SignedIn = buyer,
  extra: Record<string, unknown> = {},
) {
  const lines = [{ versionId, choices: laptop, quantity }];
  const q = await call('POST', '/api/v1/shop/alpha/quotes/lines', who, { lines });
  assert.equal(q.statusCode, 200, q.body);
  const { total, currency, promisedDate } = q.json<{
    total: number;
    currency: string;
    promisedDate: string;
  }>();
  return call('POST', '/api/v1/shop/alpha/orders/lines', who, {
    lines,
    expected: { total, currency, promisedDate },
    ...extra,
  });
}

async function placed(quantity: number, who: SignedIn = buyer, extra = {}): Promise<Order> {
  const res = await orderLaptops(quantity, who, extra);
  assert.equal(res.statusCode, 201, res.body);
  return res.json<Order>();
}

async function bookings(orderId: string) {
  return t.db
    .select()
    .from(capacityBookings)
    .where(
      and(eq(capacityBookings.tenantId, alpha.tenant.id), eq(capacityBookings.orderId, orderId)),
    );
}

async function mailsTo(email: string) {
  return t.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.tenantId, alpha.tenant.id), eq(outbox.toEmail, email)));
}

const decide = (orderId: string, who: SignedIn, reason?: string) =>
  call(
    'POST',
    `/api/v1/company/approvals/${orderId}/${reason === undefined ? 'approve' : 'reject'}`,
    who,
    reason === undefined ? {} : { reason },
  );

async function orderAs(who: SignedIn, id: string): Promise<Order> {
  const res = await call('GET', `/api/v1/shop/alpha/orders/${id}`, who);
  assert.equal(res.statusCode, 200, res.body);
  return res.json<Order>();
}

test('an order above the buyer’s limit waits for approval, books nothing, and the buyer and approver are mailed', async () => {
  const order = await placed(10, buyer, { poNumber: 'PO-4711' });
  assert.equal(order.status, 'awaiting_approval');
  assert.ok(order.total > 500_000, 'ten laptops cost more than the buyer’s limit');
  assert.deepEqual(await bookings(order.id), [], 'no capacity is booked while it waits');
  assert.equal(order.approval?.status, 'pending');
  assert.equal(order.costCenter?.name, 'Design studio');

  const toBuyer = await mailsTo(member('buyer').email);
  assert.ok(
    toBuyer.some((m) => /waits for approval/.test(m.subject)),
    'the buyer is told',
  );
  assert.ok(!toBuyer.some((m) => m.event === 'order.placed'), 'and not that it was placed');
  const toApprover = await mailsTo(member('approver').email);
  assert.ok(
    toApprover.some((m) => m.subject.includes(`#${order.number}`) && /approval/.test(m.subject)),
  );

  const queue = await call('GET', '/api/v1/company/approvals?status=pending', approver);
  assert.equal(queue.statusCode, 200, queue.body);
  const [item] = queue.json<{ approvals: Approval[] }>().approvals;
  assert.equal(item?.orderId, order.id);
  assert.deepEqual(
    item?.reasons.map((r) => r.kind),
    ['order-limit'],
  );
  assert.equal(item?.poNumber, 'PO-4711');
  assert.equal(item?.canDecide, true);
  // The buyer sees their own order waiting, but may not decide it.
  const own = (await call('GET', '/api/v1/company/approvals', buyer)).json<{
    approvals: Approval[];
  }>();
  assert.deepEqual(
    own.approvals.map((a) => [a.orderId, a.canDecide]),
    [[order.id, false]],
  );
});

test('an order within the limit is placed at once with the company’s default payment terms', async () => {
  const order = await placed(1, buyer, { poNumber: ' PO-1 ' });
  assert.equal(order.status, 'placed');
  assert.equal(order.approval, null);
  assert.equal(order.poNumber, 'PO-1');
  assert.equal(order.paymentTerms, 'net30');
  assert.ok((await bookings(order.id)).length > 0);
});

test('the approver approves: the order is placed, its capacity booked exactly once, and the buyer is told', async () => {
  const order = await placed(10);
  const res = await decide(order.id, approver);
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json<{ approval: Approval }>().approval.status, 'approved');
  const after1 = await orderAs(buyer, order.id);
  assert.equal(after1.status, 'placed');
  assert.equal(after1.promisedDate, order.promisedDate, 'nothing else booked meanwhile');
  const booked = await bookings(order.id);
  assert.ok(booked.length > 0, 'approval books the capacity');
  assert.deepEqual(
    after1.timeline.map((e) => e.status),
    ['awaiting_approval', 'placed'],
  );
  assert.deepEqual(
    after1.approval?.steps.map((s) => [s.level, s.decision]),
    [[1, 'approved']],
  );
  assert.ok(
    (await mailsTo(member('buyer').email)).some((m) => /approved and placed/.test(m.subject)),
  );

  // Again (a second click, or the admin too): 409, nothing more booked.
  const again = await decide(order.id, admin);
  assert.equal(again.statusCode, 409, again.body);
  assert.equal(again.json<{ code: string }>().code, 'already-decided');
  assert.equal((await bookings(order.id)).length, booked.length);
});

test('a rejection with a reason cancels the order and leaves nothing booked', async () => {
  const order = await placed(10);
  const blank = await decide(order.id, approver, '   ');
  assert.equal(blank.statusCode, 400, blank.body);
  assert.match(blank.body, /reason/);
  const res = await decide(order.id, approver, 'Order the 16 GB model instead');
  assert.equal(res.statusCode, 200, res.body);
  const after1 = await orderAs(buyer, order.id);
  assert.equal(after1.status, 'cancelled');
  assert.deepEqual(await bookings(order.id), []);
  assert.deepEqual(
    after1.approval?.steps.map((s) => [s.decision, s.reason]),
    [['rejected', 'Order the 16 GB model instead']],
  );
  const mail = (await mailsTo(member('buyer').email)).find((m) =>
    /was not approved/.test(m.subject),
  );
  assert.match(mail?.text ?? '', /Order the 16 GB model instead/);
  // A rejected order cannot be approved later.
  assert.equal((await decide(order.id, admin)).statusCode, 409);
  assert.deepEqual(await bookings(order.id), []);
});

test('an approver cannot approve their own order, nor can a buyer approve anyone’s', async () => {
  await setLimits('approver', { orderLimit: 100_000 });
  const own = await placed(10, approver);
  assert.equal(own.status, 'awaiting_approval');
  const before = await snapshotDatabase(t.testDb.database);
  const self = await decide(own.id, approver);
  assert.equal(self.statusCode, 403, self.body);
  assert.match(self.body, /your own order/);
  const byBuyer = await decide(own.id, buyer);
  assert.equal(byBuyer.statusCode, 403, byBuyer.body);
  assert.match(byBuyer.body, /approver or admin/);
  assert.deepEqual(await snapshotDatabase(t.testDb.database), before, 'nothing written');
  // The approver’s queue shows it, but not as theirs to decide.
  const queue = (await call('GET', '/api/v1/company/approvals', approver)).json<{
    approvals: Approval[];
  }>();
  assert.equal(queue.approvals.find((a) => a.orderId === own.id)?.canDecide, false);
  assert.equal((await decide(own.id, admin)).statusCode, 200, 'someone else may');
});

test('above the company’s threshold two different approvers must approve before anything is booked', async () => {
  await setPolicy({ secondApprovalAbove: 300_000 });
  const order = await placed(10);
  assert.equal(order.approval?.requiredLevels, 2);
  const first = await decide(order.id, approver);
  assert.equal(first.statusCode, 200, first.body);
  assert.equal(first.json<{ approval: Approval }>().approval.status, 'pending');
  assert.equal((await orderAs(buyer, order.id)).status, 'awaiting_approval');
  assert.deepEqual(await bookings(order.id), [], 'one approval of two books nothing');
  const twice = await decide(order.id, approver);
  assert.equal(twice.statusCode, 403, twice.body);
  assert.match(twice.body, /someone else/);
  const second = await decide(order.id, admin);
  assert.equal(second.statusCode, 200, second.body);
  const done = await orderAs(buyer, order.id);
  assert.equal(done.status, 'placed');
  assert.deepEqual(
    done.approval?.steps.map((s) => [s.level, s.decision]),
    [
      [1, 'approved'],
      [2, 'approved'],
    ],
  );
  assert.ok((await bookings(order.id)).length > 0);
});

test('an approver approves only up to their own approval limit', async () => {
  await setLimits('approver', { approvalLimit: 600_000 });
  const order = await placed(10);
  assert.ok(order.total > 600_000);
  const res = await decide(order.id, approver);
  assert.equal(res.statusCode, 403, res.body);
  assert.match(res.body, /above your approval limit/);
  assert.deepEqual(await bookings(order.id), []);
});

test('an order that would take the cost center over its monthly budget waits, even within the buyer’s limit', async () => {
  const one = (await placed(1)).total;
  // A new location whose budget holds three more laptops, not six.
  const loc = await call('POST', '/api/v1/company/locations', admin, {
    name: 'Lab',
    billingAddress: {
      label: 'Acme',
      lines: ['Postbus 1'],
      postalCode: '1000',
      city: 'Utrecht',
      country: 'NL',
    },
    shippingAddress: {
      label: 'Acme Lab',
      lines: ['Lab 1'],
      postalCode: '1000',
      city: 'Utrecht',
      country: 'NL',
    },
    budget: one * 5,
    currency: 'EUR',
  });
  assert.equal(loc.statusCode, 201, loc.body);
  locations.push(loc.json());
  await setLimits('buyer', { orderLimit: null, location: 'Lab' });
  const first = await placed(3);
  assert.equal(first.status, 'placed', 'within the budget');
  assert.equal(first.costCenter?.name, 'Lab');
  const second = await placed(3);
  assert.equal(second.status, 'awaiting_approval', 'three more go over the month’s budget');
  const [item] = (await call('GET', '/api/v1/company/approvals?status=pending', approver)).json<{
    approvals: Approval[];
  }>().approvals;
  assert.deepEqual(item?.reasons, [
    { kind: 'budget', budget: one * 5, spent: first.total, period: 'month', currency: 'EUR' },
  ]);
  // Next month the budget is fresh.
  t.clock.advance(32 * 24 * 3_600_000);
  buyer = await t.signIn(alpha, 'buyer');
  assert.equal((await placed(3)).status, 'placed');
});

test('a single-design order goes through the same gate: it waits, and approval books it', async () => {
  await setLimits('buyer', { orderLimit: 1_000 });
  const q = await call('POST', '/api/v1/shop/alpha/quote', buyer, { versionId, choices: laptop });
  const { total, currency, promisedDate } = q.json<{
    total: number;
    currency: string;
    promisedDate: string;
  }>();
  const res = await call('POST', '/api/v1/shop/alpha/orders', buyer, {
    versionId,
    choices: laptop,
    expected: { total, currency, promisedDate },
    poNumber: 'PO-S1',
    paymentTerms: 'net60',
  });
  assert.equal(res.statusCode, 201, res.body);
  const order = res.json<Order>();
  assert.deepEqual(
    [order.status, order.poNumber, order.paymentTerms],
    ['awaiting_approval', 'PO-S1', 'net60'],
  );
  assert.deepEqual(await bookings(order.id), []);
  assert.equal((await decide(order.id, approver)).statusCode, 200);
  assert.equal((await orderAs(buyer, order.id)).status, 'placed');
  assert.ok((await bookings(order.id)).length > 0);
});

test('purchase-order number and payment terms round trip to the buyer, the approver and the firm’s staff', async () => {
  const order = await placed(10, buyer, { poNumber: 'PO-2026-0042', paymentTerms: 'net60' });
  assert.deepEqual([order.poNumber, order.paymentTerms], ['PO-2026-0042', 'net60']);
  const owner = await t.signIn(alpha, 'owner');
  const staffView = await call('GET', `/api/v1/orders/${order.id}`, owner);
  assert.equal(staffView.statusCode, 200, staffView.body);
  const o = staffView.json<Order>();
  assert.deepEqual(
    [o.poNumber, o.paymentTerms, o.status],
    ['PO-2026-0042', 'net60', 'awaiting_approval'],
  );
  const queue = (await call('GET', '/api/v1/approvals?status=pending', owner)).json<{
    approvals: Approval[];
  }>();
  assert.deepEqual(
    queue.approvals.map((a) => [a.orderId, a.poNumber, a.paymentTerms, a.canDecide]),
    [[order.id, 'PO-2026-0042', 'net60', false]],
  );
});

test('a company member reads the payment terms they may choose on an order; a customer of no company has none', async () => {
  const res = await call('GET', '/api/v1/company/payment-terms', buyer);
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json(), { paymentTerms: 'net30', allowedPaymentTerms: ['net30', 'net60'] });
  await t.db
    .update(customers)
    .set({ businessAccountId: null })
    .where(eq(customers.id, member('buyer').id));
  const none = await call('GET', '/api/v1/company/payment-terms', buyer);
  assert.equal(none.statusCode, 200, none.body);
  assert.deepEqual(none.json(), { paymentTerms: null, allowedPaymentTerms: [] });
  assert.equal((await call('GET', '/api/v1/company/payment-terms')).statusCode, 401);
});

test('payment terms outside the company’s allowed set, or for a guest, are a 400 naming the field, and nothing is written', async () => {
  const before = await snapshotDatabase(t.testDb.database);
  const res = await orderLaptops(1, buyer, { paymentTerms: 'net45' });
  assert.equal(res.statusCode, 400, res.body);
  assert.deepEqual(
    res.json<{ errors: { field: string; message: string }[] }>().errors.map((e) => e.field),
    ['paymentTerms'],
  );
  assert.match(res.body, /net30, net60/);
  const guest = await call('POST', '/api/v1/shop/alpha/orders/lines', undefined, {
    lines: [{ versionId, choices: { ...laptop, os: 'win_home' }, quantity: 1 }],
    email: 'guest@example.com',
    expected: { total: 1, currency: 'EUR', promisedDate: '2030-01-01' },
    paymentTerms: 'net30',
  });
  assert.ok([400, 409].includes(guest.statusCode), guest.body);
  assert.deepEqual(await snapshotDatabase(t.testDb.database), before);
});

test('an approver of another company, or of another firm, neither sees nor decides the order', async () => {
  const order = await placed(10);
  const owner = await t.signIn(alpha, 'owner');
  const other = await call('POST', '/api/v1/business-accounts', owner, { name: 'Globex' });
  assert.equal(other.statusCode, 201, other.body);
  const created = await call('POST', '/api/v1/customers', owner, {
    email: 'approver@globex.example',
    name: 'Globex Approver',
    password: 'correct horse battery staple 1',
    businessAccountId: other.json<{ id: string }>().id,
    businessRole: 'approver',
  });
  assert.equal(created.statusCode, 201, created.body);
  const login = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: {
      tenant: 'alpha',
      email: 'approver@globex.example',
      password: 'correct horse battery staple 1',
      kind: 'customer',
    },
  });
  assert.equal(login.statusCode, 200, login.body);
  const cookie = sessionCookie(login);
  const globex = {
    cookie,
    csrfToken: login.json<{ csrfToken: string }>().csrfToken,
    userId: '',
    headers: { cookie, 'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken },
  };
  const beta = await t.seedFirm('beta');
  const betaApprover = await t.signIn(beta, 'approver');

  for (const who of [globex, betaApprover]) {
    const queue = await call('GET', '/api/v1/company/approvals', who);
    assert.equal(queue.statusCode, 200, queue.body);
    assert.deepEqual(queue.json<{ approvals: Approval[] }>().approvals, []);
    const before = await snapshotDatabase(t.testDb.database);
    for (const reason of [undefined, 'no']) {
      const res = await decide(order.id, who, reason);
      assert.equal(res.statusCode, 404, res.body);
    }
    assert.deepEqual(await snapshotDatabase(t.testDb.database), before);
  }
  assert.equal((await orderAs(buyer, order.id)).status, 'awaiting_approval');
});

test('only the company admin sets limits and policy; a member of another company is not found; staff changes are audited', async () => {
  const asApprover = await call(
    'PUT',
    `/api/v1/company/customers/${member('buyer').id}/limits`,
    approver,
    {
      locationId: null,
      orderLimit: 1,
      approvalLimit: null,
    },
  );
  assert.equal(asApprover.statusCode, 403, asApprover.body);
  const beta = await t.seedFirm('beta');
  const betaAdmin = await t.signIn(beta, 'admin');
  const foreign = await call(
    'PUT',
    `/api/v1/company/customers/${member('buyer').id}/limits`,
    betaAdmin,
    {
      locationId: null,
      orderLimit: 1,
      approvalLimit: null,
    },
  );
  assert.equal(foreign.statusCode, 404, foreign.body);
  const owner = await t.signIn(alpha, 'owner');
  const byStaff = await call(
    'PUT',
    `/api/v1/customers/${member('buyer').id}/company-limits`,
    owner,
    {
      locationId: locations.find((l) => l.name === 'Head office')!.id,
      orderLimit: 200_000,
      approvalLimit: null,
    },
  );
  assert.equal(byStaff.statusCode, 200, byStaff.body);
  const audit = await t.db
    .select()
    .from(auditLog)
    .where(
      and(eq(auditLog.tenantId, alpha.tenant.id), eq(auditLog.resource, 'company-member-limits')),
    );
  assert.equal(audit.length, 1);
  assert.equal(audit[0]!.customerId, member('buyer').id);
  assert.equal((await placed(3)).status, 'awaiting_approval', 'the new limit applies');
});

test('approval books with today’s schedule: when other orders took the capacity meanwhile, the date moves and the buyer is told', async () => {
  const order = await placed(10);
  // While it waits, the admin (no limit) orders 60 laptops and takes the next days' capacity.
  const other = await placed(60, admin);
  assert.equal(other.status, 'placed');
  const res = await decide(order.id, approver);
  assert.equal(res.statusCode, 200, res.body);
  const { movedFrom, approval } = res.json<{ movedFrom: string | null; approval: Approval }>();
  assert.equal(movedFrom, order.promisedDate);
  const now = await orderAs(buyer, order.id);
  assert.equal(now.status, 'placed');
  assert.ok(
    now.promisedDate > order.promisedDate,
    `${now.promisedDate} after ${order.promisedDate}`,
  );
  assert.equal(approval.status, 'approved');
  assert.match(now.timeline.at(-1)?.note ?? '', /earliest delivery moved from/);
  const mail = (await mailsTo(member('buyer').email)).find((m) =>
    /approved and placed/.test(m.subject),
  );
  assert.match(mail?.text ?? '', /earliest delivery moved/);
});

test('approval refuses an order whose price changed while it waited (409 naming it) and books nothing', async () => {
  const order = await placed(10);
  const owner = await t.signIn(alpha, 'owner');
  const [list] = (await call('GET', '/api/v1/price-lists', owner)).json<{ id: string }[]>();
  const changed = await call('PATCH', `/api/v1/price-lists/${list!.id}`, owner, {
    terms: { percentOffBp: 1_000 },
  });
  assert.equal(changed.statusCode, 200, changed.body);
  const before = await snapshotDatabase(t.testDb.database);
  const res = await decide(order.id, approver);
  assert.equal(res.statusCode, 409, res.body);
  assert.equal(res.json<{ code: string }>().code, 'changed');
  assert.match(res.body, /The price is now .* \(ordered at /);
  assert.deepEqual(await snapshotDatabase(t.testDb.database), before, 'nothing written');
  assert.equal((await orderAs(buyer, order.id)).status, 'awaiting_approval');
  // The approver can still reject it.
  assert.equal((await decide(order.id, approver, 'Prices changed; order again')).statusCode, 200);
  assert.deepEqual(await bookings(order.id), []);
});
