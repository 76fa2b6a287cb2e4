// End to end, as a new customer sees it: sign up, try to sign in before following the email
// link, be told the email is not verified yet, and get the link again from the sign-in form.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext } from 'playwright-core';
import {
  ensureWebBuilt,
  launchBrowser,
  startLiveServer,
  startMailbox,
  type LiveServer,
} from './helpers/live-server.ts';

let server: LiveServer | undefined;
let mailbox: Awaited<ReturnType<typeof startMailbox>> | undefined;

before(() => ensureWebBuilt());
after(async () => {
  await server?.close();
  await mailbox?.close();
});

test(
  'signing in before verifying says the email is not verified and sends the link again',
  { timeout: 240_000 },
  async () => {
    mailbox = await startMailbox();
    server = await startLiveServer({ env: { SMTP_URL: mailbox.url } });
    const email = 'early.bird@example.org';
    const password = 'first thing in the morning';
    const signup = await fetch(`${server.baseUrl}/api/v1/account/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: 'demo', email, name: 'Early Bird', password }),
    });
    assert.equal(signup.status, 202, await signup.text());
    const first = await mailbox.waitFor(email, /account\/verify\?token=/);

    let context: BrowserContext | null = null;
    try {
      context = await launchBrowser();
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${server.baseUrl}/account/signin`);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page
        .getByRole('alert')
        .getByText(/not verified yet/)
        .first()
        .waitFor();
      assert.equal(
        await page.getByText('The firm, email or password is not right').count(),
        0,
        'the customer is not told the password is wrong',
      );

      await page.getByRole('button', { name: 'Send the link again' }).click();
      await page
        .getByRole('status')
        .getByText(/We sent the link again/)
        .waitFor();
      const deadline = Date.now() + 20_000;
      while (
        mailbox.received.filter((m) => m.to.includes(email)).length < 2 &&
        Date.now() < deadline
      )
        await new Promise((r) => setTimeout(r, 100));
      const links = mailbox.received
        .filter((m) => m.to.includes(email))
        .map((m) => /account\/verify\?token=([A-Za-z0-9_-]+)/.exec(m.text)?.[1]);
      assert.equal(links.length, 2, 'a second verification email arrived');
      assert.notEqual(links[1], /token=([A-Za-z0-9_-]+)/.exec(first.text)?.[1], 'with a new link');
    } finally {
      await context?.close();
    }
  },
);
