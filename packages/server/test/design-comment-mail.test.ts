// The owner of a shared design hears of new comments by email, through the outbox: a guest owner
// at the design's email, a signed-in owner at their account's email (with the design's link).
// At most one email per design an hour, however busy the thread, also when comments arrive at
// the same moment; no email about the owner's own comment.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, asc, eq } from 'drizzle-orm';
import { outbox } from '../src/notify/notify.schema.ts';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { signUpCustomer } from './helpers/accounts.ts';
import { completePreset, shopProduct } from './helpers/shop.ts';

describe('comment emails to the owner of a shared design', () => {
  let t: TestApp;
  let firm: Firm;
  let card: Awaited<ReturnType<typeof shopProduct>>;
  let buyer: SignedIn;
  let approver: SignedIn;

  before(async () => {
    t = await createTestApp();
    firm = await t.seedFirm('alpha');
    card = await shopProduct(t, 'alpha', 'greeting-card');
    buyer = await t.signIn(firm, 'buyer');
    approver = await t.signIn(firm, 'approver');
  });
  after(async () => {
    await t.close();
  });

  /** A design saved (by `who`, or a guest with `email`) and shared; its id and share token. */
  async function sharedDesign(name: string, owner: { who?: SignedIn; email?: string }) {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/shop/alpha/designs',
      headers: owner.who?.headers ?? {},
      payload: {
        versionId: card.version.id,
        name,
        choices: completePreset(card),
        ...(owner.email ? { email: owner.email } : {}),
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    const design = created.json<{ id: string; token: string }>();
    const shared = await t.app.inject({
      method: 'POST',
      url: `/api/v1/shop/alpha/designs/${design.id}/share?token=${encodeURIComponent(design.token)}`,
      headers: owner.who?.headers ?? {},
    });
    assert.equal(shared.statusCode, 201, shared.body);
    return { id: design.id, share: shared.json<{ shareToken: string }>().shareToken };
  }

  const comment = (who: SignedIn, design: { id: string; share: string }, body: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/shop/alpha/shared-designs/${design.id}/comments?share=${encodeURIComponent(design.share)}`,
      headers: who.headers,
      payload: { body },
    });

  async function commented(who: SignedIn, design: { id: string; share: string }, body: string) {
    const res = await comment(who, design, body);
    assert.equal(res.statusCode, 201, res.body);
  }

  const commentMails = (to: string) =>
    t.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.toEmail, to), eq(outbox.event, 'design.commented')))
      .orderBy(asc(outbox.createdAt));

  test('a guest owner is emailed at the design’s address, once an hour however busy the thread', async () => {
    const guest = 'guest.owner@example.org';
    const design = await sharedDesign('Card for Grandma', { email: guest });
    assert.deepEqual(await commentMails(guest), [], 'no comment, no email');

    await commented(buyer, design, 'Lovely colours and a fine font');
    const [first, ...none] = await commentMails(guest);
    assert.ok(first, 'the owner is told');
    assert.deepEqual(none, []);
    assert.equal(first.subject, 'New comment on your design "Card for Grandma"');
    assert.match(first.text, /Someone commented on your design "Card for Grandma"/);
    assert.match(first.text, /private link we sent you/, 'a guest opens it with their own link');
    assert.match(first.html ?? '', /Someone commented on your design &quot;Card for Grandma&quot;/);
    for (const part of [first.text, first.html ?? ''])
      assert.ok(
        !part.includes('Lovely colours') && !part.includes('Acme Buyer'),
        'neither the comment nor its author: the mail outlives the author’s erasure',
      );
    assert.match(first.text, /Unsubscribe/, 'not essential: it can be unsubscribed');

    // A busy thread within the hour: no more email.
    t.clock.advance(10 * 60 * 1000);
    await commented(approver, design, 'Agreed!');
    t.clock.advance(40 * 60 * 1000);
    await commented(buyer, design, 'Maybe a red envelope?');
    assert.equal((await commentMails(guest)).length, 1, 'one email in the first hour');

    // An hour after the last email, the next comment is told again.
    t.clock.advance(10 * 60 * 1000 + 1);
    await commented(approver, design, 'Red it is.');
    const mails = await commentMails(guest);
    assert.equal(mails.length, 2, 'the next hour’s first comment is told');
  });

  test('a signed-in owner is emailed at their account’s address with the design’s link, not about their own comments', async () => {
    const owner = await signUpCustomer(t, firm, {
      email: 'signed.in.owner@example.org',
      name: 'Olga Owner',
      password: 'a card for everyone',
    });
    const design = await sharedDesign('Olga’s card', { who: owner });

    await commented(owner, design, 'What do you all think?');
    assert.deepEqual(await commentMails('signed.in.owner@example.org'), [], 'not her own');

    await commented(buyer, design, 'Looks great');
    const mails = await commentMails('signed.in.owner@example.org');
    assert.equal(mails.length, 1);
    assert.ok(
      mails[0]!.text.includes(`/designs/${design.id}`),
      'the owner opens it signed in, without a token',
    );
    assert.equal(
      (await t.db.select().from(outbox).where(eq(outbox.event, 'design.commented'))).filter((m) =>
        m.toEmail.includes('buyer@'),
      ).length,
      0,
      'the author is not emailed',
    );
  });

  test('comments arriving at the same moment send one email', async () => {
    const guest = 'busy.thread@example.org';
    const design = await sharedDesign('Busy card', { email: guest });
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => comment(i % 2 ? buyer : approver, design, `No. ${i}`)),
    );
    assert.deepEqual(
      answers.map((a) => a.statusCode),
      [201, 201, 201, 201, 201, 201],
    );
    assert.equal((await commentMails(guest)).length, 1);
  });
});
