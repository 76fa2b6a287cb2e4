// Personal offers at order time (issue 13): the server applies an offer the customer names once,
// only while it is valid for them (window, limit, target or segment under personalization
// consent, product), shows it as its own price line, ignores prices the client sends, refuses
// tampered ids naming the field, and lets only one of two simultaneous orders use it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSession, type Configuration } from '@customerize/engine';
import { enterDemoMeasurements } from '../src/seed/demo-catalog.ts';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { signUpCustomer } from './helpers/accounts.ts';
import { testDatabaseTargets } from './helpers/db.ts';
import { putInSegment } from './helpers/service-levels.ts';
import { completePreset, shopProduct, type Quote } from './helpers/shop.ts';

type Line = { label: string; amount: number; kind?: string; feature?: string; value?: unknown };
type QuoteWithLines = Omit<Quote, 'lines'> & { lines: Line[] };
type OrderView = { id: string; total: number; lines: Line[]; promisedDate: string };
type Problem = { status: number; errors: { field: string }[]; code?: string };
type StaffOffer = { id: string; uses: number; status: string; gives: string };

const DAY = 86_400_000;

for (const target of testDatabaseTargets()) {
  describe(`personal offers on ${target.name}`, () => {
    let t: TestApp;
    let alpha: Firm;
    let owner: SignedIn;
    let n = 0;

    before(async () => {
      t = await createTestApp({ testDb: await target.open() });
      alpha = await t.seedFirm('alpha');
      owner = await t.signIn(alpha, 'owner');
    });
    after(async () => {
      await t.close();
      await t.testDb.close();
    });

    async function customer(firm = alpha): Promise<SignedIn> {
      n += 1;
      return signUpCustomer(t, firm, {
        email: `offer.${n}@example.org`,
        name: `Offer Customer ${n}`,
        password: 'a personal offer 42',
      });
    }

    async function consent(c: SignedIn, given: boolean) {
      const state = await t.app.inject({
        method: 'GET',
        url: '/api/v1/privacy/consents',
        headers: c.headers,
      });
      const version = state
        .json<{ purposes: { purpose: string; notice: { version: number } }[] }>()
        .purposes.find((p) => p.purpose === 'personalization')!.notice.version;
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/privacy/consents',
        headers: c.headers,
        payload: {
          purpose: 'personalization',
          given,
          screen: 'privacy-centre',
          noticeVersion: version,
        },
      });
      assert.equal(res.statusCode, 200, res.body);
    }

    /** The customer's figures as the last customer-value run left them (test fixture). */
    async function placeInSegment(c: SignedIn, segment: 'best' | 'growing', firm = alpha) {
      await putInSegment(t, firm, c.userId, segment);
    }

    async function createOffer(body: Record<string, unknown>, who = owner) {
      const now = t.clock.now().getTime();
      return t.app.inject({
        method: 'POST',
        url: '/api/v1/offers',
        headers: who.headers,
        payload: {
          title: 'Thank you',
          startsAt: new Date(now - DAY).toISOString(),
          endsAt: new Date(now + 30 * DAY).toISOString(),
          ...body,
        },
      });
    }

    async function offerFor(body: Record<string, unknown>): Promise<StaffOffer> {
      const res = await createOffer(body);
      assert.equal(res.statusCode, 201, res.body);
      return res.json<StaffOffer>();
    }

    async function bike(expensive = false) {
      const p = await shopProduct(t, 'alpha', 'city-bike');
      let choices: Configuration = completePreset(p);
      if (expensive) {
        const s = createSession(p.engine);
        enterDemoMeasurements(s);
        choices = s.optimize({ sense: 'max', weights: { price: 1 } })!;
      }
      return { productId: p.product.id, versionId: p.version.id, choices };
    }

    function quoteAs(headers: Record<string, string>, design: object, offerId?: string) {
      const { productId: _p, ...body } = design as { productId?: string };
      return t.app.inject({
        method: 'POST',
        url: '/api/v1/shop/alpha/quote',
        headers,
        payload: { ...body, ...(offerId ? { offerId } : {}) },
      });
    }

    async function quoted(headers: Record<string, string>, design: object, offerId?: string) {
      const res = await quoteAs(headers, design, offerId);
      assert.equal(res.statusCode, 200, res.body);
      return res.json<QuoteWithLines>();
    }

    function order(
      headers: Record<string, string>,
      design: object,
      q: { total: number; currency: string; promisedDate: string },
      offerId?: string,
    ) {
      const { productId: _p, ...body } = design as { productId?: string };
      return t.app.inject({
        method: 'POST',
        url: '/api/v1/shop/alpha/orders',
        headers,
        payload: {
          ...body,
          ...(offerId ? { offerId } : {}),
          expected: { total: q.total, currency: q.currency, promisedDate: q.promisedDate },
        },
      });
    }

    async function myOffers(c: SignedIn): Promise<{ id: string; gives: string; link: string }[]> {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/account/offers',
        headers: c.headers,
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<{ offers: { id: string; gives: string; link: string }[] }>().offers;
    }

    function refusal(res: { statusCode: number; json<T>(): T; body: string }, code: string) {
      assert.equal(res.statusCode, 409, res.body);
      const p = res.json<Problem>();
      assert.equal(p.code, code, res.body);
      assert.deepEqual(
        p.errors.map((e) => e.field),
        ['offerId'],
      );
    }

    test('an amount offer for one customer is a price line of the quote and the order, used once', async () => {
      const c = await customer();
      const offer = await offerFor({
        kind: 'amount',
        amount: 2500,
        currency: 'EUR',
        customerId: c.userId,
      });
      assert.deepEqual(
        (await myOffers(c)).map((o) => o.id),
        [offer.id],
        'the customer sees their offer',
      );
      const design = await bike();
      const full = await quoted(c.headers, design);
      const q = await quoted(c.headers, design, offer.id);
      assert.equal(q.total, full.total - 2500);
      assert.deepEqual(q.lines.at(-1), {
        kind: 'offer',
        label: 'Your offer: Thank you',
        amount: -2500,
      });
      const placed = await order(c.headers, design, q, offer.id);
      assert.equal(placed.statusCode, 201, placed.body);
      const o = placed.json<OrderView>();
      assert.equal(o.total, full.total - 2500);
      assert.deepEqual(
        o.lines.filter((l) => l.kind === 'offer').map((l) => l.amount),
        [-2500],
      );
      assert.equal(
        o.lines.reduce((s, l) => s + l.amount, 0),
        o.total,
        'the lines add up to the total',
      );
      refusal(await order(c.headers, design, q, offer.id), 'already-used');
      refusal(await quoteAs(c.headers, design, offer.id), 'already-used');
      assert.deepEqual(await myOffers(c), [], 'a used offer is no longer listed');
      const list = await t.app.inject({
        method: 'GET',
        url: '/api/v1/offers',
        headers: owner.headers,
      });
      assert.equal(
        list.json<{ offers: StaffOffer[] }>().offers.find((x) => x.id === offer.id)!.uses,
        1,
        'staff see the use',
      );
    });

    test('a cancelled order does not give the use back (docs/offers.md)', async () => {
      const c = await customer();
      const offer = await offerFor({
        kind: 'amount',
        amount: 400,
        currency: 'EUR',
        customerId: c.userId,
      });
      const design = await bike();
      const q = await quoted(c.headers, design, offer.id);
      const placed = await order(c.headers, design, q, offer.id);
      assert.equal(placed.statusCode, 201, placed.body);
      const cancel = await t.app.inject({
        method: 'POST',
        url: `/api/v1/orders/${placed.json<OrderView>().id}/transitions`,
        headers: owner.headers,
        payload: { to: 'cancelled' },
      });
      assert.equal(cancel.statusCode, 200, cancel.body);
      refusal(await quoteAs(c.headers, design, offer.id), 'already-used');
    });

    test('the server prices the offer: a client-sent total does not buy a discount', async () => {
      const c = await customer();
      const offer = await offerFor({ kind: 'percent', percent: 10, customerId: c.userId });
      const design = await bike();
      const full = await quoted(c.headers, design);
      const cheap = { ...full, total: Math.floor(full.total / 2) };
      const refused = await order(c.headers, design, cheap, offer.id);
      assert.equal(refused.statusCode, 409, refused.body);
      assert.equal(refused.json<{ code: string }>().code, 'changed');
      const discounted = full.total - Math.floor(full.total / 10);
      assert.equal(refused.json<{ quote: Quote }>().quote.total, discounted);
      const withoutId = await order(c.headers, design, { ...full, total: discounted });
      assert.equal(withoutId.statusCode, 409, 'no discount without naming the offer');
      const ok = await order(c.headers, design, { ...full, total: discounted }, offer.id);
      assert.equal(ok.statusCode, 201, ok.body);
    });

    test('an offer applies only in its window, within its limit, and not after staff end it', async () => {
      const c = await customer();
      const design = await bike();
      const now = t.clock.now().getTime();
      const later = await offerFor({
        kind: 'amount',
        amount: 100,
        currency: 'EUR',
        customerId: c.userId,
        startsAt: new Date(now + DAY).toISOString(),
        endsAt: new Date(now + 3 * DAY).toISOString(),
      });
      refusal(await quoteAs(c.headers, design, later.id), 'not-started');
      t.clock.advance(DAY + 1000);
      assert.equal((await quoted(c.headers, design, later.id)).lines.at(-1)!.kind, 'offer');
      t.clock.advance(2 * DAY);
      refusal(await quoteAs(c.headers, design, later.id), 'ended');
      const full = await quoted(c.headers, design);
      refusal(await order(c.headers, design, full, later.id), 'ended');

      const ending = await offerFor({
        kind: 'amount',
        amount: 100,
        currency: 'EUR',
        customerId: c.userId,
      });
      const end = await t.app.inject({
        method: 'POST',
        url: `/api/v1/offers/${ending.id}/end`,
        headers: owner.headers,
      });
      assert.equal(end.statusCode, 200, end.body);
      assert.equal(end.json<StaffOffer>().status, 'ended');
      refusal(await quoteAs(c.headers, design, ending.id), 'ended');

      // A segment offer with a total limit of one: the first customer uses it, the second cannot.
      const a = await customer();
      const b = await customer();
      for (const x of [a, b]) {
        await consent(x, true);
        await placeInSegment(x, 'growing');
      }
      const once = await offerFor({
        kind: 'amount',
        amount: 300,
        currency: 'EUR',
        segment: 'growing',
        usageLimit: 1,
      });
      const qa = await quoted(a.headers, design, once.id);
      assert.equal((await order(a.headers, design, qa, once.id)).statusCode, 201);
      refusal(await quoteAs(b.headers, design, once.id), 'used-up');
      assert.deepEqual(await myOffers(b), [], 'a used-up offer is not listed');
    });

    test('a segment offer needs the segment now and the personalization consent now', async () => {
      const inside = await customer();
      const outside = await customer();
      await consent(inside, true);
      await consent(outside, true);
      await placeInSegment(inside, 'best');
      await placeInSegment(outside, 'growing');
      const offer = await offerFor({ kind: 'percent', percent: 5, segment: 'best' });
      const design = await bike();
      assert.ok(
        (await myOffers(inside)).some((o) => o.id === offer.id),
        'the segment offer is listed (beside the demo offer for the best segment)',
      );
      assert.deepEqual(await myOffers(outside), [], 'not in the segment: no segment offers');
      refusal(await quoteAs(outside.headers, design, offer.id), 'unknown');
      const q = await quoted(inside.headers, design, offer.id);
      assert.equal(q.lines.at(-1)!.kind, 'offer');
      await consent(inside, false);
      assert.deepEqual(await myOffers(inside), [], 'without consent the segment is not read');
      refusal(await order(inside.headers, design, q, offer.id), 'unknown');
    });

    test('tampered, unknown, foreign and other people’s offer ids are refused naming offerId', async () => {
      const c = await customer();
      const other = await customer();
      const design = await bike();
      const full = await quoted(c.headers, design);
      const notUuid = await order(c.headers, design, full, 'not-an-offer');
      assert.equal(notUuid.statusCode, 400, notUuid.body);
      assert.ok(
        notUuid.json<Problem>().errors.some((e) => e.field.includes('offerId')),
        notUuid.body,
      );
      refusal(
        await order(c.headers, design, full, '00000000-0000-4000-8000-00000000abcd'),
        'unknown',
      );
      const theirs = await offerFor({
        kind: 'amount',
        amount: 100,
        currency: 'EUR',
        customerId: other.userId,
      });
      refusal(await order(c.headers, design, full, theirs.id), 'unknown');
      refusal(await quoteAs({}, design, theirs.id), 'sign-in');
      const beta = await t.seedFirm('beta');
      const betaOwner = await t.signIn(beta, 'owner');
      const foreign = await createOffer(
        { kind: 'percent', percent: 50, segment: 'best' },
        betaOwner,
      );
      assert.equal(foreign.statusCode, 201, foreign.body);
      refusal(await order(c.headers, design, full, foreign.json<StaffOffer>().id), 'unknown');
      const gone = await t.app.inject({
        method: 'GET',
        url: `/api/v1/offers/${foreign.json<StaffOffer>().id}`,
        headers: owner.headers,
      });
      assert.equal(gone.statusCode, 404, 'another firm’s offer is not found');
    });

    test('a free option takes off exactly that option’s price; a big amount never makes a total negative', async () => {
      const c = await customer();
      const design = await bike(true);
      const full = await quoted(c.headers, design);
      const priced = full.lines.find((l) => l.kind === 'option' && l.amount > 0 && l.feature);
      assert.ok(priced, 'the most expensive bike has a priced option');
      const free = await offerFor({
        kind: 'free-option',
        productId: design.productId,
        feature: priced.feature,
        value: priced.value,
        customerId: c.userId,
      });
      const q = await quoted(c.headers, design, free.id);
      const optionTotal = full.lines
        .filter((l) => l.feature === priced.feature && l.amount > 0)
        .reduce((s, l) => s + l.amount, 0);
      assert.equal(q.total, full.total - optionTotal);
      assert.equal(q.lines.at(-1)!.amount, -optionTotal);
      const plain = await bike();
      if (plain.choices[priced.feature!] !== priced.value)
        refusal(await quoteAs(c.headers, plain, free.id), 'option-not-chosen');

      const huge = await offerFor({
        kind: 'amount',
        amount: 99_999_999,
        currency: 'EUR',
        customerId: c.userId,
      });
      const zero = await quoted(c.headers, design, huge.id);
      assert.equal(zero.total, 0, 'capped at the total');
      assert.equal(zero.lines.at(-1)!.amount, -full.total);
    });

    test('a faster date is scheduled with the shorter lead time, at no charge', async () => {
      const c = await customer();
      const design = await bike();
      const full = await quoted(c.headers, design);
      const faster = await offerFor({ kind: 'faster-date', daysEarlier: 2, customerId: c.userId });
      const q = await quoted(c.headers, design, faster.id);
      assert.equal(q.total, full.total, 'no charge, no discount');
      assert.ok(q.promisedDate <= full.promisedDate);
      assert.equal(q.leadTimeDays, Math.max(0, full.leadTimeDays - 2));
      assert.equal(q.lines.at(-1)!.kind, 'offer');
      assert.match(q.lines.at(-1)!.label, new RegExp(q.promisedDate));
      const placed = await order(c.headers, design, q, faster.id);
      assert.equal(placed.statusCode, 201, placed.body);
      assert.equal(placed.json<OrderView>().promisedDate, q.promisedDate);
    });

    test('two simultaneous orders with the same offer: exactly one uses it', async () => {
      const c = await customer();
      const offer = await offerFor({
        kind: 'amount',
        amount: 700,
        currency: 'EUR',
        customerId: c.userId,
      });
      const design = await bike();
      const q = await quoted(c.headers, design, offer.id);
      const answers = await Promise.all([
        order(c.headers, design, q, offer.id),
        order(c.headers, design, q, offer.id),
      ]);
      assert.deepEqual(
        answers.map((a) => a.statusCode).sort(),
        [201, 409],
        answers.map((a) => a.body).join('\n'),
      );
      const list = await t.app.inject({
        method: 'GET',
        url: '/api/v1/offers',
        headers: owner.headers,
      });
      assert.equal(
        list.json<{ offers: StaffOffer[] }>().offers.find((x) => x.id === offer.id)!.uses,
        1,
      );
    });

    test('staff roles: owner and sales manage offers, a designer may not; bad offers name the field', async () => {
      const designer = await t.signIn(alpha, 'designer');
      const denied = await createOffer({ kind: 'percent', percent: 5, segment: 'best' }, designer);
      assert.equal(denied.statusCode, 403);
      const sales = await t.signIn(alpha, 'sales');
      assert.equal(
        (await createOffer({ kind: 'percent', percent: 5, segment: 'best' }, sales)).statusCode,
        201,
      );
      const noPercent = await createOffer({ kind: 'percent', segment: 'best' });
      assert.equal(noPercent.statusCode, 400);
      assert.deepEqual(
        noPercent.json<Problem>().errors.map((e) => e.field),
        ['percent'],
      );
      const both = await createOffer({ kind: 'percent', percent: 5 });
      assert.deepEqual(
        both.json<Problem>().errors.map((e) => e.field),
        ['segment'],
      );
    });
  });
}
