// Writes a duplicate would harm (a second message, comment or conversation, and the emails they
// send) answer atomically with an Idempotency-Key: duplicates sent at the same moment and a later
// retry get the first answer, and it is written once; and when the server dies between the write
// and storing its answer, the write is not kept either, so the retry writes it exactly once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { messages, conversations } from '../src/dialogue/dialogue.schema.ts';
import { outbox } from '../src/notify/notify.schema.ts';
import { designComments, designs, designVersions } from '../src/studio/studio.schema.ts';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { answersLost } from './helpers/lost-answers.ts';
import { signUpCustomer } from './helpers/accounts.ts';
import { buildableDesign } from './helpers/designs.ts';
import { completePreset, shopProduct } from './helpers/shop.ts';

let t: TestApp;
let firm: Firm;
let owner: SignedIn;
let buyer: SignedIn;

before(async () => {
  t = await createTestApp();
  firm = await t.seedFirm('alpha');
  owner = await t.signIn(firm, 'owner');
  buyer = await t.signIn(firm, 'buyer');
});
after(() => t.close());

type Post = { url: string; who: SignedIn; payload: object };
const post = ({ url, who, payload }: Post, key: string) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { ...who.headers, 'idempotency-key': key },
    payload,
  });

/** The first try's answer is lost (the server died); the retry, after the claim lapsed. */
async function retriedAfterLostAnswer(request: Post, key: string): Promise<LightMyRequestResponse> {
  const lost = await answersLost(t, () => post(request, key));
  assert.ok(lost.statusCode >= 500, `the first answer never arrived: ${lost.statusCode}`);
  t.clock.advance(3 * 60 * 1000);
  const retry = await post(request, key);
  assert.equal(retry.statusCode, 201, retry.body);
  return retry;
}

/** Four at once and a retry after: each gets the first's answer, replayed but for the first. */
async function sentThrice(request: Post, key: string): Promise<LightMyRequestResponse> {
  const both = await Promise.all(Array.from({ length: 4 }, () => post(request, key)));
  const retry = await post(request, key);
  const all = [...both, retry];
  assert.deepEqual(
    all.map((r) => r.statusCode),
    [201, 201, 201, 201, 201],
    all.map((r) => r.body).join('\n'),
  );
  assert.equal(
    all.filter((r) => r.headers['idempotent-replayed'] === 'true').length,
    all.length - 1,
    'the duplicates and the retry replay the first answer',
  );
  const first = all.find((r) => r.headers['idempotent-replayed'] !== 'true')!;
  for (const r of all) assert.deepEqual(r.json(), first.json(), 'one answer, every time');
  return first;
}

test('starting a conversation twice at once, again, or again after its answer was lost starts it once', async () => {
  const first = await sentThrice(
    {
      url: '/api/v1/conversations',
      who: buyer,
      payload: { subject: { kind: 'customer' }, topic: 'Delivery', body: 'When do you deliver?' },
    },
    'start-1',
  );
  const id = first.json<{ conversation: { id: string } }>().conversation.id;
  const topics = async (topic: string) =>
    (
      await t.db
        .select()
        .from(conversations)
        .where(and(eq(conversations.tenantId, firm.tenant.id), eq(conversations.topic, topic)))
    ).map((c) => c.id);
  assert.deepEqual(await topics('Delivery'), [id]);

  const retry = await retriedAfterLostAnswer(
    {
      url: '/api/v1/conversations',
      who: buyer,
      payload: { subject: { kind: 'customer' }, topic: 'Invoice', body: 'Where is my invoice?' },
    },
    'start-2',
  );
  assert.deepEqual(
    await topics('Invoice'),
    [retry.json<{ conversation: { id: string } }>().conversation.id],
    'started once, by the retry',
  );
});

test('a staff reply sent twice at once, again, or again after its answer was lost is written and emailed once', async () => {
  const started = await t.app.inject({
    method: 'POST',
    url: '/api/v1/conversations',
    headers: buyer.headers,
    payload: { subject: { kind: 'customer' }, topic: 'Colours', body: 'Is teal possible?' },
  });
  assert.equal(started.statusCode, 201, started.body);
  const conversationId = started.json<{ conversation: { id: string } }>().conversation.id;
  const before = await t.db.select().from(outbox).where(eq(outbox.event, 'message.created'));

  await sentThrice(
    {
      url: `/api/v1/conversations/${conversationId}/messages`,
      who: owner,
      payload: { body: 'Yes, teal is possible.' },
    },
    'reply-1',
  );

  const written = await t.db
    .select()
    .from(messages)
    .where(eq(messages.conversationId, conversationId));
  assert.deepEqual(
    written.map((m) => m.body),
    ['Is teal possible?', 'Yes, teal is possible.'],
  );
  const after = await t.db.select().from(outbox).where(eq(outbox.event, 'message.created'));
  assert.equal(after.length - before.length, 1, 'the customer is emailed once');

  await retriedAfterLostAnswer(
    {
      url: `/api/v1/conversations/${conversationId}/messages`,
      who: owner,
      payload: { body: 'And it costs nothing extra.' },
    },
    'reply-2',
  );
  const then = await t.db
    .select()
    .from(messages)
    .where(eq(messages.conversationId, conversationId));
  assert.deepEqual(
    then.map((m) => m.body),
    ['Is teal possible?', 'Yes, teal is possible.', 'And it costs nothing extra.'],
    'written once, by the retry',
  );
  const mails = await t.db.select().from(outbox).where(eq(outbox.event, 'message.created'));
  assert.equal(mails.length - after.length, 1, 'and emailed once');
});

test('a comment sent twice at once, again, or again after its answer was lost is posted once', async () => {
  const card = await shopProduct(t, 'alpha', 'greeting-card');
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/shop/alpha/designs',
    payload: {
      versionId: card.version.id,
      name: 'Shared card',
      choices: completePreset(card),
      email: 'card.owner@example.org',
    },
  });
  assert.equal(created.statusCode, 201, created.body);
  const design = created.json<{ id: string; token: string }>();
  const shared = await t.app.inject({
    method: 'POST',
    url: `/api/v1/shop/alpha/designs/${design.id}/share?token=${encodeURIComponent(design.token)}`,
  });
  const share = shared.json<{ shareToken: string }>().shareToken;

  await sentThrice(
    {
      url: `/api/v1/shop/alpha/shared-designs/${design.id}/comments?share=${encodeURIComponent(share)}`,
      who: buyer,
      payload: { body: 'Love it' },
    },
    'comment-1',
  );

  const posted = await t.db
    .select()
    .from(designComments)
    .where(eq(designComments.designId, design.id));
  assert.deepEqual(
    posted.map((c) => c.body),
    ['Love it'],
  );

  await retriedAfterLostAnswer(
    {
      url: `/api/v1/shop/alpha/shared-designs/${design.id}/comments?share=${encodeURIComponent(share)}`,
      who: buyer,
      payload: { body: 'Still love it' },
    },
    'comment-2',
  );
  const then = await t.db
    .select()
    .from(designComments)
    .where(eq(designComments.designId, design.id));
  assert.deepEqual(
    then.map((c) => c.body).sort(),
    ['Love it', 'Still love it'],
    'posted once, by the retry',
  );
});

test('a guest’s design saved twice at once, again, or again after its answer was lost is saved and emailed once', async () => {
  const card = await shopProduct(t, 'alpha', 'greeting-card');
  const guest = 'guest.saver@example.org';
  const save = (name: string) => ({
    url: '/api/v1/shop/alpha/designs',
    who: { headers: {} } as SignedIn,
    payload: { versionId: card.version.id, name, choices: completePreset(card), email: guest },
  });
  const designsNamed = async (name: string) =>
    (await t.db.select().from(designs).where(eq(designs.name, name))).map((d) => d.id);
  const linkMails = async () =>
    (await t.db.select().from(outbox).where(eq(outbox.toEmail, guest))).filter(
      (m) => m.event === 'design.saved',
    ).length;

  const first = await sentThrice(save('Saved at once'), 'save-1');
  assert.deepEqual(await designsNamed('Saved at once'), [first.json<{ id: string }>().id]);
  assert.equal(await linkMails(), 1, 'the private link is emailed once');

  const retry = await retriedAfterLostAnswer(save('Saved after a crash'), 'save-2');
  const saved = retry.json<{ id: string; token: string }>();
  assert.deepEqual(await designsNamed('Saved after a crash'), [saved.id], 'saved once');
  assert.equal(await linkMails(), 2, 'and emailed once');
  const opened = await t.app.inject({
    method: 'GET',
    url: `/api/v1/shop/alpha/designs/${saved.id}?token=${encodeURIComponent(saved.token)}`,
  });
  assert.equal(opened.statusCode, 200, 'the token the retry got opens the design');
});

test('"Make it mine" twice at once, again, or again after its answer was lost makes one copy', async () => {
  const card = await shopProduct(t, 'alpha', 'greeting-card');
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/shop/alpha/designs',
    payload: { versionId: card.version.id, name: 'Original', choices: completePreset(card) },
  });
  const source = created.json<{ id: string; token: string }>();
  const shared = await t.app.inject({
    method: 'POST',
    url: `/api/v1/shop/alpha/designs/${source.id}/share?token=${encodeURIComponent(source.token)}`,
  });
  const share = shared.json<{ shareToken: string }>().shareToken;
  const remix = (name: string) => ({
    url: `/api/v1/shop/alpha/shared-designs/${source.id}/remix?share=${encodeURIComponent(share)}`,
    who: buyer,
    payload: { name },
  });
  const copies = async (name: string) =>
    (await t.db.select().from(designs).where(eq(designs.name, name))).map((d) => d.remixedFrom);

  await sentThrice(remix('My copy'), 'remix-1');
  assert.deepEqual(await copies('My copy'), [source.id]);
  await retriedAfterLostAnswer(remix('My copy after a crash'), 'remix-2');
  assert.deepEqual(await copies('My copy after a crash'), [source.id], 'one copy');
});

test('a new design version sent twice at once, again, or again after its answer was lost is saved once', async () => {
  const card = await shopProduct(t, 'alpha', 'greeting-card');
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/shop/alpha/designs',
    headers: owner.headers,
    payload: { versionId: card.version.id, name: 'Versioned', choices: completePreset(card) },
  });
  assert.equal(created.statusCode, 201, created.body);
  const design = created.json<{ id: string }>();
  const saveVersion = (note: string) => ({
    url: `/api/v1/shop/alpha/designs/${design.id}/versions`,
    who: owner,
    payload: { choices: completePreset(card), note },
  });
  const notes = async () =>
    (await t.db.select().from(designVersions).where(eq(designVersions.designId, design.id)))
      .map((v) => v.note)
      .filter((n) => n !== null)
      .sort();

  await sentThrice(saveVersion('Saved at once'), 'version-1');
  assert.deepEqual(await notes(), ['Saved at once']);
  await retriedAfterLostAnswer(saveVersion('Saved after a crash'), 'version-2');
  assert.deepEqual(await notes(), ['Saved after a crash', 'Saved at once'], 'each saved once');
});

test('restoring a version twice at once, again, or again after its answer was lost restores it once', async () => {
  const card = await shopProduct(t, 'alpha', 'greeting-card');
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/shop/alpha/designs',
    headers: owner.headers,
    payload: { versionId: card.version.id, name: 'Restored', choices: completePreset(card) },
  });
  const design = created.json<{ id: string }>();
  const restore = {
    url: `/api/v1/shop/alpha/designs/${design.id}/restore`,
    who: owner,
    payload: { version: 1 },
  };
  const count = async () =>
    (await t.db.select().from(designVersions).where(eq(designVersions.designId, design.id))).length;

  await sentThrice(restore, 'restore-1');
  assert.equal(await count(), 2, 'the original and one restored copy');
  await retriedAfterLostAnswer(restore, 'restore-2');
  assert.equal(await count(), 3, 'one more, once');
});

test('accepting a revised design again after its answer was lost replays the acceptance, applied once', async () => {
  const ada = await signUpCustomer(t, firm, {
    email: 'ada.revision@example.org',
    name: 'Ada Revision',
    password: 'revisions twice 1',
  });
  const design = await buildableDesign(t, firm);
  const call = (who: SignedIn, url: string, payload?: object, key?: string) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { ...who.headers, ...(key ? { 'idempotency-key': key } : {}) },
      ...(payload ? { payload } : {}),
    });
  const saved = await call(ada, '/api/v1/shop/alpha/designs', {
    versionId: design.versionId,
    name: 'Revised once',
    choices: design.choices,
  });
  const designId = saved.json<{ id: string }>().id;
  const started = await call(ada, '/api/v1/conversations', {
    subject: { kind: 'design', id: designId },
    topic: 'Revised once',
    body: 'Could you change it?',
  });
  const conversationId = started.json<{ conversation: { id: string } }>().conversation.id;
  const asked = await call(ada, `/api/v1/conversations/${conversationId}/revisions`, {
    request: 'Another option, please.',
  });
  const revisionId = asked.json<{ id: string }>().id;
  const proposed = await call(owner, `/api/v1/revisions/${revisionId}/proposal`, {
    message: 'Here it is.',
    choices: design.alternative,
  });
  assert.equal(proposed.statusCode, 200, proposed.body);

  const accept = () => call(ada, `/api/v1/revisions/${revisionId}/accept`, undefined, 'accept-1');
  const lost = await answersLost(t, accept);
  assert.ok(lost.statusCode >= 500, `the first answer never arrived: ${lost.statusCode}`);
  t.clock.advance(3 * 60 * 1000);
  const retry = await accept();
  assert.equal(retry.statusCode, 200, retry.body);
  assert.equal(retry.json<{ status: string }>().status, 'accepted');
  const versions = await t.db
    .select()
    .from(designVersions)
    .where(eq(designVersions.designId, designId));
  assert.equal(versions.length, 2, 'the design gained the accepted version once');
  const accepted = await t.db
    .select()
    .from(messages)
    .where(
      and(eq(messages.conversationId, conversationId), eq(messages.kind, 'revision-accepted')),
    );
  assert.equal(accepted.length, 1, 'the acceptance is in the conversation once');
});
