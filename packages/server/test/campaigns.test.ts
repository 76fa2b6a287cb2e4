// Campaigns end to end on the real app: templates checked at save, the audience of consenting
// customers with a seeded hold-out, sending in batches through the outbox with consent re-checked
// per recipient, the unsubscribe link and the frequency cap, preview, results with the uplift,
// and the timeline.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { campaignRecipients } from '../src/campaigns/campaigns.schema.ts';
import { DesignCatalog, mostOrderedBuildable } from '../src/campaigns/ports.ts';
import { getVersionSummary } from '../src/catalog/catalog.store.ts';
import { personalValuesOf, queueDueCampaigns, runCampaignBatch } from '../src/campaigns/send.ts';
import { defaultAppConfig } from '../src/config.ts';
import { subscriptionOf, unsubscribe } from '../src/notify/mail.ts';
import { outbox } from '../src/notify/notify.schema.ts';
import { auditLog, consentRecords } from '../src/privacy/privacy.schema.ts';
import { insertCustomer } from '../src/users/users.store.ts';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { signUpCustomer } from './helpers/accounts.ts';
import { buildableDesign, placeTestOrder } from './helpers/designs.ts';
import { testDatabaseTargets, type TestDatabase } from './helpers/db.ts';
import { putInSegment } from './helpers/service-levels.ts';

// On PGlite, and on PostgreSQL too when TEST_DATABASE_URL is set (helpers/db.ts).
let t: TestApp;

const DAY = 86_400_000;
const deps = () => ({
  db: t.db,
  clock: t.clock,
  ids: t.ids,
  config: defaultAppConfig,
  logger: pino({ level: 'silent' }),
});

/** Sends every queued recipient, batch by batch, as the worker does. */
async function sendAll() {
  let batches = 0;
  while ((await runCampaignBatch(deps(), 7)) > 0) batches += 1;
  return batches;
}

/** Customers made directly (sign-up costs a password hash each), marketing consent recorded. */
async function customersWithConsent(
  firm: Firm,
  n: number,
  prefix: string,
  purposes = ['marketing'],
) {
  const out: { id: string; email: string; name: string }[] = [];
  for (let i = 0; i < n; i++) {
    const c = await insertCustomer(t.db, {
      id: t.ids.uuid(),
      tenantId: firm.tenant.id,
      email: `${prefix}-${i}@example.test`,
      name: `${prefix} ${i}`,
      passwordHash: null,
      businessAccountId: null,
      businessRole: null,
      now: t.clock.now(),
    });
    for (const purpose of purposes)
      await t.db.insert(consentRecords).values({
        id: t.ids.uuid(),
        tenantId: firm.tenant.id,
        customerId: c.id,
        purpose: purpose as 'marketing',
        action: 'given',
        screen: 'test',
        noticeVersion: 1,
        at: t.clock.now(),
      });
    out.push({ id: c.id, email: c.email, name: c.name });
  }
  return out;
}

/** Consent through the customer's own session, as the privacy centre gives or withdraws it. */
async function consent(session: SignedIn, purpose: string, given: boolean) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/privacy/consents',
    headers: session.headers,
    payload: { purpose, given, screen: 'privacy-centre', noticeVersion: 1 },
  });
  assert.equal(res.statusCode, 200, res.body);
}

async function create(as: SignedIn, payload: Record<string, unknown>) {
  return t.app.inject({ method: 'POST', url: '/api/v1/campaigns', headers: as.headers, payload });
}

const template = {
  name: 'Spring',
  subject: '{{name}}, a spring idea',
  body: 'Hello {{name}},\n\nYour {{lastDesign.name|design}}: {{lastDesign.link|our studio}}\n{{lastDesign.picture}}\n\nOur pick: {{recommended.name|something new}}\n\n{{offer|}}Shop: {{shop.link}}',
};

/** The customer's customer-value row, in `segment`. */
const score = (firm: Firm, customerId: string, segment: 'best' | 'growing') =>
  putInSegment(t, firm, customerId, segment);

/** A 15 % offer made by staff through the offers route, valid from now to the end of 2026. */
async function makeOffer(as: SignedIn, target: { segment?: string; customerId?: string }) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/offers',
    headers: as.headers,
    payload: {
      title: 'Spring thanks',
      kind: 'percent',
      percent: 15,
      ...target,
      startsAt: t.clock.now().toISOString(),
      endsAt: '2027-01-01T00:00:00.000Z',
    },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json<{ id: string }>().id;
}

async function recipients(campaignId: string) {
  return t.db
    .select()
    .from(campaignRecipients)
    .where(eq(campaignRecipients.campaignId, campaignId));
}

async function mailsTo(email: string) {
  return t.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.toEmail, email), eq(outbox.event, 'campaign')));
}

for (const target of testDatabaseTargets())
  describe(`campaigns (${target.name})`, () => {
    let testDb: TestDatabase;
    before(async () => {
      testDb = await target.open();
      t = await createTestApp({ testDb });
    });
    after(async () => {
      await t.close();
      await testDb.close();
    });
    let firm: Firm;
    let sales: SignedIn;
    beforeEach(async () => {
      await t.reset();
      firm = await t.seedFirm('alpha');
      sales = await t.signIn(firm, 'sales');
    });

    test('a template with an unknown field, or a picture in the subject, is refused naming it', async () => {
      const unknown = await create(sales, { ...template, body: 'Hi {{nmae}}' });
      assert.equal(unknown.statusCode, 400, unknown.body);
      const problem = unknown.json<{ errors: { field: string; message: string }[] }>();
      assert.equal(problem.errors[0]!.field, 'body');
      assert.match(problem.errors[0]!.message, /\{\{nmae\}\}/);
      const picture = await create(sales, { ...template, subject: '{{lastDesign.picture}}' });
      assert.equal(picture.statusCode, 400);
      assert.equal(picture.json<{ errors: { field: string }[] }>().errors[0]!.field, 'subject');
      const open = await create(sales, { ...template, body: 'Hi {{name' });
      assert.equal(open.statusCode, 400);
      assert.equal((await create(sales, template)).statusCode, 201);
    });

    test('designers and customers cannot reach campaigns; an offer id must be one of the firm’s offers', async () => {
      const designer = await t.signIn(firm, 'designer');
      assert.equal((await create(designer, template)).statusCode, 403);
      const buyer = await t.signIn(firm, 'buyer');
      assert.equal((await create(buyer, template)).statusCode, 403);
      const beta = await t.seedFirm('beta');
      const betaOffer = await makeOffer(await t.signIn(beta, 'owner'), { segment: 'best' });
      for (const offerId of ['00000000-0000-4000-8000-000000000001', betaOffer]) {
        const refused = await create(sales, { ...template, offerId });
        assert.equal(refused.statusCode, 400, refused.body);
        assert.equal(refused.json<{ errors: { field: string }[] }>().errors[0]!.field, 'offerId');
      }
      const own = await makeOffer(sales, { segment: 'best' });
      const made = await create(sales, { ...template, offerId: own });
      assert.equal(made.statusCode, 201, made.body);
      assert.equal(made.json<{ offerId: string }>().offerId, own);
      const c = made.json<{ id: string }>();
      const patched = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/campaigns/${c.id}`,
        headers: sales.headers,
        payload: { offerId: betaOffer },
      });
      assert.equal(patched.statusCode, 400, patched.body);
    });

    test('{{offer}}: a customer who may use the offer gets what it gives, until when and its link; the others get the fallback', async () => {
      const [usable] = await customersWithConsent(firm, 1, 'best', [
        'marketing',
        'personalization',
      ]);
      const [noPersonalization] = await customersWithConsent(firm, 1, 'nopers', ['marketing']);
      const [growing] = await customersWithConsent(firm, 1, 'grow', [
        'marketing',
        'personalization',
      ]);
      await score(firm, usable!.id, 'best');
      await score(firm, noPersonalization!.id, 'best');
      await score(firm, growing!.id, 'growing');
      const offerId = await makeOffer(sales, { segment: 'best' });
      const c = (
        await create(sales, {
          ...template,
          subject: '{{name}}: {{offer|news}}',
          body: 'Hello {{name}},\n\n{{offer|No offer this time.}}\n\nShop: {{shop.link}}',
          offerId,
          holdoutPercent: 0,
        })
      ).json<{ id: string }>();
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/campaigns/${c.id}/schedule`,
        headers: sales.headers,
        payload: {},
      });
      await queueDueCampaigns(deps());
      await sendAll();
      const [mail] = await mailsTo(usable!.email);
      const link = `http://localhost:8080/?offer=${offerId}&campaign=${c.id}`;
      assert.equal(mail!.subject, 'best 0: Spring thanks: 15 % off, valid until 31 December 2026');
      assert.match(
        mail!.text ?? '',
        new RegExp(
          `Spring thanks: 15 % off, valid until 31 December 2026 ${link.replaceAll('?', '\\?')}`,
        ),
      );
      assert.match(
        mail!.html ?? '',
        new RegExp(`<a href="${link.replaceAll('?', '\\?').replaceAll('&', '&amp;')}">`),
      );
      for (const other of [noPersonalization!, growing!]) {
        const [m] = await mailsTo(other.email);
        assert.ok(m, `${other.name} is mailed`);
        assert.match(m.text ?? '', /No offer this time\./);
        assert.doesNotMatch(m.text ?? '', /offer=/);
        assert.match(m.subject, /: news$/);
      }
    });

    test('only consenting customers are queued, the hold-out is drawn from the seed and gets nothing, each mailed recipient gets exactly one mail', async () => {
      const people = await customersWithConsent(firm, 40, 'fan');
      const silent = await customersWithConsent(firm, 3, 'silent', []);
      const made = await create(sales, { ...template, holdoutPercent: 25 });
      const campaign = made.json<{ id: string }>();
      const scheduled = await t.app.inject({
        method: 'POST',
        url: `/api/v1/campaigns/${campaign.id}/schedule`,
        headers: sales.headers,
        payload: {},
      });
      assert.equal(scheduled.statusCode, 200, scheduled.body);
      assert.equal(await queueDueCampaigns(deps()), 1);
      const rows = await recipients(campaign.id);
      assert.deepEqual(
        rows.map((r) => r.customerId).sort(),
        people.map((p) => p.id).sort(),
        'the consenting customers, and only they',
      );
      const seed = (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/campaigns/${campaign.id}`,
          headers: sales.headers,
        })
      ).json<{ seed: string }>().seed;
      // The assignment is md5(seed || id) as a fraction, recomputed independently here.
      for (const r of rows) {
        const draw =
          Number(
            BigInt(
              `0x${createHash('md5')
                .update(seed + r.customerId)
                .digest('hex')
                .slice(0, 13)}`,
            ),
          ) /
          2 ** 52;
        assert.ok(Math.abs(draw - r.draw) < 1e-12, 'the recorded draw is the seed’s');
        assert.equal(r.arm, draw < 0.25 ? 'holdout' : 'mail');
        assert.equal(r.state, draw < 0.25 ? 'holdout' : 'queued');
      }
      const holdout = rows.filter((r) => r.arm === 'holdout');
      assert.ok(holdout.length > 0 && holdout.length < 40, `hold-out of ${holdout.length}`);

      assert.ok((await sendAll()) >= 2, 'sent in several small batches');
      for (const p of people) {
        const mine = rows.find((r) => r.customerId === p.id)!;
        const mails = await mailsTo(p.email);
        assert.equal(mails.length, mine.arm === 'holdout' ? 0 : 1, p.email);
        if (mine.arm === 'mail') {
          assert.equal(mails[0]!.subject, `${p.name}, a spring idea`);
          assert.match(
            mails[0]!.text,
            /Unsubscribe from such mail: http:\/\/localhost:8080\/unsubscribe\?token=/,
          );
          assert.match(
            mails[0]!.text,
            new RegExp(`campaign=${campaign.id}`),
            'links carry the campaign',
          );
        }
      }
      for (const s of silent) assert.equal((await mailsTo(s.email)).length, 0);
      const view = (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/campaigns/${campaign.id}`,
          headers: sales.headers,
        })
      ).json<{ status: string; counts: { sent: number; holdout: number; queued: number } }>();
      assert.equal(view.status, 'sent');
      assert.deepEqual(
        [view.counts.sent, view.counts.holdout, view.counts.queued],
        [40 - holdout.length, holdout.length, 0],
      );
      // Sending again sends nothing more.
      assert.equal(await sendAll(), 0);
    });

    test('withdrawal and unsubscribing take effect for the next send; the frequency cap skips with the reason', async () => {
      const [kept, unsubscribed] = await customersWithConsent(firm, 2, 'fan');
      const person = {
        email: 'changes@example.test',
        name: 'Changes',
        password: 'changes walnut chair 42',
      };
      const session = await signUpCustomer(t, firm, person);
      await consent(session, 'marketing', true);
      const everyone = { ...template, holdoutPercent: 0 };
      const first = (await create(sales, everyone)).json<{ id: string }>();
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/campaigns/${first.id}/schedule`,
        headers: sales.headers,
        payload: {},
      });
      await queueDueCampaigns(deps());
      // Queued with consent; withdrawn before the worker gets to them.
      await consent(session, 'marketing', false);
      await unsubscribe(
        t.db,
        (await subscriptionOf(t.db, firm.tenant.id, unsubscribed!.email)).token,
        t.clock.now(),
      );
      await sendAll();
      const states = new Map(
        (await recipients(first.id)).map((r) => [r.customerId, [r.state, r.skipReason]]),
      );
      assert.deepEqual(states.get(session.userId), ['skipped', 'no-consent']);
      assert.deepEqual(states.get(unsubscribed!.id), ['skipped', 'unsubscribed']);
      assert.deepEqual(states.get(kept!.id), ['sent', null]);
      assert.equal((await mailsTo(person.email)).length, 0);
      assert.equal((await mailsTo(unsubscribed!.email)).length, 0);

      // At most one campaign mail per customer per 7 days.
      const cap = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/campaign-settings',
        headers: sales.headers,
        payload: { maxMails: 1, perDays: 7 },
      });
      assert.equal(cap.statusCode, 200, cap.body);
      t.clock.advance(DAY);
      const second = (await create(sales, everyone)).json<{ id: string }>();
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/campaigns/${second.id}/schedule`,
        headers: sales.headers,
        payload: {},
      });
      await queueDueCampaigns(deps());
      await sendAll();
      const again = (await recipients(second.id)).find((r) => r.customerId === kept!.id)!;
      assert.deepEqual([again.state, again.skipReason], ['skipped', 'frequency-cap']);
      assert.equal((await mailsTo(kept!.email)).length, 1);
      // After the window a third campaign reaches them again.
      t.clock.advance(7 * DAY);
      const third = (await create(sales, everyone)).json<{ id: string }>();
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/campaigns/${third.id}/schedule`,
        headers: sales.headers,
        payload: {},
      });
      await queueDueCampaigns(deps());
      await sendAll();
      assert.equal((await mailsTo(kept!.email)).length, 2);
    });

    test('a segment reaches its customers with personalization consent now; the preview renders one of them, escaped, and is audited', async () => {
      const both = await customersWithConsent(firm, 2, 'best', ['marketing', 'personalization']);
      const [marketingOnly] = await customersWithConsent(firm, 1, 'nopers', ['marketing']);
      const [other] = await customersWithConsent(firm, 1, 'grow', ['marketing', 'personalization']);
      for (const c of [...both, marketingOnly!]) await score(firm, c.id, 'best');
      await score(firm, other!.id, 'growing');
      // A name that is markup must arrive as text.
      await t.db.execute(
        sql`update customers set name = '<b>Bo</b> & co' where id = ${both[0]!.id}`,
      );
      const c = (await create(sales, { ...template, segment: 'best', holdoutPercent: 0 })).json<{
        id: string;
      }>();
      const preview = await t.app.inject({
        method: 'GET',
        url: `/api/v1/campaigns/${c.id}/preview?customerId=${both[0]!.id}`,
        headers: sales.headers,
      });
      assert.equal(preview.statusCode, 200, preview.body);
      const p = preview.json<{ subject: string; text: string; html: string }>();
      assert.equal(p.subject, '<b>Bo</b> & co, a spring idea');
      assert.match(p.html, /&lt;b&gt;Bo&lt;\/b&gt; &amp; co/);
      assert.doesNotMatch(p.html, /<b>Bo/);
      assert.match(p.text, /Your design: our studio/, 'no design yet: the fallbacks');
      const audited = await t.db
        .select()
        .from(auditLog)
        .where(
          and(eq(auditLog.resource, 'campaign-preview'), eq(auditLog.customerId, both[0]!.id)),
        );
      assert.equal(audited.length, 1);
      const outside = await t.app.inject({
        method: 'GET',
        url: `/api/v1/campaigns/${c.id}/preview?customerId=${marketingOnly!.id}`,
        headers: sales.headers,
      });
      assert.equal(outside.statusCode, 404, 'scored, but without personalization consent now');
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/campaigns/${c.id}/schedule`,
        headers: sales.headers,
        payload: {},
      });
      await queueDueCampaigns(deps());
      assert.deepEqual(
        (await recipients(c.id)).map((r) => r.customerId).sort(),
        both.map((b) => b.id).sort(),
      );
    });

    test('the last design and a recommended design, with pictures, for a customer who designed', async () => {
      const person = {
        email: 'maker@example.test',
        name: 'Maker',
        password: 'maker walnut chair 42',
      };
      const session = await signUpCustomer(t, firm, person);
      await consent(session, 'marketing', true);
      await consent(session, 'personalization', true);
      const design = await buildableDesign(t, firm);
      const saved = await t.app.inject({
        method: 'POST',
        url: '/api/v1/shop/alpha/designs',
        headers: session.headers,
        payload: { versionId: design.versionId, name: 'My <own> one', choices: design.alternative },
      });
      assert.equal(saved.statusCode, 201, saved.body);
      const designId = saved.json<{ id: string }>().id;
      // Others ordered the cheap design twice; the maker has not ordered it.
      for (const email of ['a@example.test', 'b@example.test'])
        await placeTestOrder(t, firm, design, { customerId: null, email });
      const c = (await create(sales, { ...template, holdoutPercent: 0 })).json<{ id: string }>();
      const preview = (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/campaigns/${c.id}/preview?customerId=${session.userId}`,
          headers: sales.headers,
        })
      ).json<{ text: string; html: string }>();
      assert.match(
        preview.text,
        new RegExp(
          `Your My <own> one: http://localhost:8080/designs/${designId}\\?campaign=${c.id}`,
        ),
      );
      // The demo history gives the recommender whole designs chosen by enough customers.
      assert.match(preview.text, /Our pick: .+ \(ordered or saved by \d+ customers\)/);
      // Its fallback, for a product the recommender has nothing for: the most ordered buildable.
      const fallback = await mostOrderedBuildable(
        deps(),
        new DesignCatalog(t.db, firm.tenant.id, t.clock),
        { publicUrl: 'http://localhost:8080', tenantSlug: 'alpha', campaignId: c.id },
        firm.tenant.id,
        {
          id: session.userId,
          lastDesignProductId: (await getVersionSummary(t.db, firm.tenant.id, design.versionId))!
            .productId,
        },
      );
      assert.match(fallback?.name ?? '', /, as our customers order it most$/);
      assert.match(preview.html, /My &lt;own&gt; one/);
      assert.match(
        preview.html,
        /<img src="http:\/\/localhost:8080\/api\/v1\/shop\/alpha\/assets\/[^"]+"/,
      );
      // Without personalization consent the design fields fall back.
      await consent(session, 'personalization', false);
      const plain = (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/campaigns/${c.id}/preview?customerId=${session.userId}`,
          headers: sales.headers,
        })
      ).json<{ text: string; html: string }>();
      assert.match(plain.text, /Your design: our studio/);
      assert.doesNotMatch(plain.html, /<img/);
    });

    test('{{recommended.*}}: the recommender’s whole design for the product they last designed, its statistics learned once per batch', async () => {
      const maker = await signUpCustomer(t, firm, {
        email: 'maker@example.test',
        name: 'Maker',
        password: 'maker walnut chair 42',
      });
      await consent(maker, 'marketing', true);
      await consent(maker, 'personalization', true);
      const design = await buildableDesign(t, firm);
      const saved = await t.app.inject({
        method: 'POST',
        url: '/api/v1/shop/alpha/designs',
        headers: maker.headers,
        payload: { versionId: design.versionId, name: 'Mine', choices: design.alternative },
      });
      assert.equal(saved.statusCode, 201, saved.body);
      // Three customers ordered the cheap design: a whole design the recommender may suggest.
      const buyers = await customersWithConsent(firm, 3, 'buyer', ['marketing', 'personalization']);
      for (const b of buyers)
        await placeTestOrder(t, firm, design, { customerId: b.id, email: b.email });
      const c = (
        await create(sales, {
          ...template,
          body: 'Our pick: {{recommended.name|something new}} {{recommended.link|}}',
          holdoutPercent: 0,
        })
      ).json<{ id: string }>();
      // One batch for everyone: the product's statistics are learned once, not per recipient.
      const tenant = { publicUrl: 'http://localhost:8080', tenantSlug: 'alpha', campaignId: c.id };
      const catalog = new DesignCatalog(t.db, firm.tenant.id, t.clock);
      const campaign = { tenantId: firm.tenant.id, offerId: null };
      const values = [];
      for (const who of [{ id: maker.userId, name: 'Maker' }, ...buyers])
        values.push(await personalValuesOf(deps(), catalog, tenant, campaign, who));
      assert.equal(catalog.stats.learnings, 1, 'learned once for the batch');
      const pick = values[0]!.recommended;
      assert.ok(pick, 'the maker gets a recommended design');
      assert.match(pick.name, /\((ordered or saved|completes your choices).* \d+ customers.*\)$/i);
      assert.doesNotMatch(pick.name, /as our customers order it most/, 'not the fallback');
      assert.match(pick.link, new RegExp(`^http://localhost:8080/p/[^?]+\\?campaign=${c.id}$`));
      // Without personalization consent: the fallback, nothing recommended.
      await consent(maker, 'personalization', false);
      const after = await personalValuesOf(deps(), catalog, tenant, campaign, {
        id: maker.userId,
        name: 'Maker',
      });
      assert.equal(after.recommended, null);
      // The sent mail says the same.
      await consent(maker, 'personalization', true);
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/campaigns/${c.id}/schedule`,
        headers: sales.headers,
        payload: {},
      });
      await queueDueCampaigns(deps());
      await sendAll();
      const [mail] = await mailsTo('maker@example.test');
      assert.ok(mail!.text.includes(`Our pick: ${pick.name} ${pick.link}`), mail!.text);
    });

    test('results: conversion and revenue per customer in the window, mailed vs hold-out, with intervals; the timeline shows the campaign', async () => {
      const people = await customersWithConsent(firm, 20, 'fan');
      const c = (
        await create(sales, { ...template, holdoutPercent: 50, attributionDays: 14 })
      ).json<{
        id: string;
      }>();
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/campaigns/${c.id}/schedule`,
        headers: sales.headers,
        payload: {},
      });
      await queueDueCampaigns(deps());
      await sendAll();
      const rows = await recipients(c.id);
      const arm = new Map(rows.map((r) => [r.customerId, r.arm]));
      const design = await buildableDesign(t, firm);
      // Two mailed and one held-out customer order within the window; one mailed after it.
      const mailed = people.filter((p) => arm.get(p.id) === 'mail');
      const held = people.filter((p) => arm.get(p.id) === 'holdout');
      assert.ok(
        mailed.length >= 3 && held.length >= 1,
        `${mailed.length} mailed, ${held.length} held out`,
      );
      t.clock.advance(2 * DAY);
      for (const p of [mailed[0]!, mailed[1]!, held[0]!])
        await placeTestOrder(t, firm, design, { customerId: p.id, email: p.email });
      t.clock.advance(20 * DAY);
      await placeTestOrder(t, firm, design, { customerId: mailed[2]!.id, email: mailed[2]!.email });
      const later = await t.signIn(firm, 'sales'); // the morning's session has expired
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/campaigns/${c.id}/results`,
        headers: later.headers,
      });
      assert.equal(res.statusCode, 200, res.body);
      const r = res.json<{
        window: { complete: boolean };
        uplift: {
          mailed: {
            customers: number;
            converted: number;
            conversionRate: number;
            revenuePerCustomer: number;
          };
          holdout: { customers: number; converted: number; revenuePerCustomer: number };
          conversion: {
            difference: number;
            ci: { low: number; high: number };
            significant: boolean;
          };
        };
        verdict: { conversion: string };
      }>();
      assert.equal(r.window.complete, true);
      assert.equal(r.uplift.mailed.customers, mailed.length);
      assert.equal(r.uplift.mailed.converted, 2, 'the order after the window does not count');
      assert.equal(r.uplift.holdout.converted, 1);
      const expected = 2 / mailed.length - 1 / held.length;
      assert.ok(Math.abs(r.uplift.conversion.difference - expected) < 1e-12);
      assert.ok(r.uplift.conversion.ci.low < 0 && r.uplift.conversion.ci.high > 0);
      assert.equal(r.uplift.conversion.significant, false);
      assert.match(r.verdict.conversion, /^Not significant/);
      const orderTotal = (await t.db.execute(
        sql`select total from orders where customer_id = ${mailed[0]!.id}`,
      )) as unknown as { rows: { total: number }[] };
      const total = Number(orderTotal.rows[0]!.total);
      assert.ok(Math.abs(r.uplift.mailed.revenuePerCustomer - (2 * total) / mailed.length) < 1e-6);
      assert.ok(Math.abs(r.uplift.holdout.revenuePerCustomer - total / held.length) < 1e-6);

      const owner = await t.signIn(firm, 'owner');
      const timeline = (id: string) =>
        t.app
          .inject({
            method: 'GET',
            url: `/api/v1/customers/${id}/timeline`,
            headers: owner.headers,
          })
          .then((x) => x.json<{ events: { kind: string; summary: string; refId: string }[] }>());
      const got = (await timeline(mailed[0]!.id)).events.filter((e) => e.kind === 'campaign');
      assert.deepEqual(
        got.map((e) => [e.summary, e.refId]),
        [[`Campaign “Spring” received`, c.id]],
      );
      assert.equal(
        (await timeline(held[0]!.id)).events.filter((e) => e.kind === 'campaign').length,
        0,
      );
    });

    test('a scheduled campaign waits for its time; a cancelled one sends nothing more', async () => {
      await customersWithConsent(firm, 3, 'fan');
      const c = (await create(sales, { ...template, holdoutPercent: 0 })).json<{ id: string }>();
      const at = new Date(t.clock.now().getTime() + DAY).toISOString();
      const s = await t.app.inject({
        method: 'POST',
        url: `/api/v1/campaigns/${c.id}/schedule`,
        headers: sales.headers,
        payload: { at },
      });
      assert.equal(s.json<{ scheduledAt: string }>().scheduledAt, at);
      assert.equal(await queueDueCampaigns(deps()), 0, 'not yet');
      const edit = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/campaigns/${c.id}`,
        headers: sales.headers,
        payload: { name: 'Late' },
      });
      assert.equal(edit.statusCode, 409, 'a scheduled campaign is no longer a draft');
      t.clock.advance(DAY);
      assert.equal(await queueDueCampaigns(deps()), 1);
      const cancel = await t.app.inject({
        method: 'POST',
        url: `/api/v1/campaigns/${c.id}/cancel`,
        headers: sales.headers,
      });
      assert.equal(cancel.statusCode, 200, cancel.body);
      assert.equal(await sendAll(), 0);
      assert.equal((await recipients(c.id)).filter((r) => r.state === 'sent').length, 0);
    });
  });
