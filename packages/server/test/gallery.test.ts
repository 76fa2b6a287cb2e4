// The co-creation gallery through the API, on PGlite and (when configured) PostgreSQL:
// publishing needs the co-creation consent and one's own design; withdrawal, consent withdrawal
// and erasure take publications, likes and comments out of the gallery and its counts; likes
// count once; a remix credits the original without revealing its owner; comments are plain
// text, reportable and moderated (audited); adoption grants the creator one reward.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, sql } from 'drizzle-orm';
import { auditLog } from '../src/privacy/privacy.schema.ts';
import {
  galleryComments,
  galleryLikes,
  galleryPublications,
} from '../src/gallery/gallery.schema.ts';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { testDatabaseTargets } from './helpers/db.ts';
import { signUpCustomer, type Person } from './helpers/accounts.ts';
import { buildableDesign, type BuildableDesign } from './helpers/designs.ts';

type Publication = {
  id: string;
  title: string;
  displayName: string;
  likes: number;
  remixes: number;
  comments: number;
  choices: Record<string, unknown>;
  communityPick: boolean;
  remixedFrom: { id: string; title: string; displayName: string } | null;
};

for (const target of testDatabaseTargets()) {
  describe(`gallery on ${target.name}`, () => {
    let t: TestApp;
    let alpha: Firm;
    let beta: Firm;
    let owner: SignedIn;
    let design: BuildableDesign;
    let people = 0;

    before(async () => {
      t = await createTestApp({ testDb: await target.open() });
      alpha = await t.seedFirm('alpha');
      beta = await t.seedFirm('beta');
      owner = await t.signIn(alpha, 'owner');
      design = await buildableDesign(t, alpha);
    });
    after(async () => {
      await t.close();
      await t.testDb.close();
    });

    type Customer = SignedIn & Person;

    async function customer(firm: Firm = alpha, name = 'Gallery Person'): Promise<Customer> {
      people += 1;
      // Sign-ups are limited per address (20 in 15 minutes): a minute between two people.
      t.clock.advance(60_000);
      const person = {
        email: `gallery.${people}.${firm.tenant.slug}@example.org`,
        name: `${name} ${people}`,
        password: 'co-create with care 7',
      };
      return { ...(await signUpCustomer(t, firm, person)), ...person };
    }

    async function consent(c: SignedIn, given: boolean) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/privacy/consents',
        headers: c.headers,
        payload: { purpose: 'co-creation', given, screen: 'gallery', noticeVersion: 1 },
      });
      assert.equal(res.statusCode, 200, res.body);
    }

    async function saveDesign(c: SignedIn, firm: Firm = alpha, d: BuildableDesign = design) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/shop/${firm.tenant.slug}/designs`,
        headers: c.headers,
        payload: { versionId: d.versionId, name: 'My own bike', choices: d.choices },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<{ id: string; token: string }>();
    }

    function publish(c: SignedIn, designId: string, extra: Record<string, unknown> = {}) {
      return t.app.inject({
        method: 'POST',
        url: '/api/v1/account/publications',
        headers: c.headers,
        payload: { designId, title: 'Sunday tourer', story: 'For long rides.', ...extra },
      });
    }

    async function published(c: Customer, title = 'Sunday tourer'): Promise<Publication> {
      await consent(c, true);
      const d = await saveDesign(c);
      const res = await publish(c, d.id, { title, displayName: 'Velo Fan' });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<Publication>();
    }

    async function detail(id: string, headers: Record<string, string> = {}, slug = 'alpha') {
      return t.app.inject({
        method: 'GET',
        url: `/api/v1/shop/${slug}/gallery-publications/${id}`,
        headers,
      });
    }

    async function like(c: SignedIn, id: string, method: 'POST' | 'DELETE' = 'POST') {
      return t.app.inject({
        method,
        url: `/api/v1/shop/alpha/gallery-publications/${id}/like`,
        headers: c.headers,
      });
    }

    async function comment(c: SignedIn, id: string, body: string, displayName?: string) {
      return t.app.inject({
        method: 'POST',
        url: `/api/v1/shop/alpha/gallery-publications/${id}/comments`,
        headers: c.headers,
        payload: { body, ...(displayName === undefined ? {} : { displayName }) },
      });
    }

    async function gallery(query = '') {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/shop/alpha/gallery${query}` });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<{ items: Publication[]; total: number; nextOffset: number | null }>();
    }

    async function rowsOf(publicationId: string) {
      const likes = await t.db
        .select()
        .from(galleryLikes)
        .where(eq(galleryLikes.publicationId, publicationId));
      const comments = await t.db
        .select()
        .from(galleryComments)
        .where(eq(galleryComments.publicationId, publicationId));
      return { likes: likes.length, comments: comments.length };
    }

    test('publishing needs the co-creation consent, and then shows a snapshot without personal data', async () => {
      const a = await customer(alpha, 'Ada Lovelace');
      const d = await saveDesign(a);
      const refused = await publish(a, d.id);
      assert.equal(refused.statusCode, 403, refused.body);
      assert.match(refused.body, /co-creation/);
      assert.ok(
        refused.json<{ errors: { field: string }[] }>().errors.some((e) => e.field === 'consent'),
      );
      assert.equal((await gallery()).items.filter((p) => p.title === 'Sunday tourer').length, 0);

      await consent(a, true);
      const ok = await publish(a, d.id, { displayName: 'Ada' });
      assert.equal(ok.statusCode, 201, ok.body);
      const pub = ok.json<Publication>();
      // The rider's height is a customer-input feature: never published.
      assert.ok('rider_height' in design.choices, 'the demo design has the rider height');
      assert.equal('rider_height' in pub.choices, false);
      const open = await detail(pub.id);
      assert.equal(open.statusCode, 200, open.body);
      for (const secret of [a.email, a.name, a.userId, d.id])
        assert.equal(open.body.includes(secret), false, `the public view shows ${secret}`);
      assert.equal(open.json<{ publication: Publication }>().publication.displayName, 'Ada');

      const again = await publish(a, d.id);
      assert.equal(again.statusCode, 409, again.body);
      // Without a chosen name the creator is "A customer", never their own name.
      const d2 = await saveDesign(a);
      const anonymous = await publish(a, d2.id, { displayName: '  ' });
      assert.equal(anonymous.json<Publication>().displayName, 'A customer');
    });

    test('publishing someone else’s design answers 404, like a design that does not exist', async () => {
      const a = await customer();
      const b = await customer();
      await consent(b, true);
      const theirs = await saveDesign(a);
      const res = await publish(b, theirs.id);
      assert.equal(res.statusCode, 404, res.body);
      const none = await publish(b, '7f3c2a4e-1111-4abc-8def-0123456789ab');
      assert.equal(none.statusCode, 404, none.body);
      assert.equal(res.json<{ title: string }>().title, none.json<{ title: string }>().title);
    });

    test('titles, stories and comments are plain text within their limits, refused naming the field', async () => {
      const a = await customer();
      await consent(a, true);
      const d = await saveDesign(a);
      const markup = await publish(a, d.id, { title: '<b>Bold</b> bike' });
      assert.equal(markup.statusCode, 400, markup.body);
      assert.deepEqual(
        markup.json<{ errors: { field: string }[] }>().errors.map((e) => e.field),
        ['title'],
      );
      const long = await publish(a, d.id, { story: 'x'.repeat(2001) });
      assert.equal(long.statusCode, 400, long.body);
      assert.match(long.body, /story/);

      const pub = await published(await customer());
      const b = await customer();
      await consent(b, true);
      for (const [body, name] of [
        ['<script>alert(1)</script>', undefined],
        ['nice <img src=x onerror=alert(1)>', undefined],
        ['y'.repeat(1001), undefined],
        ['fine words', '<i>me</i>'],
      ] as const) {
        const res = await comment(b, pub.id, body, name);
        assert.equal(res.statusCode, 400, `${body}: ${res.body}`);
        const fields = res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
        assert.deepEqual(fields, [name === undefined ? 'body' : 'displayName']);
      }
      assert.equal((await rowsOf(pub.id)).comments, 0);
      const ok = await comment(b, pub.id, 'Lovely colour, 3 < 4 & all.', 'Bea');
      assert.equal(ok.statusCode, 201, ok.body);
    });

    test('liking twice counts once; unliking takes it back; liking needs the consent', async () => {
      const pub = await published(await customer());
      const b = await customer();
      const noConsent = await like(b, pub.id);
      assert.equal(noConsent.statusCode, 403, noConsent.body);
      await consent(b, true);
      assert.equal((await like(b, pub.id)).json<{ likes: number }>().likes, 1);
      const twice = await like(b, pub.id);
      assert.equal(twice.statusCode, 200, twice.body);
      assert.deepEqual(twice.json(), { liked: true, likes: 1 });
      assert.equal((await rowsOf(pub.id)).likes, 1);
      const guest = await t.app.inject({
        method: 'POST',
        url: `/api/v1/shop/alpha/gallery-publications/${pub.id}/like`,
      });
      assert.equal(guest.statusCode, 401, guest.body);
      assert.deepEqual((await like(b, pub.id, 'DELETE')).json(), { liked: false, likes: 0 });
    });

    test('withdrawing a publication removes it, its likes and its comments', async () => {
      const a = await customer();
      const pub = await published(a, 'Withdrawn soon');
      const b = await customer();
      await consent(b, true);
      await like(b, pub.id);
      await comment(b, pub.id, 'Great');
      assert.deepEqual(await rowsOf(pub.id), { likes: 1, comments: 1 });
      const foreign = await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/account/publications/${pub.id}`,
        headers: b.headers,
      });
      assert.equal(foreign.statusCode, 404, 'only the owner withdraws');
      const res = await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/account/publications/${pub.id}`,
        headers: a.headers,
      });
      assert.equal(res.statusCode, 204, res.body);
      assert.equal((await detail(pub.id)).statusCode, 404);
      assert.deepEqual(await rowsOf(pub.id), { likes: 0, comments: 0 });
      assert.equal(
        (await gallery()).items.some((p) => p.id === pub.id),
        false,
      );
    });

    test('withdrawing the co-creation consent removes the customer’s publications, likes and comments', async () => {
      const a = await customer();
      const pub = await published(a, 'Consent test');
      const b = await customer();
      await consent(b, true);
      await like(b, pub.id);
      await comment(b, pub.id, 'I was here');
      const before = (await detail(pub.id)).json<{ publication: Publication }>().publication;
      assert.equal(before.likes, 1);
      assert.equal(before.comments, 1);

      await consent(b, false);
      const after = await detail(pub.id);
      const view = after.json<{ publication: Publication; comments: unknown[] }>();
      assert.equal(view.publication.likes, 0);
      assert.equal(view.publication.comments, 0);
      assert.deepEqual(view.comments, []);

      await consent(a, false);
      assert.equal((await detail(pub.id)).statusCode, 404);
      const left = await t.db
        .select()
        .from(galleryPublications)
        .where(eq(galleryPublications.customerId, a.userId));
      assert.deepEqual(left, []);
    });

    test('erasure removes the customer’s publications, likes and comments, and others’ likes on them', async () => {
      const a = await customer();
      const pub = await published(a, 'Erased soon');
      const b = await customer();
      await consent(b, true);
      await like(b, pub.id);
      const other = await published(await customer(), 'Stays');
      await like(a, other.id);
      await comment(a, other.id, 'From the erased one');
      const erased = await t.app.inject({
        method: 'POST',
        url: '/api/v1/privacy/erasure',
        headers: a.headers,
        payload: { confirm: true },
      });
      assert.equal(erased.statusCode, 200, erased.body);
      assert.equal((await detail(pub.id)).statusCode, 404);
      assert.deepEqual(await rowsOf(pub.id), { likes: 0, comments: 0 });
      const stays = (await detail(other.id)).json<{
        publication: Publication;
        comments: unknown[];
      }>();
      assert.equal(stays.publication.likes, 0);
      assert.deepEqual(stays.comments, []);
      for (const table of [galleryPublications, galleryLikes, galleryComments]) {
        const rows = await t.db.select().from(table).where(eq(table.customerId, a.userId));
        assert.deepEqual(rows, []);
      }
    });

    test('a remix credits the original once, and never shows its owner’s id, email or name', async () => {
      const a = await customer(alpha, 'Original Owner');
      const pub = await published(a, 'The original');
      const b = await customer();
      await consent(b, true);
      const start = await t.app.inject({
        method: 'GET',
        url: `/api/v1/shop/alpha/gallery-publications/${pub.id}/remix`,
        headers: b.headers,
      });
      assert.equal(start.statusCode, 200, start.body);
      const s = start.json<{ versionId: string; choices: Record<string, unknown> }>();
      assert.equal(s.versionId, design.versionId);
      assert.equal('rider_height' in s.choices, false);
      // B adds their own height and saves the remix as their own design.
      const own = await saveDesign(b, alpha, {
        ...design,
        choices: { ...design.choices, ...(s.choices as typeof design.choices) },
      });
      const credit = () =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/shop/alpha/gallery-publications/${pub.id}/remixes`,
          headers: b.headers,
          payload: { designId: own.id },
        });
      const first = await credit();
      assert.equal(first.statusCode, 201, first.body);
      assert.deepEqual(first.json(), { recorded: true, remixes: 1 });
      assert.deepEqual((await credit()).json(), { recorded: false, remixes: 1 });
      // Someone else's design cannot be credited to them.
      const c = await customer();
      const stolen = await t.app.inject({
        method: 'POST',
        url: `/api/v1/shop/alpha/gallery-publications/${pub.id}/remixes`,
        headers: c.headers,
        payload: { designId: own.id },
      });
      assert.equal(stolen.statusCode, 404, stolen.body);

      const remix = await publish(b, own.id, { title: 'My remix', displayName: 'Remixer' });
      assert.equal(remix.statusCode, 201, remix.body);
      const open = await detail(remix.json<Publication>().id);
      assert.deepEqual(open.json<{ publication: Publication }>().publication.remixedFrom, {
        id: pub.id,
        title: 'The original',
        displayName: 'Velo Fan',
      });
      const list = await t.app.inject({
        method: 'GET',
        url: '/api/v1/shop/alpha/gallery?limit=50',
      });
      for (const body of [open.body, list.body])
        for (const secret of [a.email, a.name, a.userId])
          assert.equal(body.includes(secret), false, `the gallery shows ${secret}`);
      const sorted = await gallery('?sort=remixes&limit=1');
      assert.equal(sorted.items[0]!.id, pub.id);
      assert.equal(sorted.items[0]!.remixes, 1);
      assert.equal(sorted.nextOffset, 1);
    });

    test('a hidden or unknown publication cannot be opened, remixed, liked or commented on', async () => {
      const pub = await published(await customer());
      const hide = await t.app.inject({
        method: 'POST',
        url: `/api/v1/gallery/publications/${pub.id}/hide`,
        headers: owner.headers,
      });
      assert.equal(hide.statusCode, 200, hide.body);
      const b = await customer();
      await consent(b, true);
      for (const id of [pub.id, '7f3c2a4e-1111-4abc-8def-0123456789ab']) {
        assert.equal((await detail(id)).statusCode, 404);
        const remix = await t.app.inject({
          method: 'GET',
          url: `/api/v1/shop/alpha/gallery-publications/${id}/remix`,
        });
        assert.equal(remix.statusCode, 404, remix.body);
        assert.equal((await like(b, id)).statusCode, 404);
        assert.equal((await comment(b, id, 'hello')).statusCode, 404);
      }
      assert.equal(
        (await gallery()).items.some((p) => p.id === pub.id),
        false,
      );
      const audited = await t.db
        .select()
        .from(auditLog)
        .where(
          and(eq(auditLog.resourceId, pub.id), eq(auditLog.resource, 'gallery publication hide')),
        );
      assert.equal(audited.length, 1);
    });

    test('reported comments lead the moderation queue; hiding one is audited and hides it publicly', async () => {
      const pub = await published(await customer());
      const b = await customer();
      const c = await customer();
      await consent(b, true);
      await consent(c, true);
      const rude = (await comment(b, pub.id, 'Rude words', 'Troll')).json<{ id: string }>();
      await comment(c, pub.id, 'Kind words', 'Friend');
      const report = await t.app.inject({
        method: 'POST',
        url: `/api/v1/shop/alpha/gallery-comments/${rude.id}/report`,
        headers: c.headers,
      });
      assert.equal(report.statusCode, 200, report.body);
      const queue = await t.app.inject({
        method: 'GET',
        url: '/api/v1/gallery/comments',
        headers: owner.headers,
      });
      assert.equal(queue.statusCode, 200, queue.body);
      const first = queue.json<{ id: string; reports: number }[]>()[0]!;
      assert.deepEqual([first.id, first.reports], [rude.id, 1]);
      const customerCannot = await t.app.inject({
        method: 'POST',
        url: `/api/v1/gallery/comments/${rude.id}/hide`,
        headers: c.headers,
      });
      assert.equal(customerCannot.statusCode, 403);
      const hide = await t.app.inject({
        method: 'POST',
        url: `/api/v1/gallery/comments/${rude.id}/hide`,
        headers: owner.headers,
      });
      assert.equal(hide.statusCode, 200, hide.body);
      const view = (await detail(pub.id)).json<{
        publication: Publication;
        comments: { body: string }[];
      }>();
      assert.deepEqual(
        view.comments.map((x) => x.body),
        ['Kind words'],
      );
      assert.equal(view.publication.comments, 1);
      const audited = await t.db
        .select()
        .from(auditLog)
        .where(
          and(eq(auditLog.resourceId, rude.id), eq(auditLog.resource, 'gallery comment hide')),
        );
      assert.equal(audited.length, 1);
      assert.equal(audited[0]!.customerId, b.userId);
    });

    test('adoption makes a community pick and grants the creator one reward, seen in the account', async () => {
      const a = await customer();
      const pub = await published(a, 'Pick me');
      const adopt = () =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/gallery/publications/${pub.id}/adopt`,
          headers: owner.headers,
          payload: { rewardAmount: 1500 },
        });
      const first = await adopt();
      assert.equal(first.statusCode, 200, first.body);
      assert.equal((await adopt()).statusCode, 409);
      const rewards = async () => {
        const res = await t.app.inject({
          method: 'GET',
          url: '/api/v1/account/rewards',
          headers: a.headers,
        });
        assert.equal(res.statusCode, 200, res.body);
        return res.json<
          { amount: number; currency: string; status: string; description: string }[]
        >();
      };
      const granted = await rewards();
      assert.equal(granted.length, 1);
      assert.deepEqual(
        [granted[0]!.amount, granted[0]!.currency, granted[0]!.status],
        [1500, 'EUR', 'available'],
      );
      assert.match(granted[0]!.description, /Pick me/);
      const mine = await t.app.inject({
        method: 'GET',
        url: '/api/v1/account/publications',
        headers: a.headers,
      });
      const own =
        mine.json<{ id: string; adopted: boolean; reward: { amount: number } | null }[]>();
      assert.deepEqual(
        own.filter((p) => p.id === pub.id).map((p) => [p.adopted, p.reward?.amount]),
        [[true, 1500]],
      );
      const picks = await t.app.inject({
        method: 'GET',
        url: `/api/v1/shop/alpha/community-picks?product=city-bike`,
      });
      // Newest adoption first (the demo firm has its own pick too).
      assert.equal(picks.json<{ publicationId: string }[]>()[0]!.publicationId, pub.id);
      // Un-adopting keeps the reward; adopting again grants no second one.
      const unadopt = await t.app.inject({
        method: 'POST',
        url: `/api/v1/gallery/publications/${pub.id}/unadopt`,
        headers: owner.headers,
      });
      assert.equal(unadopt.statusCode, 200, unadopt.body);
      assert.equal((await rewards()).length, 1);
      assert.equal((await adopt()).statusCode, 200);
      assert.equal((await rewards()).length, 1);
      // No other customer gets the reward by giving the consent later.
      const late = await customer();
      await consent(late, true);
      const theirs = await t.app.inject({
        method: 'GET',
        url: '/api/v1/account/rewards',
        headers: late.headers,
      });
      assert.deepEqual(theirs.json(), []);
    });

    test('firms are isolated: another firm’s gallery, staff and customers never reach a publication', async () => {
      const pub = await published(await customer(), 'Alpha only');
      assert.equal((await detail(pub.id, {}, 'beta')).statusCode, 404);
      const betaList = await t.app.inject({ method: 'GET', url: '/api/v1/shop/beta/gallery' });
      assert.equal(betaList.body.includes(pub.id), false);
      const betaOwner = await t.signIn(beta, 'owner');
      for (const action of ['hide', 'adopt']) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/gallery/publications/${pub.id}/${action}`,
          headers: betaOwner.headers,
          ...(action === 'adopt' ? { payload: { rewardAmount: 10 } } : {}),
        });
        assert.equal(res.statusCode, 404, res.body);
      }
      const staffList = await t.app.inject({
        method: 'GET',
        url: '/api/v1/gallery/publications',
        headers: betaOwner.headers,
      });
      assert.equal(staffList.body.includes(pub.id), false);
      const betaCustomer = await customer(beta);
      await consent(betaCustomer, true);
      const crossLike = await t.app.inject({
        method: 'POST',
        url: `/api/v1/shop/beta/gallery-publications/${pub.id}/like`,
        headers: betaCustomer.headers,
      });
      assert.equal(crossLike.statusCode, 404);
      const count = await t.db.execute(sql`select count(*)::int as n from gallery_likes`);
      assert.ok(count);
    });
  });
}
