// Recommendations that can be built (docs/recommendations.md), through the API: every suggested
// value lies in the engine's domain under the customer's choices and every suggested design
// extends to a valid product (property test over random choice sets, seeded); reasons with
// counts of at least MIN_CUSTOMERS customers; personal only with personalization consent (the
// answer without it is exactly a guest's), withdrawal effective on the next request; learned per
// firm; relearned when the history changes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createSession, validate, type Configuration, type Value } from '@customerize/engine';
import { enterDemoMeasurements } from '../src/seed/demo-catalog.ts';
import { MIN_CUSTOMERS } from '../src/recommendations/recommendations.ts';
import { STALE_CHECK_MS } from '../src/recommendations/stats-cache.ts';
import { ComputePool } from '../src/compute/pool.ts';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { signUpCustomer } from './helpers/accounts.ts';
import { placeTestOrder } from './helpers/designs.ts';
import { shopProduct } from './helpers/shop.ts';

/** The pool the app learns in, held here to see that learning runs there. */
const compute = new ComputePool({
  workers: 1,
  deadlineMs: 30_000,
  heapMb: 512,
  maxQueue: 8,
  maxPerTenant: 8,
});
const t: TestApp = await createTestApp({ compute });
after(async () => {
  await t.close();
  await compute.close();
});

type Answer = {
  basis: 'personal' | 'popular';
  versionId: string;
  next: {
    feature: string;
    featureLabel: string;
    value: Value;
    valueLabel: string;
    reason: string;
    customers: number;
  }[];
  designs: {
    choices: Configuration;
    adds: { feature: string; value: Value }[];
    reason: string;
    customers: number;
  }[];
};

let alpha: Firm;
let beta: Firm;
let bike: Awaited<ReturnType<typeof shopProduct>>;
/** The history's designs: a base commuter, and the same in two colours. */
let base: Configuration;
let popularColour: string;
let rareColour: string;
let ann: SignedIn;

async function ask(
  who: SignedIn | null,
  body: { versionId?: string; choices: Record<string, unknown>; feature?: string; limit?: number },
  tenant = 'alpha',
) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/shop/${tenant}/recommendations`,
    headers: who?.headers ?? {},
    payload: { versionId: bike.version.id, ...body },
  });
}

async function answer(who: SignedIn | null, body: Parameters<typeof ask>[1]): Promise<Answer> {
  const res = await ask(who, body);
  assert.equal(res.statusCode, 200, res.body);
  return res.json<Answer>();
}

/** A preset completed as a customer would: their measurements, then the cheapest rest. */
function completed(preset: number): Configuration {
  const session = createSession(bike.engine);
  for (const [f, v] of Object.entries(bike.model.presets![preset]!.choices)) session.select(f, v);
  enterDemoMeasurements(session);
  return session.optimize({ sense: 'min', weights: { price: 1 } })!;
}

async function guestOrders(design: Configuration, n: number) {
  for (let i = 0; i < n; i++)
    await placeTestOrder(
      t,
      alpha,
      { versionId: bike.version.id, choices: design },
      { customerId: null, email: `guest${i}@example.test` },
    );
}

async function consent(who: SignedIn, given: boolean) {
  const state = await t.app.inject({
    method: 'GET',
    url: '/api/v1/privacy/consents',
    headers: who.headers,
  });
  const version = state
    .json<{ purposes: { purpose: string; notice: { version: number } }[] }>()
    .purposes.find((p) => p.purpose === 'personalization')!.notice.version;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/privacy/consents',
    headers: who.headers,
    payload: { purpose: 'personalization', given, screen: 'studio', noticeVersion: version },
  });
  assert.equal(res.statusCode, 200, res.body);
}

before(async () => {
  await t.reset();
  alpha = await t.seedFirm('alpha');
  beta = await t.seedFirm('beta');
  bike = await shopProduct(t, 'alpha', 'city-bike');
  base = completed(0);
  const colours = bike.engine.ir.features
    .find((f) => f.id === 'colour')!
    .values.filter((c) => c !== base.colour && validate(bike.engine, { ...base, colour: c }).valid);
  assert.ok(colours.length >= 2, 'two other colours fit the commuter');
  popularColour = colours[0] as string;
  rareColour = colours[1] as string;
  await guestOrders({ ...base, colour: popularColour }, 6);
  await guestOrders({ ...base, colour: rareColour }, 3);
  await guestOrders(completed(1), 4);
  await guestOrders(completed(2), 3);
  // Ann, a signed-in customer, ordered the commuter in the rare colour twice.
  const person = { email: 'ann@example.test', name: 'Ann', password: 'ann walnut chair 42' };
  ann = await signUpCustomer(t, alpha, person);
  for (let i = 0; i < 2; i++)
    await placeTestOrder(
      t,
      alpha,
      { versionId: bike.version.id, choices: { ...base, colour: rareColour } },
      { customerId: ann.userId, email: person.email },
    );
});

describe('recommendations', () => {
  test('guests get popular suggestions with reasons counting at least three customers', async () => {
    const a = await answer(null, { choices: {} });
    assert.equal(a.basis, 'popular');
    assert.equal(a.versionId, bike.version.id);
    assert.ok(a.next.length > 0, 'values are suggested');
    assert.ok(a.designs.length > 0, 'whole designs are suggested');
    for (const s of [...a.next, ...a.designs]) {
      assert.ok(s.reason.length > 0, 'a reason');
      assert.ok(s.customers >= MIN_CUSTOMERS, `${s.reason}: counts at least ${MIN_CUSTOMERS}`);
      assert.match(s.reason, new RegExp(`${s.customers} customers`));
    }
    // The rider's height is the customer's own input: never suggested, never in a design.
    assert.ok(a.next.every((s) => s.feature !== 'rider_height'));
    assert.ok(a.designs.every((d) => d.choices.rider_height === undefined));
    // With a choice made, values are reasoned from it.
    const withFrame = await answer(null, {
      choices: { frame_material: base.frame_material! },
      feature: 'colour',
    });
    assert.equal(withFrame.next[0]!.value, popularColour);
    assert.match(withFrame.next[0]!.reason, /chosen with .* by \d+ customers/);
    assert.ok(withFrame.next.every((s) => s.feature === 'colour'));
    for (const d of withFrame.designs) assert.equal(d.choices.frame_material, base.frame_material);
  });

  test('never an excluded value or an unbuildable design (random choice sets, seeded)', async () => {
    const features = bike.engine.ir.features;
    const choiceSet = fc
      .uniqueArray(fc.integer({ min: 0, max: features.length - 1 }), { maxLength: 6 })
      .chain((fs) =>
        fc.tuple(
          ...fs.map((fi) =>
            fc.constantFrom(...features[fi]!.values).map((v) => [features[fi]!.id, v] as const),
          ),
        ),
      )
      .map((pairs) => Object.fromEntries(pairs) as Configuration);
    let nonEmpty = 0;
    await fc.assert(
      fc.asyncProperty(choiceSet, fc.boolean(), async (choices, oneFeature) => {
        const open = features.map((f) => f.id).filter((f) => choices[f] === undefined);
        const feature = oneFeature && open.length > 0 ? open[0] : undefined;
        const a = await answer(null, { choices, ...(feature ? { feature } : {}) });
        const domains = bike.engine.backend.domains(choices);
        if (a.next.length + a.designs.length > 0) nonEmpty++;
        for (const s of a.next) {
          assert.equal(choices[s.feature], undefined, 'only open choices');
          if (feature) assert.equal(s.feature, feature);
          assert.ok(
            domains[s.feature]!.includes(s.value),
            `${s.feature}=${String(s.value)} is in the domain under ${JSON.stringify(choices)}`,
          );
        }
        for (const d of a.designs) {
          for (const [f, v] of Object.entries(choices))
            assert.equal(d.choices[f], v, 'the design keeps every choice');
          // Complete but for the customer's own input, and it extends to a valid product.
          for (const f of features)
            if (!f.customerInput) assert.notEqual(d.choices[f.id], undefined, f.id);
          const under = bike.engine.backend.domains(d.choices);
          assert.ok(
            features.every((f) => under[f.id]!.length > 0),
            `buildable: ${JSON.stringify(d.choices)}`,
          );
        }
      }),
      { seed: 1307, numRuns: 60 },
    );
    assert.ok(nonEmpty > 10, `suggestions were made in many runs (${nonEmpty})`);
  });

  test('personal only with personalization consent; withdrawal counts on the next request', async () => {
    const body = { choices: { frame_material: base.frame_material! }, feature: 'colour' };
    const guest = await answer(null, body);
    assert.equal(guest.next[0]!.value, popularColour, 'popular: the colour most chose');
    // Without consent: exactly what a guest gets — her own orders are not read.
    const without = await answer(ann, body);
    assert.deepEqual(without, guest);
    assert.ok(!JSON.stringify(without).includes('You chose'));
    await consent(ann, true);
    const personal = await answer(ann, body);
    assert.equal(personal.basis, 'personal');
    assert.equal(personal.next[0]!.value, rareColour, 'her own colour first');
    assert.match(personal.next[0]!.reason, /^You chose it before; /);
    // Whole designs lean to her own history too, but show only counts.
    assert.ok(personal.designs.length > 0);
    assert.ok(!JSON.stringify(personal).includes('ann@example.test'));
    await consent(ann, false);
    assert.deepEqual(await answer(ann, body), guest, 'withdrawn: a guest’s answer again');
  });

  test('learned per firm; another firm’s version is not found', async () => {
    const betaBike = await shopProduct(t, 'beta', 'city-bike');
    const res = await ask(null, { versionId: betaBike.version.id, choices: {} }, 'beta');
    assert.equal(res.statusCode, 200, res.body);
    const a = res.json<Answer>();
    // Beta has only its one demo order: nothing three customers chose, nothing of alpha's.
    assert.deepEqual(a.next, []);
    assert.deepEqual(a.designs, []);
    const cross = await ask(null, { choices: {} }, 'beta');
    assert.equal(cross.statusCode, 404, cross.body);
    assert.equal(beta.tenant.slug, 'beta');
  });

  test('bad input is 400 naming the field', async () => {
    const wrong = await ask(null, { choices: { frame_size: '52' } });
    assert.equal(wrong.statusCode, 400, wrong.body);
    assert.match(wrong.body, /choices\.frame_size/);
    const unknown = await ask(null, { choices: { no_such: 'x' } });
    assert.equal(unknown.statusCode, 400, unknown.body);
    assert.match(unknown.body, /choices\.no_such/);
    const feature = await ask(null, { choices: {}, feature: 'no_such' });
    assert.equal(feature.statusCode, 400, feature.body);
    assert.match(feature.body, /"field":"feature"/);
  });

  test('relearned in a compute worker, not on the event loop, when the history changes (after the staleness check)', async () => {
    const body = { choices: {}, feature: 'colour', limit: 10 };
    const count = (a: Answer, colour: string) =>
      a.next.find((s) => s.value === colour)?.customers ?? 0;
    const before = await answer(null, body);
    const tourer = completed(2);
    await guestOrders(tourer, 2);
    assert.deepEqual(await answer(null, body), before, 'within the check interval: cached');
    t.clock.advance(STALE_CHECK_MS);
    const learningsBefore = compute.stats.completed;
    const afterChange = await answer(null, body);
    assert.equal(compute.stats.completed, learningsBefore + 1, 'one learning, in the pool');
    assert.equal(
      count(afterChange, tourer.colour as string),
      count(before, tourer.colour as string) + 2,
    );
  });
});
