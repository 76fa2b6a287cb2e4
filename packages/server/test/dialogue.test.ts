// The dialogue through the API: the revision loop on a saved design up to ordering it, the staff
// inbox and its figures, attachments, feedback, and who may see what (404 for everyone else).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { signUpCustomer } from './helpers/accounts.ts';
import { testDatabaseTargets } from './helpers/db.ts';
import { buildableDesign, placeTestOrder, type BuildableDesign } from './helpers/designs.ts';

let t: TestApp;
let alpha: Firm;
let beta: Firm;
let owner: SignedIn;
let designer: SignedIn;
let sales: SignedIn;
let betaOwner: SignedIn;
let mia: SignedIn;
let noah: SignedIn;
let design: BuildableDesign;

for (const target of testDatabaseTargets()) {
  describe(`dialogue on ${target.name}`, () => {
    before(async () => {
      t = await createTestApp({ testDb: await target.open() });
      alpha = await t.seedFirm('alpha');
      beta = await t.seedFirm('beta');
      owner = await t.signIn(alpha, 'owner');
      designer = await t.signIn(alpha, 'designer');
      sales = await t.signIn(alpha, 'sales');
      betaOwner = await t.signIn(beta, 'owner');
      mia = await signUpCustomer(t, alpha, {
        email: 'mia@example.org',
        name: 'Mia Lund',
        password: 'bikes are great 1',
      });
      noah = await signUpCustomer(t, alpha, {
        email: 'noah@example.org',
        name: 'Noah Berg',
        password: 'other customer 22',
      });
      design = await buildableDesign(t, alpha);
    });
    after(async () => {
      await t.close();
      await t.testDb.close();
    });

    type Detail = {
      conversation: { id: string; status: string; unread: number };
      messages: {
        kind: string;
        body: string;
        author: { kind: string };
        attachments: { id: string }[];
      }[];
      revisions: {
        id: string;
        status: string;
        baseVersion: number;
        acceptedVersion: number | null;
        proposal: { choices: Record<string, unknown> } | null;
      }[];
    };

    const call = (who: SignedIn | null, method: string, url: string, payload?: object) =>
      t.app.inject({
        method: method as 'GET',
        url,
        ...(who ? { headers: who.headers } : {}),
        ...(payload ? { payload } : {}),
      });

    let conversationId = '';
    let revisionId = '';
    let attachmentId = '';

    test('a customer asks for a revision of a saved design, staff propose one, the customer compares, accepts and orders it', async () => {
      const saved = await call(mia, 'POST', '/api/v1/shop/alpha/designs', {
        versionId: design.versionId,
        name: 'My bike',
        choices: design.choices,
      });
      assert.equal(saved.statusCode, 201, saved.body);
      const { id: designId, token } = saved.json<{ id: string; token: string }>();

      const started = await call(mia, 'POST', '/api/v1/conversations', {
        subject: { kind: 'design', id: designId },
        topic: 'My bike',
        body: 'A question about my design.',
        attachments: [
          { filename: 'sketch.png', contentType: 'image/png', dataBase64: PNG.toString('base64') },
        ],
      });
      assert.equal(started.statusCode, 201, started.body);
      conversationId = started.json<Detail>().conversation.id;
      attachmentId = started.json<Detail>().messages[0]!.attachments[0]!.id;

      const asked = await call(mia, 'POST', `/api/v1/conversations/${conversationId}/revisions`, {
        request: 'Could you change one option for me?',
      });
      assert.equal(asked.statusCode, 201, asked.body);
      revisionId = asked.json<{ id: string }>().id;
      assert.equal(asked.json<{ baseVersion: number }>().baseVersion, 1);

      const first = Object.keys(design.choices)[0]!;
      const miscoded = await call(designer, 'POST', `/api/v1/revisions/${revisionId}/proposal`, {
        message: 'How about this?',
        choices: { ...design.choices, [first]: String(design.choices[first]) + 'x' },
      });
      if (typeof design.choices[first] !== 'string') {
        assert.equal(miscoded.statusCode, 400, 'a value not encoded as its kind is a bad request');
        assert.equal(
          miscoded.json<{ errors: { field: string }[] }>().errors[0]!.field,
          `choices.${first}`,
        );
      }
      const outside = typeof design.choices[first] === 'number' ? -12345 : 'no-such-value';
      const invalid = await call(designer, 'POST', `/api/v1/revisions/${revisionId}/proposal`, {
        message: 'How about this?',
        choices: { ...design.choices, [first]: outside },
      });
      assert.equal(
        invalid.statusCode,
        409,
        `a design invalid under the engine is refused: ${invalid.body}`,
      );
      const proposed = await call(designer, 'POST', `/api/v1/revisions/${revisionId}/proposal`, {
        message: 'Here is the revised design.',
        choices: design.alternative,
        note: 'Changed as asked',
      });
      assert.equal(proposed.statusCode, 200, proposed.body);

      const seen = (
        await call(mia, 'GET', `/api/v1/conversations/${conversationId}`)
      ).json<Detail>();
      const rev = seen.revisions[0]!;
      assert.equal(rev.status, 'proposed');
      assert.deepEqual(
        rev.proposal!.choices,
        design.alternative,
        'the proposal, to compare with version 1',
      );
      const before = (
        await call(mia, 'GET', `/api/v1/shop/alpha/designs/${designId}?token=${token}`)
      ).json<{ currentVersion: number }>();
      assert.equal(before.currentVersion, 1, 'proposing does not change the design');

      const accepted = await call(mia, 'POST', `/api/v1/revisions/${revisionId}/accept`);
      assert.equal(accepted.statusCode, 200, accepted.body);
      assert.equal(accepted.json<{ acceptedVersion: number }>().acceptedVersion, 2);
      const after = (
        await call(mia, 'GET', `/api/v1/shop/alpha/designs/${designId}?token=${token}`)
      ).json<{
        currentVersion: number;
        versions: { number: number; choices: Record<string, unknown> }[];
      }>();
      assert.equal(after.currentVersion, 2, 'the revised design is current');
      assert.deepEqual(after.versions.find((v) => v.number === 2)!.choices, design.alternative);
      assert.equal(
        (await call(mia, 'POST', `/api/v1/revisions/${revisionId}/accept`)).statusCode,
        409,
        'decided once',
      );

      const quote = (
        await call(mia, 'POST', '/api/v1/shop/alpha/quote', {
          versionId: design.versionId,
          choices: design.alternative,
        })
      ).json<{
        total: number;
        currency: string;
        promisedDate: string;
      }>();
      const ordered = await call(mia, 'POST', '/api/v1/shop/alpha/orders', {
        designId,
        versionId: design.versionId,
        choices: design.alternative,
        expected: {
          total: quote.total,
          currency: quote.currency,
          promisedDate: quote.promisedDate,
        },
      });
      assert.equal(ordered.statusCode, 201, ordered.body);

      const history = (
        await call(mia, 'GET', `/api/v1/conversations/${conversationId}`)
      ).json<Detail>();
      assert.deepEqual(
        history.messages.map((m) => [m.author.kind, m.kind]),
        [
          ['customer', 'text'],
          ['customer', 'revision-requested'],
          ['staff', 'revision-proposed'],
          ['customer', 'revision-accepted'],
        ],
      );
    });

    test('a declined proposal keeps the reason in the history and leaves the design as it was', async () => {
      const asked = await call(mia, 'POST', `/api/v1/conversations/${conversationId}/revisions`, {
        request: 'And back again?',
      });
      const id = asked.json<{ id: string }>().id;
      assert.equal(asked.json<{ baseVersion: number }>().baseVersion, 2);
      await call(sales, 'POST', `/api/v1/revisions/${id}/proposal`, {
        message: 'Like this?',
        choices: design.choices,
      });
      const declined = await call(mia, 'POST', `/api/v1/revisions/${id}/decline`, {
        reason: 'I prefer the current one after all.',
      });
      assert.equal(declined.statusCode, 200, declined.body);
      const detail = (
        await call(mia, 'GET', `/api/v1/conversations/${conversationId}`)
      ).json<Detail>();
      assert.equal(detail.revisions.find((r) => r.id === id)!.status, 'declined');
      assert.deepEqual(detail.messages.at(-1), {
        ...detail.messages.at(-1)!,
        kind: 'revision-declined',
        body: 'I prefer the current one after all.',
      });
    });

    test('the inbox shows unassigned, mine and all with unread counts, and assignment and status move conversations', async () => {
      const c = await call(noah, 'POST', '/api/v1/conversations', {
        subject: { kind: 'customer' },
        topic: 'Opening hours',
        body: 'When are you open?',
      });
      const id = c.json<Detail>().conversation.id;
      const inbox = async (view: string) =>
        (await call(sales, 'GET', `/api/v1/inbox?view=${view}`)).json<{
          conversations: { id: string; unread: number; status: string }[];
          unread: Record<string, number>;
        }>();
      const unassigned = await inbox('unassigned');
      assert.equal(unassigned.conversations.find((x) => x.id === id)!.unread, 1);
      assert.ok((unassigned.unread.unassigned ?? 0) >= 1);
      assert.equal((await inbox('mine')).conversations.length, 0);

      const assign = await call(sales, 'POST', `/api/v1/conversations/${id}/assign`, {
        staffId: sales.userId,
      });
      assert.equal(assign.statusCode, 200, assign.body);
      const mine = await inbox('mine');
      assert.deepEqual(
        mine.conversations.map((x) => x.id),
        [id],
      );
      assert.equal(mine.unread.mine, 1);
      assert.ok(!(await inbox('unassigned')).conversations.some((x) => x.id === id));

      t.clock.advance(30 * 60_000);
      await call(sales, 'POST', `/api/v1/conversations/${id}/messages`, {
        body: 'Monday to Friday, 9 to 5.',
      });
      const after = (await inbox('mine')).conversations[0]!;
      assert.equal(after.unread, 0, 'answering reads the conversation');
      assert.equal(after.status, 'waiting', 'now waiting for the customer');
      const own = (await call(noah, 'GET', '/api/v1/conversations')).json<
        { id: string; unread: number }[]
      >();
      assert.equal(own.find((x) => x.id === id)!.unread, 1, 'the customer has one unread reply');
      const closed = await call(sales, 'POST', `/api/v1/conversations/${id}/status`, {
        status: 'closed',
      });
      assert.equal(closed.json<{ status: string }>().status, 'closed');
      const times = (await call(owner, 'GET', '/api/v1/inbox/response-times')).json<
        { week: string; answered: number; medianMinutes: number; p90Minutes: number }[]
      >();
      const week = times.find((w) => w.week === '2026-W03')!;
      assert.ok(week.answered >= 1);
      assert.ok(week.p90Minutes >= week.medianMinutes);
      assert.ok(
        times.some((w) => w.medianMinutes === 30 || w.p90Minutes === 30),
        JSON.stringify(times),
      );
      const started = await call(sales, 'POST', '/api/v1/inbox/conversations', {
        customerId: noah.userId,
        topic: 'Your saddle is back in stock',
        body: 'The leather saddle you asked about is available again.',
      });
      assert.equal(started.statusCode, 201, started.body);
      const ownNow = (await call(noah, 'GET', '/api/v1/conversations')).json<
        { topic: string; unread: number }[]
      >();
      assert.equal(
        ownNow.find((x) => x.topic === 'Your saddle is back in stock')!.unread,
        1,
        'staff can start the dialogue',
      );
      const mail = (await call(owner, 'GET', '/api/v1/outbox')).json<
        { to: string; subject: string; text: string }[]
      >();
      const notice = mail.find((m) => m.to === 'noah@example.org' && /saddle/.test(m.subject));
      assert.ok(notice, 'the customer is told by email');
      assert.doesNotMatch(
        notice.text,
        /leather saddle you asked/,
        'the email does not carry the message text',
      );
      assert.match(notice.text, /unsubscribe/i);
      const customerAssign = await call(noah, 'POST', `/api/v1/conversations/${id}/assign`, {
        staffId: null,
      });
      assert.equal(customerAssign.statusCode, 403, 'customers do not run the inbox');
    });

    test('attachments are limited to known types checked by content, and download as they were sent', async () => {
      const post = (contentType: string, data: Buffer) =>
        call(mia, 'POST', `/api/v1/conversations/${conversationId}/messages`, {
          body: 'file',
          attachments: [{ filename: 'x', contentType, dataBase64: data.toString('base64') }],
        });
      assert.equal(
        (await post('image/svg+xml', Buffer.from('<svg/>'))).statusCode,
        400,
        'svg is not accepted',
      );
      assert.equal(
        (await post('image/png', Buffer.from('not a png'))).statusCode,
        400,
        'content must match the type',
      );
      assert.equal(
        (await post('text/plain', Buffer.alloc(5 * 1024 * 1024 + 1, 97))).statusCode,
        400,
        'size limit',
      );
      const file = await call(mia, 'GET', `/api/v1/attachments/${attachmentId}`);
      assert.equal(file.statusCode, 200);
      assert.equal(file.headers['content-type'], 'image/png');
      assert.deepEqual(file.rawPayload, PNG);
      const staffRead = await call(owner, 'GET', `/api/v1/attachments/${attachmentId}`);
      assert.equal(staffRead.statusCode, 200);
      const audit = (await call(owner, 'GET', `/api/v1/audit?customerId=${mia.userId}`)).json<
        { resource: string; action: string }[]
      >();
      assert.ok(
        audit.some((a) => a.resource === 'attachment' && a.action === 'read'),
        'staff reads are audited',
      );
    });

    test('another firm’s staff and another customer get 404 for every conversation, message, attachment, consent and export route', async () => {
      const routes: [string, string, object?][] = [
        ['GET', `/api/v1/conversations/${conversationId}`],
        ['POST', `/api/v1/conversations/${conversationId}/messages`, { body: 'hello' }],
        ['POST', `/api/v1/conversations/${conversationId}/assign`, { staffId: null }],
        ['POST', `/api/v1/conversations/${conversationId}/status`, { status: 'closed' }],
        ['POST', `/api/v1/conversations/${conversationId}/revisions`, { request: 'change' }],
        [
          'POST',
          `/api/v1/revisions/${revisionId}/proposal`,
          { message: 'm', choices: design.choices },
        ],
        ['POST', `/api/v1/revisions/${revisionId}/accept`],
        ['POST', `/api/v1/revisions/${revisionId}/decline`, { reason: 'no' }],
        ['GET', `/api/v1/attachments/${attachmentId}`],
        ['GET', `/api/v1/privacy/customers/${mia.userId}`],
        ['POST', `/api/v1/privacy/customers/${mia.userId}/erasure`, { confirm: true }],
      ];
      for (const who of [betaOwner, noah]) {
        for (const [method, url, payload] of routes) {
          const res = await call(who, method, url, payload);
          assert.equal(
            res.statusCode,
            404,
            `${method} ${url} as ${who === noah ? 'another customer' : 'another firm'}: ${res.body}`,
          );
          assert.doesNotMatch(res.body, /Mia|mia@/);
        }
      }
      for (const url of [
        '/api/v1/privacy/export',
        '/api/v1/privacy/consents',
        '/api/v1/privacy/holdings',
        '/api/v1/conversations',
      ]) {
        const res = await call(noah, 'GET', url);
        assert.equal(res.statusCode, 200);
        assert.doesNotMatch(
          res.body,
          /mia@example\.org|Mia Lund|A question about my design/,
          `${url} shows only Noah’s own data`,
        );
      }
      const inbox = await call(betaOwner, 'GET', '/api/v1/inbox');
      assert.ok(!inbox.body.includes(conversationId), 'another firm’s inbox does not list it');
    });

    test('feedback after delivery rates the product and its options; the console aggregates per option with research consent', async () => {
      const order = await placeTestOrder(t, alpha, design, {
        customerId: noah.userId,
        email: 'noah@example.org',
      });
      const ops = await t.signIn(alpha, 'operations');
      const early = await call(noah, 'POST', '/api/v1/feedback', {
        orderId: order.id,
        rating: 5,
        public: true,
      });
      assert.equal(early.statusCode, 409, 'not before delivery');
      for (const to of ['confirmed', 'in_production', 'shipped', 'delivered']) {
        const res = await call(ops, 'POST', `/api/v1/orders/${order.id}/transitions`, { to });
        assert.equal(res.statusCode, 200, res.body);
      }
      const [feature, option] = Object.entries(design.choices)[0]!;
      const sent = await call(noah, 'POST', '/api/v1/feedback', {
        orderId: order.id,
        rating: 4,
        text: 'Rides beautifully',
        public: true,
        items: [{ feature, option: String(option), rating: 2, text: 'Could be better' }],
      });
      assert.equal(sent.statusCode, 201, sent.body);
      const agg = async () =>
        (await call(designer, 'GET', '/api/v1/feedback/options')).json<
          { feature: string; ratings: number; average: number }[]
        >();
      assert.deepEqual(
        await agg(),
        [],
        'without research consent the feedback is not used for development',
      );
      await call(noah, 'POST', '/api/v1/privacy/consents', {
        purpose: 'research',
        given: true,
        screen: 'feedback',
        noticeVersion: 1,
      });
      const rows = await agg();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.feature, feature);
      assert.equal(rows[0]!.average, 2);
      const pub = (await call(null, 'GET', '/api/v1/feedback/public?tenant=alpha')).json<
        { text: string }[]
      >();
      assert.deepEqual(
        pub.map((p) => p.text),
        ['Rides beautifully'],
      );
      assert.doesNotMatch(JSON.stringify(pub), /Noah/, 'public feedback is anonymous');
    });
  });
}

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
