// Shared steps of the service-level suites: a signed-up customer who gives (or withdraws)
// personalization consent, a customer put into a segment (their figures as the insights
// module stores them), and the owner setting a segment's level.
import assert from 'node:assert/strict';
import { customerValues } from '../../src/insights/customer-value.schema.ts';
import type { Segment } from '../../src/insights/customer-value.ts';
import type { Firm, SignedIn, TestApp } from './app.ts';
import { signUpCustomer } from './accounts.ts';

export type Shopper = { session: SignedIn; id: string; email: string };

export async function consent(t: TestApp, session: SignedIn, given: boolean): Promise<void> {
  const state = await t.app.inject({
    method: 'GET',
    url: '/api/v1/privacy/consents',
    headers: session.headers,
  });
  const version = state
    .json<{ purposes: { purpose: string; notice: { version: number } }[] }>()
    .purposes.find((p) => p.purpose === 'personalization')!.notice.version;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/privacy/consents',
    headers: session.headers,
    payload: {
      purpose: 'personalization',
      given,
      screen: 'privacy-centre',
      noticeVersion: version,
    },
  });
  assert.equal(res.statusCode, 200, res.body);
}

/** A verified, signed-in customer; with `consents`, personalization consent given. */
export async function shopper(
  t: TestApp,
  firm: Firm,
  name: string,
  consents: boolean,
): Promise<Shopper> {
  const email = `${name}.${firm.tenant.slug}@example.test`;
  const session = await signUpCustomer(t, firm, {
    email,
    name,
    password: `${name} walnut chair 42`,
  });
  if (consents) await consent(t, session, true);
  return { session, id: session.userId, email };
}

/** The customer's figures as the last customer-value computation left them, in `segment`. */
export async function putInSegment(
  t: TestApp,
  firm: Firm,
  customerId: string,
  segment: Segment,
): Promise<void> {
  await t.db.insert(customerValues).values({
    tenantId: firm.tenant.id,
    customerId,
    orders: 3,
    frequency: 2,
    recencyDays: 100,
    ageDays: 200,
    firstOrderOn: '2025-06-01',
    lastOrderOn: '2025-09-01',
    spent: 300_000,
    currency: 'EUR',
    pAlive: 0.9,
    expectedPurchases: 2,
    expectedValue: 200_000,
    interactions: 1,
    expectedServiceCost: 500,
    segment,
    computedAt: t.clock.now(),
  });
}

export type LevelBody = {
  segment: string;
  priority: number;
  responseTargetHours: number | null;
  mayUseReservedCapacity: boolean;
  contactStaffId: string | null;
};

export async function setLevel(t: TestApp, owner: SignedIn, body: LevelBody) {
  const res = await t.app.inject({
    method: 'PUT',
    url: '/api/v1/service-levels',
    headers: owner.headers,
    payload: body,
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json<{ segment: string; contact: { id: string; name: string } | null }>();
}
