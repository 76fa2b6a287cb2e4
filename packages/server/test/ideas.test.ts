// Ideas: customers suggest options a product lacks and vote on them, under their co-creation
// consent; staff answer and set the status, and the author is told; erasure and withdrawal take
// the person's ideas and votes away; nothing crosses firms.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { testDatabaseTargets } from './helpers/db.ts';
import { lastMailTo, signUpCustomer } from './helpers/accounts.ts';
import { auditLog } from '../src/privacy/privacy.schema.ts';
import { ideas, ideaVotes } from '../src/ideas/ideas.schema.ts';
import { hasMarkup } from '../src/ideas/ideas.ts';

type Idea = {
  id: string;
  title: string;
  description: string;
  author: string;
  status: string;
  answer: string | null;
  votes: number;
  voted: boolean;
  mine: boolean;
  productSlug: string;
};

test('markup is recognised, plain comparisons are not', () => {
  for (const m of ['<b>x</b>', 'a </p>', '<!-- c -->', '<?xml', '&lt;', '&#60;', '&amp;'])
    assert.ok(hasMarkup(m), m);
  for (const p of ['a < b', '2<3', 'R&D', 'fish & chips', 'x > y']) assert.ok(!hasMarkup(p), p);
});

for (const target of testDatabaseTargets()) {
  describe(`ideas on ${target.name}`, () => {
    let t: TestApp;
    let alpha: Firm;
    let beta: Firm;
    let people = 0;

    before(async () => {
      t = await createTestApp({ testDb: await target.open() });
    });
    beforeEach(async () => {
      await t.reset();
      alpha = await t.seedFirm('alpha');
      beta = await t.seedFirm('beta');
    });
    after(async () => {
      await t.close();
      await t.testDb.close();
    });

    async function customer(firm: Firm, consent = true): Promise<SignedIn & { email: string }> {
      people += 1;
      const email = `idea.${people}@example.org`;
      const c = await signUpCustomer(t, firm, {
        email,
        name: `Ida Person ${people}`,
        password: 'ideas are welcome 7',
      });
      if (consent) await setConsent(c, true);
      return { ...c, email };
    }

    async function setConsent(c: SignedIn, given: boolean) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/privacy/consents',
        headers: c.headers,
        payload: { purpose: 'co-creation', given, screen: 'ideas', noticeVersion: 1 },
      });
      assert.equal(res.statusCode, 200, res.body);
    }

    function suggest(c: SignedIn | null, body: Record<string, unknown>, firm = 'alpha') {
      return t.app.inject({
        method: 'POST',
        url: `/api/v1/shop/${firm}/ideas`,
        headers: c?.headers ?? {},
        payload: body,
      });
    }

    const longerFrame = {
      product: 'city-bike',
      title: 'A longer frame',
      description: 'An XL frame for riders over 1.95 m.',
      displayName: 'Tall rider',
    };

    async function suggested(c: SignedIn, body = longerFrame): Promise<Idea> {
      t.clock.advance(60_000); // one idea a minute: "newest" has an order
      const res = await suggest(c, body);
      assert.equal(res.statusCode, 201, res.body);
      return res.json<Idea>();
    }

    async function list(firm = 'alpha', c?: SignedIn, query = ''): Promise<Idea[]> {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/shop/${firm}/ideas${query}`,
        headers: c?.headers ?? {},
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<{ items: Idea[] }>().items;
    }

    function vote(c: SignedIn, id: string, method: 'POST' | 'DELETE' = 'POST', firm = 'alpha') {
      return t.app.inject({
        method,
        url: `/api/v1/shop/${firm}/ideas/${id}/vote`,
        headers: c.headers,
      });
    }

    test('suggesting needs a signed-in customer with co-creation consent', async () => {
      assert.equal((await suggest(null, longerFrame)).statusCode, 401);
      const c = await customer(alpha, false);
      const refused = await suggest(c, longerFrame);
      assert.equal(refused.statusCode, 403, refused.body);
      assert.match(refused.json<{ detail: string }>().detail, /co-creation/);
      assert.equal((await t.db.select().from(ideas)).length, 0, 'nothing stored');
      await setConsent(c, true);
      const idea = await suggested(c);
      assert.equal(idea.author, 'Tall rider');
      assert.equal(idea.status, 'open');
      assert.equal(idea.mine, true);
      const shown = await list();
      assert.deepEqual(
        shown.map((i) => i.title),
        ['A longer frame'],
      );
      const body = JSON.stringify(shown);
      assert.ok(!body.includes(c.email) && !body.includes('Ida Person'), 'no email or name');
      assert.ok(!body.includes(c.userId), 'no customer id');
      // Without a display name: "A customer".
      const plain = await suggested(c, { ...longerFrame, displayName: undefined } as never);
      assert.equal(plain.author, 'A customer');
    });

    test('markup and oversized texts are refused, naming the field', async () => {
      const c = await customer(alpha);
      for (const [field, value] of [
        ['title', '<script>alert(1)</script>'],
        ['description', 'Nice <b>bold</b> idea'],
        ['displayName', '<img src=x onerror=alert(1)>'],
        ['title', 'x'.repeat(121)],
        ['description', 'y'.repeat(2001)],
        ['title', '   '],
      ] as const) {
        const res = await suggest(c, { ...longerFrame, [field]: value });
        assert.equal(res.statusCode, 400, `${field}: ${res.body}`);
        const problem = res.json<{ errors: { field: string }[] }>();
        assert.ok(
          problem.errors.some((e) => e.field.includes(field)),
          `${field} named in ${res.body}`,
        );
      }
      const unknown = await suggest(c, { ...longerFrame, product: 'no-such-product' });
      assert.equal(unknown.statusCode, 400, unknown.body);
      assert.equal((await t.db.select().from(ideas)).length, 0);
    });

    test('voting twice counts once; taking the vote back removes it; sorting by votes', async () => {
      const author = await customer(alpha);
      const voter = await customer(alpha);
      const other = await customer(alpha);
      const first = await suggested(author);
      const second = await suggested(author, { ...longerFrame, title: 'A child seat' });
      assert.equal((await vote(voter, second.id)).statusCode, 200);
      const again = await vote(voter, second.id);
      assert.equal(again.statusCode, 200, again.body);
      assert.equal(again.json<Idea>().votes, 1, 'the second vote counts nothing');
      assert.equal(again.json<Idea>().voted, true);
      assert.equal((await vote(other, second.id)).json<Idea>().votes, 2);
      assert.equal((await vote(other, first.id)).json<Idea>().votes, 1);
      assert.deepEqual(
        (await list('alpha', voter)).map((i) => [i.title, i.votes, i.voted]),
        [
          ['A child seat', 2, true],
          ['A longer frame', 1, false],
        ],
      );
      assert.deepEqual(
        (await list('alpha', voter, '?sort=newest')).map((i) => i.title),
        ['A child seat', 'A longer frame'],
      );
      assert.equal((await vote(voter, first.id)).json<Idea>().votes, 2);
      assert.deepEqual(
        (await list('alpha', voter, '?sort=newest')).map((i) => i.title),
        ['A child seat', 'A longer frame'],
        'newest first whatever the votes',
      );
      await vote(voter, first.id, 'DELETE');
      const back = await vote(voter, second.id, 'DELETE');
      assert.equal(back.json<Idea>().votes, 1);
      assert.equal(back.json<Idea>().voted, false);
      const stored = await t.db.select().from(ideaVotes).where(eq(ideaVotes.ideaId, second.id));
      assert.equal(stored.length, 1);
      // Voting needs consent as well.
      const noConsent = await customer(alpha, false);
      assert.equal((await vote(noConsent, first.id)).statusCode, 403);
    });

    test('staff mark an idea planned with an answer: the author is told and everyone sees the answer', async () => {
      const author = await customer(alpha);
      const idea = await suggested(author);
      const sales = await t.signIn(alpha, 'sales');
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/ideas/${idea.id}/answer`,
        headers: sales.headers,
        payload: { status: 'planned', answer: 'Planned for next spring.' },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json<Idea>().status, 'planned');
      const mail = await lastMailTo(t, author.email);
      assert.match(mail.subject, /A longer frame/);
      assert.match(mail.subject, /planned/);
      assert.match(mail.text, /Planned for next spring\./);
      assert.match(mail.text, new RegExp(`/ideas\\?idea=${idea.id}`));
      const [seen] = await list('alpha', author);
      assert.equal(seen?.answer, 'Planned for next spring.');
      assert.equal(seen?.status, 'planned');
      assert.equal((await list('alpha', undefined, '?status=open')).length, 0);
      assert.equal((await list('alpha', undefined, '?status=planned')).length, 1);
      // Done is final; a designer reads but does not answer; markup in an answer is refused.
      const done = await t.app.inject({
        method: 'POST',
        url: `/api/v1/ideas/${idea.id}/answer`,
        headers: sales.headers,
        payload: { status: 'done' },
      });
      assert.equal(done.statusCode, 200, done.body);
      const reopen = await t.app.inject({
        method: 'POST',
        url: `/api/v1/ideas/${idea.id}/answer`,
        headers: sales.headers,
        payload: { status: 'open' },
      });
      assert.equal(reopen.statusCode, 409, reopen.body);
      const designer = await t.signIn(alpha, 'designer');
      const denied = await t.app.inject({
        method: 'POST',
        url: `/api/v1/ideas/${idea.id}/answer`,
        headers: designer.headers,
        payload: { status: 'done', answer: 'x' },
      });
      assert.equal(denied.statusCode, 403);
      const read = await t.app.inject({
        method: 'GET',
        url: '/api/v1/ideas',
        headers: designer.headers,
      });
      assert.equal(read.statusCode, 200);
      const marked = await t.app.inject({
        method: 'POST',
        url: `/api/v1/ideas/${idea.id}/answer`,
        headers: sales.headers,
        payload: { status: 'done', answer: '<a href="x">here</a>' },
      });
      assert.equal(marked.statusCode, 400);
      assert.equal(marked.json<{ errors: { field: string }[] }>().errors[0]?.field, 'answer');
    });

    test('staff hide an idea: gone from the public list, kept for staff, in the audit log', async () => {
      const author = await customer(alpha);
      const idea = await suggested(author);
      const owner = await t.signIn(alpha, 'owner');
      const hide = await t.app.inject({
        method: 'POST',
        url: `/api/v1/ideas/${idea.id}/hide`,
        headers: owner.headers,
      });
      assert.equal(hide.statusCode, 200, hide.body);
      assert.equal(hide.json<{ hidden: boolean }>().hidden, true);
      assert.equal((await list()).length, 0);
      assert.equal((await vote(author, idea.id)).statusCode, 404, 'a hidden idea takes no votes');
      const staffList = await t.app.inject({
        method: 'GET',
        url: '/api/v1/ideas',
        headers: owner.headers,
      });
      assert.equal(staffList.json<{ items: Idea[] }>().items.length, 1);
      const audits = await t.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.resource, 'idea'), eq(auditLog.resourceId, idea.id)));
      assert.equal(audits.length, 1);
      assert.equal(audits[0]?.customerId, author.userId);
    });

    test('withdrawing co-creation consent hides the person’s ideas and takes their votes out of counts', async () => {
      const author = await customer(alpha);
      const voter = await customer(alpha);
      const mine = await suggested(voter, { ...longerFrame, title: 'Voter’s own idea' });
      const idea = await suggested(author);
      await vote(voter, idea.id);
      await vote(author, idea.id);
      assert.equal((await list('alpha', undefined, '?sort=newest'))[0]?.votes, 2);
      await setConsent(voter, false);
      const shown = await list();
      assert.deepEqual(
        shown.map((i) => [i.title, i.votes]),
        [['A longer frame', 1]],
      );
      assert.ok(!shown.some((i) => i.id === mine.id));
      await setConsent(voter, true);
      assert.equal((await list()).length, 2, 'given again: shown again');
    });

    test('erasure deletes the person’s ideas and votes; export contains them', async () => {
      const author = await customer(alpha);
      const voter = await customer(alpha);
      const idea = await suggested(author);
      const theirs = await suggested(voter, { ...longerFrame, title: 'Voter idea' });
      await vote(voter, idea.id);
      await vote(author, theirs.id);
      const exported = await t.app.inject({
        method: 'GET',
        url: '/api/v1/privacy/export',
        headers: author.headers,
      });
      const data = exported.json<{
        data: { ideas: { ideas: { title: string }[]; votes: unknown[] } };
      }>().data.ideas;
      assert.deepEqual(
        data.ideas.map((i) => i.title),
        ['A longer frame'],
      );
      assert.equal(data.votes.length, 1);
      const erased = await t.app.inject({
        method: 'POST',
        url: '/api/v1/privacy/erasure',
        headers: author.headers,
        payload: { confirm: true },
      });
      assert.equal(erased.statusCode, 200, erased.body);
      assert.deepEqual(erased.json<{ deleted: { ideas: unknown } }>().deleted.ideas, {
        ideas: 1,
        votes: 1,
      });
      assert.equal(
        (await t.db.select().from(ideas).where(eq(ideas.customerId, author.userId))).length,
        0,
      );
      assert.equal(
        (await t.db.select().from(ideaVotes).where(eq(ideaVotes.customerId, author.userId))).length,
        0,
      );
      assert.deepEqual(
        (await list()).map((i) => [i.title, i.votes]),
        [['Voter idea', 0]],
      );
    });

    test('ideas stay within their firm', async () => {
      const a = await customer(alpha);
      const b = await customer(beta);
      const idea = await suggested(a);
      assert.equal((await list('beta')).length, 0);
      assert.equal((await vote(b, idea.id, 'POST', 'beta')).statusCode, 404);
      // Alpha's session on beta's shop is a guest there.
      assert.equal((await vote(a, idea.id, 'POST', 'beta')).statusCode, 401);
      const betaOwner = await t.signIn(beta, 'owner');
      for (const url of [`/api/v1/ideas/${idea.id}/hide`, `/api/v1/ideas/${idea.id}/answer`]) {
        const res = await t.app.inject({
          method: 'POST',
          url,
          headers: betaOwner.headers,
          ...(url.endsWith('answer') ? { payload: { status: 'planned' } } : {}),
        });
        assert.equal(res.statusCode, 404, `${url}: ${res.body}`);
      }
      const betaList = await t.app.inject({
        method: 'GET',
        url: '/api/v1/ideas',
        headers: betaOwner.headers,
      });
      assert.equal(betaList.json<{ items: unknown[] }>().items.length, 0);
      assert.equal((await suggest(a, longerFrame, 'beta')).statusCode, 401);
    });
  });
}
