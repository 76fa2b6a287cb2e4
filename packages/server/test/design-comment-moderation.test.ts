// Moderating comments on shared designs: the design's owner deletes a comment on their design
// (through the owner's own access: the private token or their account); staff (owner or sales)
// list the firm's comments and hide one, audited, and can show it again. A hidden or deleted
// comment is shown to nobody through the share link or on the design. Nobody else — the share
// link, the comment's author, another design's owner, other staff roles, another firm — can do
// either, and a refusal writes nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { snapshotDatabase } from './helpers/db.ts';
import { completePreset, shopProduct } from './helpers/shop.ts';

type Shared = { id: string; token: string; share: string };
type Comment = { id: string; body: string };
type StaffComment = Comment & { designId: string; designName: string; hidden: boolean };

describe('moderating comments on shared designs', () => {
  let t: TestApp;
  let firm: Firm;
  let beta: Firm;
  let card: Awaited<ReturnType<typeof shopProduct>>;
  let buyer: SignedIn;
  let approver: SignedIn;
  let owner: SignedIn;
  let sales: SignedIn;

  before(async () => {
    t = await createTestApp();
    firm = await t.seedFirm('alpha');
    beta = await t.seedFirm('beta');
    card = await shopProduct(t, 'alpha', 'greeting-card');
    buyer = await t.signIn(firm, 'buyer');
    approver = await t.signIn(firm, 'approver');
    owner = await t.signIn(firm, 'owner');
    sales = await t.signIn(firm, 'sales');
  });
  after(async () => {
    await t.close();
  });

  /** A guest's saved design (or `who`'s), shared: its id, private token and share token. */
  async function sharedDesign(name: string, who?: SignedIn): Promise<Shared> {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/shop/alpha/designs',
      headers: who?.headers ?? {},
      payload: { versionId: card.version.id, name, choices: completePreset(card) },
    });
    assert.equal(created.statusCode, 201, created.body);
    const design = created.json<{ id: string; token: string }>();
    const shared = await t.app.inject({
      method: 'POST',
      url: `/api/v1/shop/alpha/designs/${design.id}/share?token=${encodeURIComponent(design.token)}`,
      headers: who?.headers ?? {},
    });
    assert.equal(shared.statusCode, 201, shared.body);
    return { ...design, share: shared.json<{ shareToken: string }>().shareToken };
  }

  async function comment(who: SignedIn, design: Shared, body: string): Promise<Comment> {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/shop/alpha/shared-designs/${design.id}/comments?share=${encodeURIComponent(design.share)}`,
      headers: who.headers,
      payload: { body },
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json<Comment>();
  }

  /** The comment bodies everyone with the link reads, and those the owner reads on the design. */
  async function shown(
    design: Shared,
    who?: SignedIn,
  ): Promise<{ link: string[]; owner: string[] }> {
    const link = await t.app.inject({
      method: 'GET',
      url: `/api/v1/shop/alpha/shared-designs/${design.id}/comments?share=${encodeURIComponent(design.share)}`,
    });
    assert.equal(link.statusCode, 200, link.body);
    const mine = await t.app.inject({
      method: 'GET',
      url: `/api/v1/shop/alpha/designs/${design.id}/comments?token=${encodeURIComponent(design.token)}`,
      headers: who?.headers ?? {},
    });
    assert.equal(mine.statusCode, 200, mine.body);
    return {
      link: link.json<Comment[]>().map((c) => c.body),
      owner: mine.json<Comment[]>().map((c) => c.body),
    };
  }

  const remove = (design: { id: string }, commentId: string, token?: string, who?: SignedIn) =>
    t.app.inject({
      method: 'DELETE',
      url: `/api/v1/shop/alpha/designs/${design.id}/comments/${commentId}${token ? `?token=${encodeURIComponent(token)}` : ''}`,
      headers: who?.headers ?? {},
    });

  const staffComments = async (who: SignedIn): Promise<StaffComment[]> => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/design-comments',
      headers: who.headers,
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<StaffComment[]>();
  };

  const setHidden = (who: SignedIn, commentId: string, action: 'hide' | 'show') =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/design-comments/${commentId}/${action}`,
      headers: who.headers,
    });

  test('the owner deletes a comment on their design: gone for everyone with the link and for the owner', async () => {
    const design = await sharedDesign('Card for Jonas');
    const rude = await comment(buyer, design, 'What an ugly card');
    await comment(approver, design, 'Lovely colours');
    const res = await remove(design, rude.id, design.token);
    assert.equal(res.statusCode, 204, res.body);
    assert.deepEqual(await shown(design), { link: ['Lovely colours'], owner: ['Lovely colours'] });
    const again = await remove(design, rude.id, design.token);
    assert.equal(again.statusCode, 404, 'a deleted comment is not found again');
  });

  test('a signed-in owner deletes a comment on their design without the private token', async () => {
    const design = await sharedDesign('Card for Oma', approver);
    const spam = await comment(buyer, design, 'Buy cheap watches');
    const res = await remove(design, spam.id, undefined, approver);
    assert.equal(res.statusCode, 204, res.body);
    assert.deepEqual((await shown(design, approver)).link, []);
  });

  test('nobody else deletes a comment: not the share link, not its author, not another design’s owner; nothing changes', async () => {
    const design = await sharedDesign('Card for Lea');
    const other = await sharedDesign('Card for Max');
    const kept = await comment(buyer, design, 'Keep me');
    const before = await snapshotDatabase(t.testDb.database);
    const attempts = [
      ['no token', remove(design, kept.id)],
      ['the share token', remove(design, kept.id, design.share)],
      ['the author, signed in', remove(design, kept.id, undefined, buyer)],
      ['another design’s owner, on that design', remove(other, kept.id, other.token)],
      ['staff, as on the shop', remove(design, kept.id, undefined, owner)],
    ] as const;
    for (const [who, attempt] of attempts) {
      const res = await attempt;
      assert.ok([401, 403, 404].includes(res.statusCode), `${who}: ${res.statusCode} ${res.body}`);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/, who);
    }
    const malformed = await remove(design, 'not-a-uuid', design.token);
    assert.equal(malformed.statusCode, 400, malformed.body);
    assert.match(malformed.body, /commentId/);
    assert.deepEqual(await snapshotDatabase(t.testDb.database), before, 'nothing changed');
    assert.deepEqual((await shown(design)).link, ['Keep me']);
  });

  test('staff hide a comment: shown to nobody, audited, and shown again when they take it back', async () => {
    const design = await sharedDesign('Card for Ines');
    const bad = await comment(buyer, design, 'Visit my shop at example.com');
    await comment(approver, design, 'So pretty');

    const listed = (await staffComments(sales)).find((c) => c.id === bad.id);
    assert.ok(listed, 'staff find the comment in the firm’s list');
    assert.equal(listed.designId, design.id);
    assert.equal(listed.designName, 'Card for Ines');
    assert.equal(listed.hidden, false);

    const hidden = await setHidden(sales, bad.id, 'hide');
    assert.equal(hidden.statusCode, 200, hidden.body);
    assert.equal(hidden.json<StaffComment>().hidden, true);
    assert.deepEqual(await shown(design), { link: ['So pretty'], owner: ['So pretty'] });
    assert.equal((await staffComments(owner)).find((c) => c.id === bad.id)?.hidden, true);

    const audit = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit',
      headers: owner.headers,
    });
    const entry = audit
      .json<{ resource: string; resourceId: string; action: string; actorStaffId: string }[]>()
      .find((e) => e.resourceId === bad.id);
    assert.ok(entry, 'hiding is in the audit log');
    assert.equal(entry.resource, 'design comment');
    assert.equal(entry.action, 'change');
    assert.equal(entry.actorStaffId, sales.userId);

    const back = await setHidden(owner, bad.id, 'show');
    assert.equal(back.statusCode, 200, back.body);
    assert.equal(back.json<StaffComment>().hidden, false);
    assert.deepEqual((await shown(design)).link, ['Visit my shop at example.com', 'So pretty']);
  });

  test('customers, guests, staff without the role and another firm cannot hide; nothing changes', async () => {
    const design = await sharedDesign('Card for Pia');
    const c = await comment(buyer, design, 'Nice one');
    const betaOwner = await t.signIn(beta, 'owner');
    const operations = await t.signIn(firm, 'operations');
    const before = await snapshotDatabase(t.testDb.database);
    for (const [who, headers, status] of [
      ['a guest', {}, 401],
      ['a customer', buyer.headers, 403],
      ['operations staff', operations.headers, 403],
      ['another firm’s owner', betaOwner.headers, 404],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/design-comments/${c.id}/hide`,
        headers,
      });
      assert.equal(res.statusCode, status, `${who}: ${res.body}`);
    }
    assert.equal(
      (await staffComments(betaOwner)).some((x) => x.id === c.id),
      false,
      'another firm does not list it',
    );
    assert.deepEqual(await snapshotDatabase(t.testDb.database), before, 'nothing changed');
  });
});
