// The floor does not leak: many bids at one price while the firm's margin moves the floor across
// it. Accepted and refused answers have the same fields; every refused answer is the same body,
// apart from its id, its time and its token, whatever the floor; and every answer takes at least
// the configured minimum time.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_FLOOR_POLICY } from '../src/providers/providers.ts';
import { listProviders } from '../src/providers/providers.store.ts';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { shopProduct } from './helpers/shop.ts';

const MIN_MS = 120;

let t: TestApp;
let alpha: Firm;
let owner: SignedIn;

before(async () => {
  t = await createTestApp({ config: { bidAnswerMinMs: MIN_MS } });
  alpha = await t.seedFirm('alpha');
  owner = await t.signIn(alpha, 'owner');
});
after(() => t.close());

async function patchProvider(id: string, body: object) {
  const res = await t.app.inject({
    method: 'PATCH',
    url: `/api/v1/providers/${id}`,
    headers: owner.headers,
    payload: body,
  });
  assert.equal(res.statusCode, 200, res.body);
}

test('refused answers are identical whatever the floor, and shaped like accepted ones', async () => {
  const bike = await shopProduct(t, 'alpha', 'city-bike');
  const providers = await listProviders(t.db, alpha.tenant.id);
  // Only the own workshop, so its margin alone moves the floor.
  for (const p of providers) if (p.kind === 'partner') await patchProvider(p.id, { active: false });
  const own = providers.find((p) => p.kind === 'own')!;
  const answers: { margin: number; body: Record<string, unknown>; ms: number }[] = [];
  for (let margin = 0; margin <= 300; margin += 20) {
    await patchProvider(own.id, {
      floorPolicy: { ...DEFAULT_FLOOR_POLICY, marginAbs: 0, marginPercent: margin },
    });
    const started = performance.now();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/shop/alpha/bids',
      // A different guest each time: the rebid rule is not what this test is about.
      remoteAddress: `10.0.0.${margin / 20 + 1}`,
      payload: {
        versionId: bike.version.id,
        mustHave: { rider_height: 170, frame_material: 'steel', drivetrain: 'belt_hub' },
        price: { amount: 110_000, currency: 'EUR' },
        latestDate: '2026-03-01',
        email: `guest${margin}@example.com`,
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    answers.push({ margin, body: res.json(), ms: performance.now() - started });
  }
  const accepted = answers.filter((a) => a.body.status === 'accepted');
  const refused = answers.filter((a) => a.body.status === 'refused');
  assert.ok(accepted.length > 0 && refused.length > 0, 'the floor crosses the bid');
  const keys = (b: Record<string, unknown>) => Object.keys(b).sort();
  for (const a of answers) assert.deepEqual(keys(a.body), keys(answers[0]!.body), 'same fields');
  const publicPart = (b: Record<string, unknown>) => {
    const { id: _id, createdAt: _c, rebidAfter: _r, token: _t, ...rest } = b;
    return rest;
  };
  for (const r of refused)
    assert.deepEqual(
      publicPart(r.body),
      publicPart(refused[0]!.body),
      `the refusal at margin ${r.margin}% says the same as at ${refused[0]!.margin}%`,
    );
  for (const a of answers) assert.ok(a.ms >= MIN_MS, `answered in ${a.ms} ms, under the minimum`);
});
