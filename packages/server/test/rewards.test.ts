// Rewards for sharing data reach orders: a signed-in customer's earned discount shows in the
// quote and in the order's price lines, is taken exactly once (even by two orders at the same
// moment), and the next order pays the full price.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { testDatabaseTargets } from './helpers/db.ts';
import { signUpCustomer } from './helpers/accounts.ts';
import { completePreset, shopProduct, type Quote } from './helpers/shop.ts';

type OrderView = {
  id: string;
  total: number;
  lines: { label: string; amount: number; kind?: string }[];
};
type Reward = { id: string; status: string; usedAt: string | null };

for (const target of testDatabaseTargets()) {
  describe(`rewards at order time on ${target.name}`, () => {
    let t: TestApp;
    let firm: Firm;
    let owner: SignedIn;
    let customerCount = 0;

    before(async () => {
      t = await createTestApp({ testDb: await target.open() });
      firm = await t.seedFirm('alpha');
      owner = await t.signIn(firm, 'owner');
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
    });
    after(async () => {
      await t.close();
      await t.testDb.close();
    });

    /** A new customer who opted in to research and so holds one 10 EUR reward. */
    async function customerWithReward(): Promise<SignedIn> {
      customerCount += 1;
      const c = await signUpCustomer(t, firm, {
        email: `reward.${customerCount}@example.org`,
        name: `Reward Customer ${customerCount}`,
        password: 'sharing is caring 7',
      });
      const give = await t.app.inject({
        method: 'POST',
        url: '/api/v1/privacy/consents',
        headers: c.headers,
        payload: { purpose: 'research', given: true, screen: 'privacy-centre', noticeVersion: 1 },
      });
      assert.equal(give.statusCode, 200, give.body);
      assert.equal(give.json<{ rewardsGranted: string[] }>().rewardsGranted.length, 1);
      return c;
    }

    async function bike() {
      const p = await shopProduct(t, 'alpha', 'city-bike');
      return { versionId: p.version.id, choices: completePreset(p) };
    }

    async function quoteAs(headers: Record<string, string>, design: object): Promise<Quote> {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/shop/alpha/quote',
        headers,
        payload: design,
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<Quote>();
    }

    function order(headers: Record<string, string>, design: object, q: Quote) {
      return t.app.inject({
        method: 'POST',
        url: '/api/v1/shop/alpha/orders',
        headers,
        payload: {
          ...design,
          expected: { total: q.total, currency: q.currency, promisedDate: q.promisedDate },
        },
      });
    }

    async function rewardsOf(c: SignedIn): Promise<Reward[]> {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/account/rewards',
        headers: c.headers,
      });
      return res.json<Reward[]>();
    }

    test('a customer’s reward is in the quote and the order’s lines once, and the next order pays full price', async () => {
      const c = await customerWithReward();
      const design = await bike();
      const guestQuote = await quoteAs({}, design);
      const rewarded = await quoteAs(c.headers, design);
      assert.equal(rewarded.total, guestQuote.total - 1000, 'the quote takes the reward off');
      assert.deepEqual(rewarded.lines.at(-1), {
        kind: 'reward',
        label: '10 EUR off your next order',
        amount: -1000,
      });

      const first = await order(c.headers, design, rewarded);
      assert.equal(first.statusCode, 201, first.body);
      const placed = first.json<OrderView>();
      assert.equal(placed.total, guestQuote.total - 1000, 'the order is charged the quoted total');
      assert.deepEqual(
        placed.lines.filter((l) => l.amount < 0).map((l) => [l.label, l.amount]),
        [['10 EUR off your next order', -1000]],
        'the reward is a price line of the order',
      );
      assert.equal(
        placed.lines.reduce((sum, l) => sum + l.amount, 0),
        placed.total,
        'the lines add up to the total',
      );
      assert.deepEqual(
        (await rewardsOf(c)).map((r) => r.status),
        ['used'],
        'the reward is used',
      );

      const again = await quoteAs(c.headers, design);
      assert.equal(again.total, guestQuote.total, 'the next quote is the full price');
      const stale = await order(c.headers, design, rewarded);
      assert.equal(stale.statusCode, 409, 'the used reward cannot be counted again');
      const second = await order(c.headers, design, again);
      assert.equal(second.statusCode, 201, second.body);
      const full = second.json<OrderView>();
      assert.equal(full.total, guestQuote.total);
      assert.ok(
        full.lines.every((l) => l.amount >= 0),
        'no reward line on the second order',
      );
    });

    test('two orders at the same moment take one reward once', async () => {
      const c = await customerWithReward();
      const design = await bike();
      const rewarded = await quoteAs(c.headers, design);
      const answers = await Promise.all([
        order(c.headers, design, rewarded),
        order(c.headers, design, rewarded),
      ]);
      assert.deepEqual(
        answers.map((a) => a.statusCode).sort(),
        [201, 409],
        'one order gets the reward, the other is told the price changed',
      );
      const refused = answers.find((a) => a.statusCode === 409)!;
      assert.equal(refused.json<{ quote: Quote }>().quote.total, rewarded.total + 1000);
      assert.deepEqual(
        (await rewardsOf(c)).map((r) => r.status),
        ['used'],
      );
    });

    test('a guest’s quote and order have no reward line', async () => {
      const design = await bike();
      const q = await quoteAs({}, design);
      assert.ok(q.lines.every((l) => l.amount >= 0));
    });
  });
}
