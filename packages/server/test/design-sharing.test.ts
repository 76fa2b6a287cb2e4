// Sharing a design makes a read-only link: with it a visitor views and compares the design and
// can "Make it mine" (an independent copy that records where it came from), but cannot save,
// restore, order, or see anything of the owner. The private edit token stays private.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type SignedIn, type TestApp, type Firm } from './helpers/app.ts';
import { snapshotDatabase } from './helpers/db.ts';
import { completePreset, quote, shopProduct } from './helpers/shop.ts';
import { apiOperations, sampleValue, type JsonSchema } from './helpers/openapi.ts';

type DesignBody = {
  id: string;
  name: string;
  token: string;
  editUrl: string | null;
  shared: boolean;
  remixedFrom: string | null;
  currentVersion: number;
  versions: { number: number; choices: Record<string, unknown>; personalization: object }[];
};

const OWNER_EMAIL = 'owner.of.the.card@example.com';
const MESSAGE = 'Happy birthday, Anna! Love, Bernd';

describe('read-only share links and "Make it mine"', () => {
  let t: TestApp;
  let firm: Firm;
  let card: Awaited<ReturnType<typeof shopProduct>>;
  let choices: Record<string, string | number | boolean>;
  let owner: DesignBody;
  let shareToken: string;
  let shareUrl: string;

  const designUrl = (id: string, rest = '', token?: string) =>
    `/api/v1/shop/alpha/designs/${id}${rest}${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  const sharedUrl = (id: string, rest = '', share = shareToken) =>
    `/api/v1/shop/alpha/shared-designs/${id}${rest}?share=${encodeURIComponent(share)}`;

  before(async () => {
    t = await createTestApp();
    firm = await t.seedFirm('alpha');
    card = await shopProduct(t, 'alpha', 'greeting-card');
    choices = completePreset(card);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/shop/alpha/designs',
      payload: {
        versionId: card.version.id,
        name: 'Card for Anna',
        choices,
        personalization: { message: MESSAGE },
        email: OWNER_EMAIL,
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    owner = created.json<DesignBody>();
    const second = await t.app.inject({
      method: 'POST',
      url: designUrl(owner.id, '/versions', owner.token),
      payload: { choices, personalization: { message: MESSAGE }, note: 'second draft' },
    });
    assert.equal(second.statusCode, 201, second.body);
  });
  after(async () => {
    await t.close();
  });

  test('the owner makes a read-only share link that is not the private edit link', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: designUrl(owner.id, '/share', owner.token),
    });
    assert.equal(res.statusCode, 201, res.body);
    ({ shareToken, shareUrl } = res.json<{ shareToken: string; shareUrl: string }>());
    assert.notEqual(shareToken, owner.token);
    assert.ok(!shareUrl.includes(owner.token), 'the share link does not carry the edit token');
    assert.ok(shareUrl.includes(encodeURIComponent(shareToken)));
    const mine = await t.app.inject({ method: 'GET', url: designUrl(owner.id, '', owner.token) });
    assert.equal(mine.json<DesignBody>().shared, true);
  });

  test('a stranger cannot make or revoke a share link', async () => {
    const before = await snapshotDatabase(t.testDb.database);
    for (const method of ['POST', 'DELETE'] as const) {
      for (const token of [undefined, shareToken, 'not-a-token']) {
        const res = await t.app.inject({ method, url: designUrl(owner.id, '/share', token) });
        assert.equal(res.statusCode, 404, `${method} share with ${String(token)}: ${res.body}`);
        assert.match(String(res.headers['content-type']), /application\/problem\+json/);
      }
    }
    assert.deepEqual(await snapshotDatabase(t.testDb.database), before);
  });

  test('with the share link a visitor sees the design and its versions, and nothing of the owner', async () => {
    const res = await t.app.inject({ method: 'GET', url: sharedUrl(owner.id) });
    assert.equal(res.statusCode, 200, res.body);
    const shared = res.json<Record<string, unknown> & { versions: Record<string, unknown>[] }>();
    assert.equal(shared.name, 'Card for Anna');
    assert.equal(shared.currentVersion, 2);
    assert.deepEqual(
      shared.versions.map((v) => v.number),
      [1, 2],
      'every version, to compare',
    );
    assert.deepEqual(shared.versions[1]!.choices, choices);
    const text = res.body;
    for (const secret of [OWNER_EMAIL, MESSAGE, owner.token, 'second draft'])
      assert.ok(!text.includes(secret), `the shared view does not show ${secret}`);
    for (const key of ['token', 'editUrl', 'shareUrl', 'email', 'customerId'])
      assert.ok(!(key in shared), `the shared view has no ${key}`);
    assert.ok(!('personalization' in shared.versions[0]!), 'no personal text');
  });

  test('the share token opens no design route: save, restore, view as owner, share, order all refused and nothing stored', async () => {
    const q = await quote(t, 'alpha', { versionId: card.version.id, choices });
    const attempts: {
      name: string;
      method: 'GET' | 'POST' | 'DELETE';
      url: string;
      payload?: object;
    }[] = [
      { name: 'view as owner', method: 'GET', url: designUrl(owner.id, '', shareToken) },
      {
        name: 'save a version',
        method: 'POST',
        url: designUrl(owner.id, '/versions', shareToken),
        payload: { choices, note: 'a stranger was here' },
      },
      {
        name: 'restore',
        method: 'POST',
        url: designUrl(owner.id, '/restore', shareToken),
        payload: { version: 1 },
      },
      { name: 'make a share link', method: 'POST', url: designUrl(owner.id, '/share', shareToken) },
      { name: 'revoke', method: 'DELETE', url: designUrl(owner.id, '/share', shareToken) },
      {
        name: 'order',
        method: 'POST',
        url: '/api/v1/shop/alpha/orders',
        payload: {
          versionId: card.version.id,
          choices,
          designId: owner.id,
          token: shareToken,
          email: 'stranger@example.com',
          expected: { total: q.total, currency: q.currency, promisedDate: q.promisedDate },
        },
      },
      // The share token is not an edit token anywhere it might be passed.
      {
        name: 'save through the shared route',
        method: 'POST',
        url: sharedUrl(owner.id, '/versions'),
        payload: { choices },
      },
    ];
    const before = await snapshotDatabase(t.testDb.database);
    for (const a of attempts) {
      const res = await t.app.inject({
        method: a.method,
        url: a.url,
        ...(a.payload ? { payload: a.payload } : {}),
      });
      assert.ok(
        res.statusCode === 404 || res.statusCode === 403,
        `${a.name} with the share token: ${res.statusCode} ${res.body}`,
      );
      assert.match(String(res.headers['content-type']), /application\/problem\+json/, a.name);
    }
    assert.deepEqual(await snapshotDatabase(t.testDb.database), before, 'nothing was stored');
    const mine = await t.app.inject({ method: 'GET', url: designUrl(owner.id, '', owner.token) });
    assert.equal(mine.json<DesignBody>().currentVersion, 2, 'the owner’s design is unchanged');
  });

  test('every route of the API that opens a design by its token refuses the share token, and nothing is stored', async () => {
    // Walks the OpenAPI document, so a design route added later is covered without editing this.
    const q = await quote(t, 'alpha', { versionId: card.version.id, choices });
    const valid: Record<string, object> = {
      'POST /api/v1/shop/{tenant}/designs/{id}/versions': { choices, note: 'a stranger was here' },
      'POST /api/v1/shop/{tenant}/designs/{id}/restore': { version: 1 },
      'POST /api/v1/shop/{tenant}/orders': {
        versionId: card.version.id,
        choices,
        designId: owner.id,
        token: shareToken,
        email: 'stranger@example.com',
        expected: { total: q.total, currency: q.currency, promisedDate: q.promisedDate },
      },
    };
    const takesDesignToken = (body: JsonSchema | null) =>
      body?.properties?.designId !== undefined && body.properties.token !== undefined;
    const routes = apiOperations(t.app).filter(
      (op) => op.path.startsWith('/api/v1/shop/{tenant}/designs/{id}') || takesDesignToken(op.body),
    );
    const names = routes.map((op) => `${op.method} ${op.path}`).sort();
    for (const expected of [
      'GET /api/v1/shop/{tenant}/designs/{id}',
      'GET /api/v1/shop/{tenant}/designs/{id}/comments',
      'POST /api/v1/shop/{tenant}/designs/{id}/versions',
      'POST /api/v1/shop/{tenant}/designs/{id}/restore',
      'POST /api/v1/shop/{tenant}/designs/{id}/share',
      'DELETE /api/v1/shop/{tenant}/designs/{id}/share',
      'DELETE /api/v1/shop/{tenant}/designs/{id}/comments/{commentId}',
      'POST /api/v1/shop/{tenant}/orders',
    ])
      assert.ok(
        names.includes(expected),
        `${expected} is among the routes walked: ${names.join(', ')}`,
      );

    const before = await snapshotDatabase(t.testDb.database);
    for (const op of routes) {
      const name = `${op.method} ${op.path}`;
      // Other ids (a comment's) are of a record that need not exist: the token is refused first.
      const url = op.url((param) =>
        param === 'tenant'
          ? 'alpha'
          : param === 'id'
            ? owner.id
            : '7f3c2a4e-2222-4abc-8def-0123456789ab',
      );
      const onPath = op.path.includes('/designs/{id}');
      let payload: object | undefined = valid[name];
      if (!payload && op.body) {
        const sample = sampleValue(op.body) as Record<string, unknown>;
        payload = onPath ? sample : { ...sample, designId: owner.id, token: shareToken };
      }
      const res = await t.app.inject({
        method: op.method,
        url: onPath ? `${url}?token=${encodeURIComponent(shareToken)}` : url,
        ...(payload ? { payload } : {}),
      });
      assert.ok(
        res.statusCode === 404 || res.statusCode === 403,
        `${name} with the share token: ${res.statusCode} ${res.body} (a 400 means the test needs a valid body for it in \`valid\`)`,
      );
      assert.match(String(res.headers['content-type']), /application\/problem\+json/, name);
      for (const secret of [OWNER_EMAIL, MESSAGE, owner.token, 'second draft'])
        assert.ok(!res.body.includes(secret), `${name} shows nothing of the owner`);
    }
    assert.deepEqual(await snapshotDatabase(t.testDb.database), before, 'nothing was stored');
  });

  test('a wrong share token or another design’s id answers 404', async () => {
    for (const url of [
      sharedUrl(owner.id, '', 'not-the-share-token'),
      sharedUrl(owner.id, '', owner.token),
      sharedUrl('7f3c2a4e-1111-4abc-8def-0123456789ab'),
    ]) {
      const res = await t.app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 404, `${url}: ${res.body}`);
    }
  });

  test('"Make it mine" as a guest copies the choices, not the owner’s text, into an independent design', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: sharedUrl(owner.id, '/remix'),
      payload: {},
    });
    assert.equal(res.statusCode, 201, res.body);
    const copy = res.json<DesignBody>();
    assert.notEqual(copy.id, owner.id);
    assert.notEqual(copy.token, owner.token);
    assert.equal(copy.remixedFrom, owner.id, 'the copy records where it came from');
    assert.equal(copy.currentVersion, 1);
    assert.deepEqual(copy.versions[0]!.choices, choices);
    assert.deepEqual(copy.versions[0]!.personalization, {}, 'the owner’s text stays theirs');
    assert.equal(copy.shared, false);

    const saved = await t.app.inject({
      method: 'POST',
      url: designUrl(copy.id, '/versions', copy.token),
      payload: { choices, personalization: { message: 'For my sister' } },
    });
    assert.equal(saved.statusCode, 201, saved.body);
    const original = await t.app.inject({
      method: 'GET',
      url: designUrl(owner.id, '', owner.token),
    });
    const o = original.json<DesignBody>();
    assert.equal(o.currentVersion, 2, 'saving the copy does not change the original');
    assert.equal(o.versions.length, 2);
    assert.equal(o.remixedFrom, null);
    const copyWithOwnerToken = await t.app.inject({
      method: 'GET',
      url: designUrl(copy.id, '', owner.token),
    });
    assert.equal(copyWithOwnerToken.statusCode, 404, 'the owner has no access to the copy');
  });

  test('"Make it mine" signed in puts the copy among the customer’s own designs', async () => {
    const buyer: SignedIn = await t.signIn(firm, 'buyer');
    const res = await t.app.inject({
      method: 'POST',
      url: sharedUrl(owner.id, '/remix'),
      headers: buyer.headers,
      payload: { name: 'My card' },
    });
    assert.equal(res.statusCode, 201, res.body);
    const copy = res.json<DesignBody>();
    assert.equal(copy.name, 'My card');
    const asCustomer = await t.app.inject({
      method: 'GET',
      url: designUrl(copy.id),
      headers: buyer.headers,
    });
    assert.equal(asCustomer.statusCode, 200, 'the customer opens it without a token');
  });

  test('a signed-in customer comments on the shared design; everyone with the link and the owner read it', async () => {
    const staff = await t.signIn(firm, 'owner');
    const buyer = await t.signIn(firm, 'buyer');
    const before = await snapshotDatabase(t.testDb.database);
    const asGuest = await t.app.inject({
      method: 'POST',
      url: sharedUrl(owner.id, '/comments'),
      payload: { body: 'Nice card!' },
    });
    assert.equal(asGuest.statusCode, 401, asGuest.body);
    assert.match(asGuest.body, /Sign in to comment/);
    const asStaff = await t.app.inject({
      method: 'POST',
      url: sharedUrl(owner.id, '/comments'),
      headers: staff.headers,
      payload: { body: 'From the workshop' },
    });
    assert.equal(asStaff.statusCode, 403, asStaff.body);
    assert.deepEqual(await snapshotDatabase(t.testDb.database), before, 'nothing stored');

    const text = '<b>Lovely</b> — maybe a red envelope? <script>alert(1)</script>';
    const posted = await t.app.inject({
      method: 'POST',
      url: sharedUrl(owner.id, '/comments'),
      headers: buyer.headers,
      payload: { body: `  ${text}  ` },
    });
    assert.equal(posted.statusCode, 201, posted.body);
    const comment = posted.json<{ id: string; author: string; body: string }>();
    assert.equal(comment.body, text, 'kept as the plain text written (trimmed)');
    assert.ok(comment.author.length > 0, 'signed with the customer’s name');

    const forVisitors = await t.app.inject({
      method: 'GET',
      url: sharedUrl(owner.id, '/comments'),
    });
    assert.equal(forVisitors.statusCode, 200, forVisitors.body);
    assert.deepEqual(
      forVisitors.json<{ body: string }[]>().map((c) => c.body),
      [text],
    );
    assert.ok(!forVisitors.body.includes('buyer@'), 'no email of the author');
    const forOwner = await t.app.inject({
      method: 'GET',
      url: designUrl(owner.id, '/comments', owner.token),
    });
    assert.equal(forOwner.statusCode, 200, forOwner.body);
    assert.deepEqual(
      forOwner.json<{ id: string }[]>().map((c) => c.id),
      [comment.id],
    );
    for (const url of [
      designUrl(owner.id, '/comments'),
      designUrl(owner.id, '/comments', shareToken),
      sharedUrl(owner.id, '/comments', 'not-the-share-token'),
    ]) {
      const res = await t.app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 404, `${url}: ${res.body}`);
    }
    for (const body of [{ body: '' }, { body: '   ' }, { body: 'x'.repeat(2001) }, {}]) {
      const res = await t.app.inject({
        method: 'POST',
        url: sharedUrl(owner.id, '/comments'),
        headers: buyer.headers,
        payload: body,
      });
      assert.equal(res.statusCode, 400, `${JSON.stringify(body).slice(0, 40)}: ${res.body}`);
      assert.match(res.body, /body/);
    }
  });

  test('"Make it mine" of a bike keeps the owner’s height theirs: the copy waits for the visitor’s own', async () => {
    const bike = await shopProduct(t, 'alpha', 'city-bike');
    const mine = completePreset(bike);
    assert.ok(mine.rider_height !== undefined);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/shop/alpha/designs',
      payload: { versionId: bike.version.id, name: 'My bike', choices: mine },
    });
    assert.equal(created.statusCode, 201, created.body);
    const design = created.json<DesignBody>();
    const shared = await t.app.inject({
      method: 'POST',
      url: designUrl(design.id, '/share', design.token),
    });
    const share = shared.json<{ shareToken: string }>().shareToken;
    const res = await t.app.inject({
      method: 'POST',
      url: sharedUrl(design.id, '/remix', share),
      payload: {},
    });
    assert.equal(res.statusCode, 201, res.body);
    const copied = res.json<DesignBody>().versions[0]!.choices;
    const { rider_height: _height, ...rest } = mine;
    assert.deepEqual(copied, rest, 'every choice but the owner’s height');
  });

  test('without a share token the shared design is not found; bad input is a 400 naming the field', async () => {
    const noShare = await t.app.inject({
      method: 'GET',
      url: `/api/v1/shop/alpha/shared-designs/${owner.id}`,
    });
    assert.equal(noShare.statusCode, 404, noShare.body);
    const badName = await t.app.inject({
      method: 'POST',
      url: sharedUrl(owner.id, '/remix'),
      payload: { name: '' },
    });
    assert.equal(badName.statusCode, 400, badName.body);
    assert.match(badName.body, /name/);
  });

  test('after the owner revokes it, the share link answers 404 and cannot be copied', async () => {
    const before = await snapshotDatabase(t.testDb.database);
    const revoke = await t.app.inject({
      method: 'DELETE',
      url: designUrl(owner.id, '/share', owner.token),
    });
    assert.equal(revoke.statusCode, 204, revoke.body);
    const view = await t.app.inject({ method: 'GET', url: sharedUrl(owner.id) });
    assert.equal(view.statusCode, 404, view.body);
    const afterRevoke = await snapshotDatabase(t.testDb.database);
    const remix = await t.app.inject({
      method: 'POST',
      url: sharedUrl(owner.id, '/remix'),
      payload: {},
    });
    assert.equal(remix.statusCode, 404, remix.body);
    assert.deepEqual(await snapshotDatabase(t.testDb.database), afterRevoke, 'no copy made');
    assert.notDeepEqual(afterRevoke, before, 'the revocation itself was stored');
    const mine = await t.app.inject({ method: 'GET', url: designUrl(owner.id, '', owner.token) });
    assert.equal(mine.json<DesignBody>().shared, false);

    const again = await t.app.inject({
      method: 'POST',
      url: designUrl(owner.id, '/share', owner.token),
    });
    assert.equal(again.statusCode, 201);
    const fresh = again.json<{ shareToken: string }>().shareToken;
    assert.notEqual(fresh, shareToken, 'a new link, never the revoked one');
    const old = await t.app.inject({ method: 'GET', url: sharedUrl(owner.id) });
    assert.equal(old.statusCode, 404, 'the revoked token stays dead');
    const current = await t.app.inject({ method: 'GET', url: sharedUrl(owner.id, '', fresh) });
    assert.equal(current.statusCode, 200);
  });
});
