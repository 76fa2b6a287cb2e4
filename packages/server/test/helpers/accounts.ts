// Customers who sign up through the API: sign-up, the link from the verification email (read
// from the outbox table as it would be delivered, as no SMTP server is configured), sign-in.
import assert from 'node:assert/strict';
import { desc, eq } from 'drizzle-orm';
import { outbox } from '../../src/notify/notify.schema.ts';
import { sessionCookie, type Firm, type SignedIn, type TestApp } from './app.ts';

export type Person = { email: string; name: string; password: string };

export async function lastMailTo(
  t: TestApp,
  email: string,
): Promise<{ subject: string; text: string }> {
  const rows = await t.db
    .select()
    .from(outbox)
    .where(eq(outbox.toEmail, email))
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(1);
  assert.ok(rows[0], `an email to ${email}`);
  return { subject: rows[0].subject, text: rows[0].deliveryText ?? rows[0].text };
}

export function linkToken(text: string): string {
  const match = /token=([A-Za-z0-9_-]+)/.exec(text);
  assert.ok(match, `a link with a token in: ${text}`);
  return match[1]!;
}

export async function signInCustomer(t: TestApp, firm: Firm, person: Person): Promise<SignedIn> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: {
      tenant: firm.tenant.slug,
      email: person.email,
      password: person.password,
      kind: 'customer',
    },
  });
  assert.equal(res.statusCode, 200, res.body);
  const cookie = sessionCookie(res);
  const body = res.json<{ csrfToken: string; user: { id: string } }>();
  return {
    cookie,
    csrfToken: body.csrfToken,
    userId: body.user.id,
    headers: { cookie, 'x-csrf-token': body.csrfToken },
  };
}

export async function signUpCustomer(t: TestApp, firm: Firm, person: Person): Promise<SignedIn> {
  const signup = await t.app.inject({
    method: 'POST',
    url: '/api/v1/account/signup',
    payload: { tenant: firm.tenant.slug, ...person },
  });
  assert.equal(signup.statusCode, 202, signup.body);
  const mail = await lastMailTo(t, person.email);
  const verify = await t.app.inject({
    method: 'POST',
    url: '/api/v1/account/verify',
    payload: { token: linkToken(mail.text) },
  });
  assert.equal(verify.statusCode, 200, verify.body);
  return signInCustomer(t, firm, person);
}
