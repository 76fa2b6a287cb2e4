// Privacy by design, through the API, on PGlite and (when configured) PostgreSQL: erasure leaves
// no trace, consent is checked at the moment of use, rewards for opting in are gifts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, sql } from 'drizzle-orm';
import { knownDevices } from '../src/auth/auth.schema.ts';
import { accountHash } from '../src/auth/login-throttle.ts';
import { listTables } from '../src/db/migrate.ts';
import { quoteIdent } from '../src/db/connect.ts';
import { orders } from '../src/orders/orders.schema.ts';
import { profileRecords } from '../src/privacy/privacy.schema.ts';
import { useReward } from '../src/privacy/rewards.ts';
import { runRetention } from '../src/privacy/retention.ts';
import { designs } from '../src/studio/studio.schema.ts';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { testDatabaseTargets } from './helpers/db.ts';
import { lastMailTo, linkToken, signInCustomer, signUpCustomer } from './helpers/accounts.ts';
import { buildableDesign, placeTestOrder } from './helpers/designs.ts';

/** Tables (with the count of rows) whose text, JSON or bytes contain `needle`. */
async function tracesOf(t: TestApp, needle: string): Promise<string[]> {
  const found: string[] = [];
  const hex = Buffer.from(needle).toString('hex');
  for (const table of await listTables(t.testDb.database)) {
    const result = await t.db.execute(
      sql.raw(
        `select count(*)::int as n from ${quoteIdent(table)} r
         where strpos(lower(r::text), lower('${needle.replaceAll("'", "''")}')) > 0 or strpos(r::text, '${hex}') > 0`,
      ),
    );
    const n = (result as unknown as { rows: { n: number }[] }).rows[0]!.n;
    if (n > 0) found.push(`${table} (${n})`);
  }
  return found;
}

for (const target of testDatabaseTargets()) {
  describe(`privacy on ${target.name}`, () => {
    let t: TestApp;
    let firm: Firm;
    let owner: SignedIn;

    before(async () => {
      t = await createTestApp({ testDb: await target.open() });
      firm = await t.seedFirm('alpha');
      owner = await t.signIn(firm, 'owner');
    });
    after(async () => {
      await t.close();
      await t.testDb.close();
    });

    test('the studio remembers needs answers only with personalization consent, and guests never', async () => {
      const c = await signUpCustomer(t, firm, {
        email: 'nadia.needs@example.org',
        name: 'Nadia Needs',
        password: 'walnut frame 2026',
      });
      const slug = firm.tenant.slug;
      const answers = { riding: 'commute', storage: 'stairs' };
      const put = (headers: Record<string, string>) =>
        t.app.inject({
          method: 'PUT',
          url: `/api/v1/shop/${slug}/needs-answers`,
          headers,
          payload: { product: 'city-bike', answers },
        });
      const get = async (headers: Record<string, string>) =>
        (
          await t.app.inject({
            method: 'GET',
            url: `/api/v1/shop/${slug}/needs-answers?product=city-bike`,
            headers,
          })
        ).json<{ personalized: boolean; answers: Record<string, string> | null }>();

      assert.deepEqual((await put(c.headers)).json(), { recorded: false }, 'no consent yet');
      assert.deepEqual(await get(c.headers), { personalized: false, answers: null });
      assert.deepEqual((await put({})).json(), { recorded: false }, 'a guest is never profiled');

      const give = await t.app.inject({
        method: 'POST',
        url: '/api/v1/privacy/consents',
        headers: c.headers,
        payload: { purpose: 'personalization', given: true, screen: 'studio', noticeVersion: 1 },
      });
      assert.equal(give.statusCode, 200, give.body);
      assert.deepEqual((await put(c.headers)).json(), { recorded: true });
      assert.deepEqual(await get(c.headers), { personalized: true, answers });

      const withdraw = await t.app.inject({
        method: 'POST',
        url: '/api/v1/privacy/consents',
        headers: c.headers,
        payload: { purpose: 'personalization', given: false, screen: 'studio', noticeVersion: 1 },
      });
      assert.equal(withdraw.statusCode, 200, withdraw.body);
      assert.deepEqual(await get(c.headers), { personalized: false, answers: null });
    });

    test('staff reading a customer or their order is in the audit log, which only the owner reads', async () => {
      const quinn = {
        email: 'quinn.audit@example.org',
        name: 'Quinn Audit',
        password: 'walnut frame 2026',
      };
      const c = await signUpCustomer(t, firm, quinn);
      const order = await placeTestOrder(t, firm, await buildableDesign(t, firm), {
        customerId: c.userId,
        email: quinn.email,
      });
      const sales = await t.signIn(firm, 'sales');
      for (const url of [`/api/v1/customers/${c.userId}`, `/api/v1/orders/${order.id}`]) {
        const read = await t.app.inject({ method: 'GET', url, headers: sales.headers });
        assert.equal(read.statusCode, 200, read.body);
      }
      const forSales = await t.app.inject({
        method: 'GET',
        url: '/api/v1/audit',
        headers: sales.headers,
      });
      assert.equal(forSales.statusCode, 403);
      const log = await t.app.inject({
        method: 'GET',
        url: `/api/v1/audit?customerId=${c.userId}`,
        headers: owner.headers,
      });
      assert.equal(log.statusCode, 200, log.body);
      const entries =
        log.json<
          { actorStaffId: string; action: string; resource: string; resourceId: string }[]
        >();
      const bySales = entries.filter((e) => e.actorStaffId === sales.userId);
      assert.deepEqual(
        bySales.map((e) => `${e.action} ${e.resource} ${e.resourceId}`).sort(),
        [`read customer ${c.userId}`, `read order ${order.id}`].sort(),
      );
    });

    test('after erasure no table holds the customer’s email, name, address, phone or message text; orders stay without them; the export had them all', async () => {
      const erin = {
        email: 'erin.quillfeather@example.org',
        name: 'Erin Quillfeather',
        password: 'walnut frame 2026',
      };
      const phone = '+31 6 5550 1234';
      const street = 'Kastanjelaan 77';
      const message = 'Please make the frame one centimetre longer for Bartholomew';
      const attachment = 'Bartholomew measures 191 cm, inseam 93 cm';
      const c = await signUpCustomer(t, firm, erin);
      const profile = await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/account/profile',
        headers: c.headers,
        payload: {
          phone,
          channels: [{ kind: 'sms', value: phone }],
          addresses: [
            {
              label: 'home',
              lines: [street],
              postalCode: '8011 AB',
              city: 'Zwolle',
              country: 'NL',
            },
          ],
        },
      });
      assert.equal(profile.statusCode, 200, profile.body);
      const conv = await t.app.inject({
        method: 'POST',
        url: '/api/v1/conversations',
        headers: c.headers,
        payload: {
          subject: { kind: 'customer' },
          topic: 'Frame size',
          body: message,
          attachments: [
            {
              filename: 'sizes.txt',
              contentType: 'text/plain',
              dataBase64: Buffer.from(attachment).toString('base64'),
            },
          ],
        },
      });
      assert.equal(conv.statusCode, 201, conv.body);
      const conversationId = conv.json<{ conversation: { id: string } }>().conversation.id;
      const reply = await t.app.inject({
        method: 'POST',
        url: `/api/v1/conversations/${conversationId}/messages`,
        headers: owner.headers,
        payload: { body: 'Noted, Erin Quillfeather: one centimetre longer.' },
      });
      assert.equal(reply.statusCode, 201, reply.body);
      const order = await placeTestOrder(t, firm, await buildableDesign(t, firm), {
        customerId: c.userId,
        email: erin.email,
      });

      const exported = await t.app.inject({
        method: 'GET',
        url: '/api/v1/privacy/export',
        headers: c.headers,
      });
      assert.equal(exported.statusCode, 200, exported.body);
      for (const expected of [erin.email, erin.name, phone, street, message, order.id]) {
        assert.ok(exported.body.includes(expected), `the export contains ${expected}`);
      }
      const files = [...exported.body.matchAll(/"dataBase64":"([^"]+)"/g)].map((m) =>
        Buffer.from(m[1]!, 'base64').toString(),
      );
      assert.deepEqual(files, [attachment], 'the export carries the attachment itself');

      const rememberedBrowsers = () =>
        t.db
          .select()
          .from(knownDevices)
          .where(
            and(
              eq(knownDevices.tenantId, firm.tenant.id),
              eq(knownDevices.accountHash, accountHash(erin.email)),
            ),
          );
      assert.equal((await rememberedBrowsers()).length, 1, 'signing in remembered the browser');

      const erased = await t.app.inject({
        method: 'POST',
        url: '/api/v1/privacy/erasure',
        headers: c.headers,
        payload: { confirm: true },
      });
      assert.equal(erased.statusCode, 200, erased.body);
      assert.deepEqual(
        await rememberedBrowsers(),
        [],
        'no browser stays keyed by a hash of the erased email',
      );
      const report = erased.json<{
        kept: { what: string; count: number; why: string }[];
        deleted: Record<string, Record<string, number>>;
      }>();
      const keptOrders = report.kept.find((k) => /orders/.test(k.what));
      assert.ok(
        keptOrders && keptOrders.count === 1 && /accounting/.test(keptOrders.why),
        JSON.stringify(report.kept),
      );
      assert.equal(report.deleted.dialogue!.conversations, 1);

      for (const needle of [
        erin.email,
        erin.name,
        'Quillfeather',
        phone,
        street,
        message,
        attachment,
        'Bartholomew',
      ]) {
        assert.deepEqual(await tracesOf(t, needle), [], `no trace of "${needle}"`);
      }
      const [kept] = await t.db.select().from(orders).where(eq(orders.id, order.id));
      assert.ok(kept, 'the order is kept for accounting');
      assert.equal(kept.total, order.total);
      assert.deepEqual(kept.lines, order.lines);
      assert.notEqual(kept.email, erin.email);
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: c.headers });
      assert.equal(me.statusCode, 401, 'the session ended with the account');
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { tenant: 'alpha', email: erin.email, password: erin.password, kind: 'customer' },
      });
      assert.equal(login.statusCode, 401, 'the account cannot sign in any more');
    });

    test('withdrawing personalization stops recording and use at once; giving it back does not bring old data back', async () => {
      const cas = await signUpCustomer(t, firm, {
        email: 'casimir@example.org',
        name: 'Casimir Vane',
        password: 'oak and linen 77',
      });
      const prefs = (payload?: object) =>
        t.app.inject({
          method: payload ? 'PUT' : 'GET',
          url: '/api/v1/account/preferences',
          headers: cas.headers,
          ...(payload ? { payload } : {}),
        });
      const consent = async (given: boolean) => {
        const state = await t.app.inject({
          method: 'GET',
          url: '/api/v1/privacy/consents',
          headers: cas.headers,
        });
        const version = state
          .json<{ purposes: { purpose: string; notice: { version: number } }[] }>()
          .purposes.find((p) => p.purpose === 'personalization')!.notice.version;
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/privacy/consents',
          headers: cas.headers,
          payload: {
            purpose: 'personalization',
            given,
            screen: 'privacy-centre',
            noticeVersion: version,
          },
        });
        assert.equal(res.statusCode, 200, res.body);
      };
      const stored = async () =>
        (
          await t.db
            .select()
            .from(profileRecords)
            .where(
              and(
                eq(profileRecords.tenantId, firm.tenant.id),
                eq(profileRecords.customerId, cas.userId),
              ),
            )
        ).length;

      assert.deepEqual((await prefs({ preferences: { style: 'Scandinavian' } })).json(), {
        recorded: false,
      });
      assert.deepEqual((await prefs()).json(), { personalized: false, preferences: null });
      assert.equal(await stored(), 0, 'nothing recorded without consent');

      await consent(true);
      assert.deepEqual((await prefs({ preferences: { style: 'Shaker oak' } })).json(), {
        recorded: true,
      });
      assert.deepEqual((await prefs()).json(), {
        personalized: true,
        preferences: { style: 'Shaker oak' },
      });

      await consent(false);
      assert.deepEqual(
        (await prefs()).json(),
        { personalized: false, preferences: null },
        'not used after withdrawal',
      );
      assert.deepEqual((await prefs({ preferences: { style: 'Bauhaus' } })).json(), {
        recorded: false,
      });
      assert.equal(await stored(), 0, 'what was recorded is gone');

      await consent(true);
      assert.deepEqual(
        (await prefs()).json(),
        { personalized: true, preferences: null },
        'nothing resurrected',
      );
      const history = (
        await t.app.inject({ method: 'GET', url: '/api/v1/privacy/consents', headers: cas.headers })
      ).json<{
        history: { purpose: string; action: string; screen: string; noticeVersion: number }[];
      }>().history;
      assert.deepEqual(
        history.map((h) => [h.purpose, h.action, h.screen, h.noticeVersion]),
        [
          ['personalization', 'given', 'privacy-centre', 1],
          ['personalization', 'withdrawn', 'privacy-centre', 1],
          ['personalization', 'given', 'privacy-centre', 1],
        ],
      );
    });

    test('a reward for opting in is granted and shown, is never needed to buy, and a used one stays used after withdrawal', async () => {
      const offer = await t.app.inject({
        method: 'POST',
        url: '/api/v1/privacy/incentives',
        headers: owner.headers,
        payload: {
          purpose: 'research',
          kind: 'discount',
          description: '10 EUR off your next order',
          amount: 1000,
          currency: 'EUR',
        },
      });
      assert.equal(offer.statusCode, 201, offer.body);
      const dana = await signUpCustomer(t, firm, {
        email: 'dana@example.org',
        name: 'Dana Ruiz',
        password: 'research is fun 9',
      });
      await placeTestOrder(t, firm, await buildableDesign(t, firm), {
        customerId: dana.userId,
        email: 'dana@example.org',
      });
      const give = await t.app.inject({
        method: 'POST',
        url: '/api/v1/privacy/consents',
        headers: dana.headers,
        payload: { purpose: 'research', given: true, screen: 'checkout-thanks', noticeVersion: 1 },
      });
      assert.equal(give.statusCode, 200, give.body);
      const [rewardId] = give.json<{ rewardsGranted: string[] }>().rewardsGranted;
      assert.ok(rewardId);
      const rewards = await t.app.inject({
        method: 'GET',
        url: '/api/v1/account/rewards',
        headers: dana.headers,
      });
      assert.deepEqual(
        rewards
          .json<{ description: string; status: string; amount: number }[]>()
          .map((r) => [r.description, r.status, r.amount]),
        [['10 EUR off your next order', 'available', 1000]],
      );
      await useReward(t.db, firm.tenant.id, dana.userId, rewardId, 'order 42', t.clock.now());
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/privacy/consents',
        headers: dana.headers,
        payload: { purpose: 'research', given: false, screen: 'privacy-centre', noticeVersion: 1 },
      });
      const after = await t.app.inject({
        method: 'GET',
        url: '/api/v1/account/rewards',
        headers: dana.headers,
      });
      assert.equal(after.json<{ status: string }[]>()[0]!.status, 'used');
      const again = await t.app.inject({
        method: 'POST',
        url: '/api/v1/privacy/consents',
        headers: dana.headers,
        payload: { purpose: 'research', given: true, screen: 'privacy-centre', noticeVersion: 1 },
      });
      assert.deepEqual(
        again.json<{ rewardsGranted: string[] }>().rewardsGranted,
        [],
        'opting in again grants nothing twice',
      );
    });

    test('a guest’s designs and orders are claimed when the same email signs up; abandoned guest designs are deleted after the retention period', async () => {
      const design = await buildableDesign(t, firm);
      const save = (email: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/shop/alpha/designs',
          payload: {
            versionId: design.versionId,
            name: 'Guest bike',
            choices: design.choices,
            email,
          },
        });
      const guest = await save('Hana@Example.org');
      assert.equal(guest.statusCode, 201, guest.body);
      const order = await placeTestOrder(t, firm, design, {
        customerId: null,
        email: 'hana@example.org',
      });
      const hana = await signUpCustomer(t, firm, {
        email: 'hana@example.org',
        name: 'Hana Sato',
        password: 'claim my things 1',
      });
      const [claimed] = await t.db
        .select()
        .from(designs)
        .where(eq(designs.id, guest.json<{ id: string }>().id));
      assert.equal(claimed!.customerId, hana.userId, 'the guest design is hers now');
      const [claimedOrder] = await t.db.select().from(orders).where(eq(orders.id, order.id));
      assert.equal(claimedOrder!.customerId, hana.userId, 'and the guest order');

      const abandoned = (await save('someone.else@example.org')).json<{ id: string }>().id;
      const start = t.clock.now();
      t.clock.advance(29 * 86_400_000);
      await runRetention({ db: t.db, clock: t.clock });
      assert.equal(
        (await t.db.select().from(designs).where(eq(designs.id, abandoned))).length,
        1,
        'kept within 30 days',
      );
      t.clock.advance(2 * 86_400_000);
      const report = await runRetention({ db: t.db, clock: t.clock });
      assert.ok(report.guestDesigns >= 1);
      assert.equal(
        (await t.db.select().from(designs).where(eq(designs.id, abandoned))).length,
        0,
        'deleted after the retention period',
      );
      assert.equal(
        (await t.db.select().from(designs).where(eq(designs.id, claimed!.id))).length,
        1,
        'a customer’s design stays',
      );
      t.clock.set(start);
    });

    test('consent to an outdated notice is refused, and necessary processing cannot be “withdrawn”', async () => {
      const newNotice = await t.app.inject({
        method: 'POST',
        url: '/api/v1/privacy/notices',
        headers: owner.headers,
        payload: {
          purpose: 'marketing',
          text: 'A monthly letter about new models and workshop days.',
        },
      });
      assert.equal(newNotice.statusCode, 201, newNotice.body);
      assert.equal(newNotice.json<{ version: number }>().version, 2);
      const finn = await signUpCustomer(t, firm, {
        email: 'finn@example.org',
        name: 'Finn Ash',
        password: 'letters please 5',
      });
      const stale = await t.app.inject({
        method: 'POST',
        url: '/api/v1/privacy/consents',
        headers: finn.headers,
        payload: { purpose: 'marketing', given: true, screen: 'signup', noticeVersion: 1 },
      });
      assert.equal(stale.statusCode, 409, stale.body);
      const necessary = await t.app.inject({
        method: 'POST',
        url: '/api/v1/privacy/consents',
        headers: finn.headers,
        payload: { purpose: 'necessary', given: false, screen: 'privacy-centre', noticeVersion: 1 },
      });
      assert.equal(necessary.statusCode, 400, 'necessary is not a consent purpose');
    });

    test('consent is given only by the customer’s own session: staff and API keys get 403', async () => {
      const gus = await signUpCustomer(t, firm, {
        email: 'gus@example.org',
        name: 'Gus Lind',
        password: 'my own choice 7',
      });
      const key = await t.app.inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        headers: owner.headers,
        payload: { name: 'Marketing tool', role: 'owner' },
      });
      const bearer = { authorization: `Bearer ${key.json<{ secret: string }>().secret}` };
      const sales = await t.signIn(firm, 'sales');
      for (const headers of [owner.headers, sales.headers, bearer]) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/privacy/consents',
          headers,
          payload: { purpose: 'marketing', given: true, screen: 'console', noticeVersion: 1 },
        });
        assert.equal(res.statusCode, 403, res.body);
      }
      const view = await t.app.inject({
        method: 'GET',
        url: '/api/v1/privacy/consents',
        headers: gus.headers,
      });
      assert.equal(
        view.json<{ history: unknown[] }>().history.length,
        0,
        'nothing was recorded in the customer’s name',
      );
    });

    test('a password chosen by staff does not let staff consent in the customer’s name; the customer’s own password does', async () => {
      const sales = await t.signIn(firm, 'sales');
      const ida = { email: 'ida@example.org', name: 'Ida Berg', password: 'chosen by sales 1' };
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/customers',
        headers: sales.headers,
        payload: ida,
      });
      assert.equal(created.statusCode, 201, created.body);
      const give = async (headers: Record<string, string>) => {
        const view = await t.app.inject({
          method: 'GET',
          url: '/api/v1/privacy/consents',
          headers,
        });
        const research = view
          .json<{ purposes: { purpose: string; notice: { version: number } }[] }>()
          .purposes.find((p) => p.purpose === 'research')!;
        return t.app.inject({
          method: 'POST',
          url: '/api/v1/privacy/consents',
          headers,
          payload: {
            purpose: 'research',
            given: true,
            screen: 'account',
            noticeVersion: research.notice.version,
          },
        });
      };
      const asIda = await signInCustomer(t, firm, ida);
      assert.equal(
        (await give(asIda.headers)).statusCode,
        403,
        'a session with the staff’s password',
      );

      await t.app.inject({
        method: 'POST',
        url: '/api/v1/account/password-reset',
        payload: { tenant: 'alpha', email: ida.email },
      });
      const reset = await t.app.inject({
        method: 'POST',
        url: '/api/v1/account/password-reset/confirm',
        payload: {
          token: linkToken((await lastMailTo(t, ida.email)).text),
          password: 'only ida knows 2',
        },
      });
      assert.equal(reset.statusCode, 204);
      const own = await signInCustomer(t, firm, { ...ida, password: 'only ida knows 2' });
      assert.equal((await give(own.headers)).statusCode, 200, 'her own password, her own consent');
    });
  });
}
