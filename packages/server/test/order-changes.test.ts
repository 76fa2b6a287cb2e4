// Revisions reach orders: a revised design the customer accepts changes the design's open order
// before production (re-quoted, capacity re-booked exactly, the price difference shown), waits
// for the firm when the firm wants to approve changes, and is refused once production started.
// Nothing is lost or booked twice, also when two acceptances run at once. On PGlite and, when
// TEST_DATABASE_URL is set, on PostgreSQL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, sql } from 'drizzle-orm';
import { capacityBookings } from '../src/capacity/capacity.schema.ts';
import { hoursToMinutes } from '../src/capacity/capacity.ts';
import { listWorkCenters } from '../src/capacity/capacity.store.ts';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { signUpCustomer } from './helpers/accounts.ts';
import { outbox, webhookDeliveries } from '../src/notify/notify.schema.ts';
import { orderChanges, orders } from '../src/orders/orders.schema.ts';
import { createEndpoint } from '../src/notify/webhooks.ts';
import { testDatabaseTargets } from './helpers/db.ts';
import { buildableDesign, type BuildableDesign } from './helpers/designs.ts';
import { randomIds } from '../src/ids.ts';
import { answersLost } from './helpers/lost-answers.ts';

type Change = {
  id: string;
  status: string;
  toDesignVersion: number;
  oldTotal: number;
  newTotal: number | null;
  difference: number | null;
  differenceText: string | null;
  oldPromisedDate: string;
  newPromisedDate: string | null;
  reason: string | null;
};
type OrderView = {
  id: string;
  number: number;
  status: string;
  choices: Record<string, unknown>;
  total: number;
  currency: string;
  promisedDate: string;
  routing: { center: string; hours: number }[];
  timeline: { status: string; note: string | null }[];
  changes: Change[];
};

for (const target of testDatabaseTargets()) {
  describe(`order changes on ${target.name}`, () => {
    let t: TestApp;
    let alpha: Firm;
    let beta: Firm;
    let owner: SignedIn;
    let designer: SignedIn;
    let operations: SignedIn;
    let mia: SignedIn;
    let design: BuildableDesign;

    before(async () => {
      t = await createTestApp({ testDb: await target.open(), ids: randomIds });
      alpha = await t.seedFirm('alpha');
      beta = await t.seedFirm('beta');
      owner = await t.signIn(alpha, 'owner');
      designer = await t.signIn(alpha, 'designer');
      operations = await t.signIn(alpha, 'operations');
      mia = await signUpCustomer(t, alpha, {
        email: 'mia@example.org',
        name: 'Mia Lund',
        password: 'bikes are great 1',
      });
      design = await buildableDesign(t, alpha);
      // The firm's systems listen for changes of orders.
      await createEndpoint({ db: t.db, clock: t.clock, ids: randomIds }, alpha.tenant.id, {
        url: 'https://erp.alpha.example/hooks',
        events: ['order.changed', 'order.change_refused'],
      });
    });
    after(async () => {
      await t.close();
      await t.testDb.close();
    });

    const call = async <T = unknown>(
      who: SignedIn,
      method: 'GET' | 'POST' | 'PATCH',
      url: string,
      payload?: object,
      status = 200,
    ): Promise<T> => {
      const res = await t.app.inject({
        method,
        url,
        headers: who.headers,
        ...(payload ? { payload } : {}),
      });
      assert.equal(res.statusCode, status, `${method} ${url}: ${res.body}`);
      return res.json<T>();
    };

    /** Mia (or `who`) saves the design, orders it, and opens a conversation about it. */
    async function orderedDesign(name: string, who: SignedIn = mia) {
      const saved = await call<{ id: string }>(
        who,
        'POST',
        '/api/v1/shop/alpha/designs',
        { versionId: design.versionId, name, choices: design.choices },
        201,
      );
      const q = await call<{ total: number; currency: string; promisedDate: string }>(
        who,
        'POST',
        '/api/v1/shop/alpha/quote',
        { versionId: design.versionId, choices: design.choices },
      );
      const order = await call<OrderView>(
        who,
        'POST',
        '/api/v1/shop/alpha/orders',
        {
          designId: saved.id,
          versionId: design.versionId,
          choices: design.choices,
          expected: { total: q.total, currency: q.currency, promisedDate: q.promisedDate },
        },
        201,
      );
      const started = await call<{ conversation: { id: string } }>(
        who,
        'POST',
        '/api/v1/conversations',
        { subject: { kind: 'design', id: saved.id }, topic: name, body: 'A change, please.' },
        201,
      );
      return { designId: saved.id, orderId: order.id, conversationId: started.conversation.id };
    }

    /** Mia (or `who`) asks for a change, the designer proposes `choices`; the revision's id. */
    async function proposed(
      conversationId: string,
      choices: Record<string, unknown>,
      who: SignedIn = mia,
    ) {
      const asked = await call<{ id: string }>(
        who,
        'POST',
        `/api/v1/conversations/${conversationId}/revisions`,
        { request: 'Another option, please.' },
        201,
      );
      await call(designer, 'POST', `/api/v1/revisions/${asked.id}/proposal`, {
        message: 'Here it is.',
        choices,
      });
      return asked.id;
    }

    const staffOrder = (id: string) => call<OrderView>(owner, 'GET', `/api/v1/orders/${id}`);

    /** Booked minutes per center of one order. */
    async function bookedOf(orderId: string): Promise<Map<string, number>> {
      const rows = await t.db
        .select()
        .from(capacityBookings)
        .where(
          and(
            eq(capacityBookings.tenantId, alpha.tenant.id),
            eq(capacityBookings.orderId, orderId),
          ),
        );
      const out = new Map<string, number>();
      for (const r of rows) out.set(r.workCenterId, (out.get(r.workCenterId) ?? 0) + r.minutes);
      return out;
    }

    /** The order's bookings are exactly its routing's minutes at the firm's centers, once. */
    async function assertBookedExactly(order: OrderView) {
      const centers = await listWorkCenters(t.db, alpha.tenant.id, { provider: null });
      const expected = new Map<string, number>();
      for (const step of order.routing) {
        const center = centers.find((c) => c.code === step.center);
        const minutes = hoursToMinutes(step.hours);
        if (center && minutes > 0)
          expected.set(center.id, (expected.get(center.id) ?? 0) + minutes);
      }
      assert.deepEqual(
        Object.fromEntries(await bookedOf(order.id)),
        Object.fromEntries(expected),
        `order ${order.number} is booked for exactly its routing`,
      );
    }

    async function subjectsTo(email: string): Promise<string[]> {
      const rows = await t.db.select().from(outbox).where(eq(outbox.toEmail, email));
      return rows.map((r) => r.subject);
    }

    /** The data of the webhooks queued for `event` about one order. */
    async function webhooksOf(event: string, orderId: string) {
      const rows = await t.db
        .select()
        .from(webhookDeliveries)
        .where(
          and(eq(webhookDeliveries.tenantId, alpha.tenant.id), eq(webhookDeliveries.event, event)),
        );
      return rows
        .map((r) => (JSON.parse(r.body) as { data: Record<string, unknown> }).data)
        .filter((d) => d.orderId === orderId);
    }

    async function messagesOf(conversationId: string) {
      return (
        await call<{ messages: { kind: string; body: string; author: { kind: string } }[] }>(
          mia,
          'GET',
          `/api/v1/conversations/${conversationId}`,
        )
      ).messages;
    }

    test('before production, the accepted revision is applied to the order: re-quoted, capacity re-booked exactly, the price difference shown', async () => {
      const { orderId, conversationId } = await orderedDesign('Applied at once');
      const before = await staffOrder(orderId);
      await assertBookedExactly(before);
      const revision = await proposed(conversationId, design.alternative);
      const newQuote = await call<{ total: number; currency: string }>(
        mia,
        'POST',
        '/api/v1/shop/alpha/quote',
        { versionId: design.versionId, choices: design.alternative },
      );

      await call(mia, 'POST', `/api/v1/revisions/${revision}/accept`);

      const after = await staffOrder(orderId);
      assert.deepEqual(after.choices, design.alternative, 'the order is the revised design');
      assert.equal(after.total, newQuote.total, 'at the re-quoted price');
      await assertBookedExactly(after);
      assert.equal(after.changes.length, 1);
      const change = after.changes[0]!;
      assert.equal(change.status, 'applied');
      assert.equal(change.toDesignVersion, 2);
      assert.equal(change.oldTotal, before.total);
      assert.equal(change.newTotal, after.total);
      assert.equal(change.difference, after.total - before.total, 'in minor units');
      assert.match(change.differenceText!, /^([+-][A-Z]{3} [\d,.]+|no change)$/);
      assert.equal(change.oldPromisedDate, before.promisedDate);
      assert.equal(change.newPromisedDate, after.promisedDate);
      assert.match(
        after.timeline.at(-1)!.note ?? '',
        /^Changed to version 2 of the design; price /,
        'the order event tells the change',
      );
      const customerView = await call<OrderView>(
        mia,
        'GET',
        `/api/v1/shop/alpha/orders/${orderId}`,
      );
      // Another firm's staff see none of it and cannot decide on it.
      const betaOwner = await t.signIn(beta, 'owner');
      assert.deepEqual(await call(betaOwner, 'GET', '/api/v1/order-changes'), []);
      await call(betaOwner, 'POST', `/api/v1/order-changes/${change.id}/approve`, undefined, 404);
      const refuse = { reason: 'no' };
      await call(betaOwner, 'POST', `/api/v1/order-changes/${change.id}/refuse`, refuse, 404);
      assert.deepEqual(
        (await call<{ id: string }[]>(owner, 'GET', '/api/v1/order-changes')).map((c) => c.id),
        [change.id],
        'the firm’s own list shows it',
      );
      assert.equal(customerView.changes[0]!.differenceText, change.differenceText);
      const told = (await messagesOf(conversationId)).filter((m) => m.kind === 'order-change');
      assert.equal(told.length, 1);
      assert.match(told[0]!.body, new RegExp(`^Order ${after.number}: Changed to version 2`));
      assert.ok(
        (await subjectsTo('mia@example.org')).includes(`Your order ${after.number} was changed`),
        'the customer is emailed',
      );
      assert.deepEqual(
        await webhooksOf('order.changed', orderId),
        [
          {
            orderId,
            orderNumber: String(after.number),
            changeId: change.id,
            designVersion: 2,
            oldTotal: before.total,
            newTotal: after.total,
            currency: after.currency,
            oldPromisedDate: before.promisedDate,
            newPromisedDate: after.promisedDate,
          },
        ],
        'the firm’s systems are told once',
      );
    });

    test('after production starts, the accepted revision is refused with the reason, and the order stays as it was', async () => {
      const { orderId, conversationId } = await orderedDesign('Already in production');
      for (const to of ['confirmed', 'in_production'])
        await call(operations, 'POST', `/api/v1/orders/${orderId}/transitions`, { to });
      const before = await staffOrder(orderId);
      const bookedBefore = await bookedOf(orderId);
      const revision = await proposed(conversationId, design.alternative);

      await call(mia, 'POST', `/api/v1/revisions/${revision}/accept`);

      const after = await staffOrder(orderId);
      assert.deepEqual(after.choices, before.choices, 'made as ordered');
      assert.equal(after.total, before.total);
      assert.equal(after.promisedDate, before.promisedDate);
      assert.deepEqual(await bookedOf(orderId), bookedBefore, 'its capacity is untouched');
      assert.equal(after.changes.length, 1);
      assert.equal(after.changes[0]!.status, 'refused');
      assert.match(after.changes[0]!.reason ?? '', /already in production/);
      const told = (await messagesOf(conversationId)).filter((m) => m.kind === 'order-change');
      assert.match(told[0]!.body, /was not changed: .*already in production/);
      assert.ok(
        (await subjectsTo('mia@example.org')).includes(
          `Your order ${after.number} stays as ordered`,
        ),
        'the customer is emailed',
      );
      assert.deepEqual(
        await webhooksOf('order.change_refused', orderId),
        [
          {
            orderId,
            orderNumber: String(after.number),
            changeId: after.changes[0]!.id,
            designVersion: 2,
            reason: after.changes[0]!.reason,
          },
        ],
        'the firm’s systems are told once',
      );
      assert.deepEqual(await webhooksOf('order.changed', orderId), [], 'nothing was changed');
    });

    test('erasing the customer clears the personal texts in the order as it was before a change', async () => {
      const nora = await signUpCustomer(t, alpha, {
        email: 'nora.erased@example.org',
        name: 'Nora Erased',
        password: 'bikes are great 2',
      });
      const { orderId, conversationId } = await orderedDesign('With a personal text', nora);
      // The order was made with a personal text (the studio sends it for products that print one).
      const engraving = 'For Bartholomew, who rides to the sea';
      await t.db
        .update(orders)
        .set({ personalization: { engraving } })
        .where(eq(orders.id, orderId));
      const revision = await proposed(conversationId, design.alternative, nora);
      await call(nora, 'POST', `/api/v1/revisions/${revision}/accept`);
      const changesOf = () =>
        t.db.select().from(orderChanges).where(eq(orderChanges.orderId, orderId));
      const [change] = await changesOf();
      assert.equal(change?.status, 'applied');
      assert.deepEqual(
        change.fromSnapshot.personalization,
        { engraving },
        'the change keeps the order as it was, text included',
      );

      await call(nora, 'POST', '/api/v1/privacy/erasure', { confirm: true });

      const [erased] = await changesOf();
      assert.deepEqual(erased?.fromSnapshot.personalization, {}, 'the text is gone');
      assert.deepEqual(
        erased.fromSnapshot.choices,
        change.fromSnapshot.choices,
        'what was ordered stays for accounting',
      );
      const traces = (
        (await t.db.execute(
          sql`select count(*)::int as n from order_changes c where strpos(c::text, ${'Bartholomew'}) > 0`,
        )) as unknown as { rows: { n: number }[] }
      ).rows[0]!.n;
      assert.equal(traces, 0, 'no order change holds the text');
    });

    test('a firm that approves changes itself: the change waits, approving applies it, refusing keeps the order', async () => {
      await call(owner, 'PATCH', '/api/v1/tenant', {
        settings: { orderChangesNeedApproval: true },
      });
      try {
        const first = await orderedDesign('Approved by the firm');
        const second = await orderedDesign('Refused by the firm');
        const before1 = await staffOrder(first.orderId);
        const before2 = await staffOrder(second.orderId);
        await call(
          mia,
          'POST',
          `/api/v1/revisions/${await proposed(first.conversationId, design.alternative)}/accept`,
        );
        await call(
          mia,
          'POST',
          `/api/v1/revisions/${await proposed(second.conversationId, design.alternative)}/accept`,
        );
        const waiting = await call<(Change & { orderNumber: number })[]>(
          operations,
          'GET',
          '/api/v1/order-changes?status=requested',
        );
        assert.deepEqual(
          waiting.map((c) => c.orderNumber).sort(),
          [before1.number, before2.number].sort(),
        );
        // The staff order list flags them, and finds them alone.
        const flagged = await call<{ id: string; changeWaiting: boolean }[]>(
          operations,
          'GET',
          '/api/v1/orders?changeWaiting=true',
        );
        assert.deepEqual(
          flagged.map((o) => o.id).sort(),
          [first.orderId, second.orderId].sort(),
          'only the orders with a change waiting',
        );
        assert.ok(flagged.every((o) => o.changeWaiting));
        const all = await call<{ id: string; changeWaiting: boolean }[]>(
          operations,
          'GET',
          '/api/v1/orders',
        );
        assert.deepEqual(
          all
            .filter((o) => o.changeWaiting)
            .map((o) => o.id)
            .sort(),
          [first.orderId, second.orderId].sort(),
          'the full list flags the same orders',
        );
        const others = await call<{ id: string }[]>(
          operations,
          'GET',
          '/api/v1/orders?changeWaiting=false',
        );
        assert.equal(others.length, all.length - 2, 'the others are the rest');
        const pending1 = await staffOrder(first.orderId);
        assert.deepEqual(pending1.choices, before1.choices, 'nothing changes before approval');
        assert.equal(pending1.changes[0]!.status, 'requested');
        assert.equal(typeof pending1.changes[0]!.newTotal, 'number', 'the re-quoted price');
        await assertBookedExactly(pending1);
        assert.equal(pending1.total, before1.total, 'nor its price');

        const change1 = pending1.changes[0]!.id;
        const change2 = (await staffOrder(second.orderId)).changes[0]!.id;
        // A designer may not decide; operations may.
        await call(designer, 'POST', `/api/v1/order-changes/${change1}/approve`, undefined, 403);
        const approved = await call<Change>(
          operations,
          'POST',
          `/api/v1/order-changes/${change1}/approve`,
        );
        assert.equal(approved.status, 'applied');
        const after1 = await staffOrder(first.orderId);
        assert.deepEqual(after1.choices, design.alternative);
        await assertBookedExactly(after1);
        await call(operations, 'POST', `/api/v1/order-changes/${change1}/approve`, undefined, 409);

        const refused = await call<Change>(
          operations,
          'POST',
          `/api/v1/order-changes/${change2}/refuse`,
          { reason: 'The frame is already cut.' },
        );
        assert.equal(refused.status, 'refused');
        assert.equal(refused.reason, 'The frame is already cut.');
        const after2 = await staffOrder(second.orderId);
        assert.deepEqual(after2.choices, before2.choices);
        assert.deepEqual(
          await call(operations, 'GET', '/api/v1/orders?changeWaiting=true'),
          [],
          'decided changes wait no more',
        );
        await assertBookedExactly(after2);
      } finally {
        await call(owner, 'PATCH', '/api/v1/tenant', {
          settings: { orderChangesNeedApproval: false },
        });
      }
    });

    test('an approval whose answer was lost is applied once: the retry gets the decision, a duplicate replays it', async () => {
      await call(owner, 'PATCH', '/api/v1/tenant', {
        settings: { orderChangesNeedApproval: true },
      });
      try {
        const { orderId, conversationId } = await orderedDesign('Approved, answer lost');
        await call(
          mia,
          'POST',
          `/api/v1/revisions/${await proposed(conversationId, design.alternative)}/accept`,
        );
        const change = (await staffOrder(orderId)).changes[0]!;
        assert.equal(change.status, 'requested');
        const approve = () =>
          t.app.inject({
            method: 'POST',
            url: `/api/v1/order-changes/${change.id}/approve`,
            headers: { ...operations.headers, 'idempotency-key': `approve-${change.id}` },
          });

        const lost = await answersLost(t, approve);
        assert.ok(lost.statusCode >= 500, `the answer never arrived: ${lost.statusCode}`);
        t.clock.advance(3 * 60 * 1000);
        const [retry, duplicate] = await Promise.all([approve(), approve()]);
        assert.equal(retry.statusCode, 200, retry.body);
        assert.equal(retry.json<Change>().status, 'applied', 'the retry gets the decision');
        assert.equal(duplicate.statusCode, 200, duplicate.body);
        assert.equal(duplicate.body, retry.body, 'the duplicate replays it');
        const later = await approve();
        assert.equal(later.headers['idempotent-replayed'], 'true');
        assert.equal(later.body, retry.body);

        const after = await staffOrder(orderId);
        assert.deepEqual(after.choices, design.alternative);
        await assertBookedExactly(after);
        assert.equal(
          after.timeline.filter((e) => /^Changed to version/.test(e.note ?? '')).length,
          1,
          'applied once',
        );
        assert.equal((await webhooksOf('order.changed', orderId)).length, 1, 'told once');
      } finally {
        await call(owner, 'PATCH', '/api/v1/tenant', {
          settings: { orderChangesNeedApproval: false },
        });
      }
    });

    test('a waiting change is refused when production starts', async () => {
      await call(owner, 'PATCH', '/api/v1/tenant', {
        settings: { orderChangesNeedApproval: true },
      });
      try {
        const { orderId, conversationId } = await orderedDesign('Production starts first');
        await call(
          mia,
          'POST',
          `/api/v1/revisions/${await proposed(conversationId, design.alternative)}/accept`,
        );
        for (const to of ['confirmed', 'in_production'])
          await call(operations, 'POST', `/api/v1/orders/${orderId}/transitions`, { to });
        const change = (await staffOrder(orderId)).changes[0]!;
        assert.equal(change.status, 'refused');
        assert.match(change.reason ?? '', /already in production/);
        await call(
          operations,
          'POST',
          `/api/v1/order-changes/${change.id}/approve`,
          undefined,
          409,
        );
      } finally {
        await call(owner, 'PATCH', '/api/v1/tenant', {
          settings: { orderChangesNeedApproval: false },
        });
      }
    });

    test('a later revision replaces a change still waiting: only the latest can be approved', async () => {
      await call(owner, 'PATCH', '/api/v1/tenant', {
        settings: { orderChangesNeedApproval: true },
      });
      try {
        const { orderId, conversationId } = await orderedDesign('Replaced while waiting');
        const before = await staffOrder(orderId);
        await call(
          mia,
          'POST',
          `/api/v1/revisions/${await proposed(conversationId, design.alternative)}/accept`,
        );
        await call(
          mia,
          'POST',
          `/api/v1/revisions/${await proposed(conversationId, { ...design.alternative })}/accept`,
        );
        const [first, second] = (await staffOrder(orderId)).changes;
        assert.equal(first!.status, 'withdrawn');
        assert.equal(first!.reason, 'Replaced by version 3 of the design.');
        assert.equal(second!.status, 'requested');
        await call(
          operations,
          'POST',
          `/api/v1/order-changes/${first!.id}/approve`,
          undefined,
          409,
        );
        assert.deepEqual((await staffOrder(orderId)).choices, before.choices);
        await call(operations, 'POST', `/api/v1/order-changes/${second!.id}/approve`);
        const after = await staffOrder(orderId);
        assert.deepEqual(after.choices, design.alternative);
        await assertBookedExactly(after);
      } finally {
        await call(owner, 'PATCH', '/api/v1/tenant', {
          settings: { orderChangesNeedApproval: false },
        });
      }
    });

    test('two revisions accepted at the same time reach the order one after the other, booked once, nothing lost', async () => {
      const { orderId, conversationId } = await orderedDesign('Two at once');
      // One proposal changes the design, the other changes it back to what was ordered.
      const proposals = [design.alternative, design.choices];
      const revisions = [
        await proposed(conversationId, proposals[0]!),
        await proposed(conversationId, proposals[1]!),
      ];
      const answers = await Promise.all(
        revisions.map((id) =>
          t.app.inject({
            method: 'POST',
            url: `/api/v1/revisions/${id}/accept`,
            headers: mia.headers,
          }),
        ),
      );
      assert.deepEqual(
        answers.map((a) => a.statusCode),
        [200, 200],
        answers.map((a) => a.body).join('\n'),
      );
      const versions = answers.map((a) => a.json<{ acceptedVersion: number }>().acceptedVersion);
      assert.deepEqual([...versions].sort(), [2, 3], 'numbered one after the other');
      const last = proposals[versions.indexOf(3)]!;
      const after = await staffOrder(orderId);
      assert.deepEqual(after.choices, last, 'the order is the version accepted last');
      await assertBookedExactly(after);
      // Version 2 as what was ordered changes nothing; otherwise both changes were applied.
      const expected = versions[0] === 2 ? 2 : 1;
      assert.deepEqual(
        after.changes.map((c) => [c.toDesignVersion, c.status]),
        expected === 2
          ? [
              [2, 'applied'],
              [3, 'applied'],
            ]
          : [[3, 'applied']],
      );
      const rows = (
        (await t.db.execute(sql`
          select b.work_center_id, b.day, sum(b.minutes)::int as minutes
          from capacity_bookings b join work_centers c on c.id = b.work_center_id
          where b.tenant_id = ${alpha.tenant.id}
          group by b.work_center_id, b.day, c.minutes_per_day
          having sum(b.minutes) > c.minutes_per_day`)) as unknown as { rows: unknown[] }
      ).rows;
      assert.deepEqual(rows, [], 'no center is booked beyond its day');
    });
  });
}
