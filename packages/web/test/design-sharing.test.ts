// Sharing a design in Chromium against the real server: the owner makes a read-only link (not
// the private one), a visitor opening it sees the design with "Make it mine" and no way to save
// or order, makes a copy and lands on their own design; the owner stops sharing and the link
// no longer opens the design.
// Needs the built app in packages/web/dist and Chromium at /usr/bin/chromium or $CHROMIUM_PATH.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSession, type Configuration } from '@customerize/engine';
import { browserSuite } from './helpers/browser-suite.ts';
import { compiledOf } from './helpers/compiled.ts';

const suite = browserSuite({ sharedBrowser: true });

async function api<T>(path: string, init?: { method: string; body: unknown }): Promise<T> {
  const res = await fetch(`${suite.baseUrl}/api/v1${path}`, {
    method: init?.method ?? 'GET',
    headers: init ? { 'content-type': 'application/json' } : {},
    ...(init ? { body: JSON.stringify(init.body) } : {}),
  });
  assert.ok(res.ok, `${path}: ${res.status} ${await res.clone().text()}`);
  return (await res.json()) as T;
}

/** A guest's saved design of the first product (its first preset, completed at lowest price). */
async function savedGuestDesign(): Promise<{ id: string; token: string; name: string }> {
  const { tenant } = await api<{ tenant: { slug: string } }>('/storefront');
  const [first] = await api<{ slug: string }[]>(`/shop/${tenant.slug}/products`);
  const product = await api<{
    version: { id: string };
    compiledUrl: string;
    model: { presets?: { choices: Configuration }[] };
  }>(`/shop/${tenant.slug}/products/${first!.slug}`);
  const session = createSession(await compiledOf(suite.baseUrl, product));
  for (const [f, v] of Object.entries(product.model.presets?.[0]?.choices ?? {}))
    session.select(f, v);
  // The guest enters their own measurements (customer-input features, never filled in for them).
  for (const f of session.missingInput()) {
    const values = session.domains()[f] ?? [];
    session.select(f, values[Math.floor(values.length / 2)]!);
  }
  const choices = session.optimize({ sense: 'min', weights: { price: 1 } });
  assert.ok(choices);
  return api(`/shop/${tenant.slug}/designs`, {
    method: 'POST',
    body: { versionId: product.version.id, name: 'Shared with a friend', choices },
  });
}

test('a read-only share link shows the design with Make it mine, copies it, and stops working once revoked', async () => {
  const design = await savedGuestDesign();
  const ownerPage = await suite.context.newPage();
  await ownerPage.goto(`${suite.baseUrl}/designs/${design.id}?token=${design.token}`);
  await ownerPage.getByRole('heading', { level: 1, name: 'Shared with a friend' }).waitFor();

  await ownerPage.getByRole('button', { name: 'Share a read-only link' }).click();
  const shareLink = await ownerPage.getByLabel('Read-only share link').inputValue();
  assert.match(shareLink, new RegExp(`/shared/${design.id}\\?share=`));
  assert.ok(!shareLink.includes(design.token), 'the share link is not the private link');

  const visitor = await suite.context.browser()!.newContext();
  const page = await visitor.newPage();
  await page.goto(shareLink);
  await page.getByRole('heading', { level: 1, name: 'Shared with a friend' }).waitFor();
  assert.equal(await page.getByRole('button', { name: /Save|Order/ }).count(), 0);
  assert.equal(await page.getByText(design.token).count(), 0);
  await page.getByRole('button', { name: 'Make it mine' }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/designs/'));
  const copyId = new URL(page.url()).pathname.split('/')[2];
  assert.notEqual(copyId, design.id, 'the visitor works on a copy of their own');
  await page.getByRole('heading', { level: 1, name: /Shared with a friend/ }).waitFor();

  await ownerPage.getByRole('button', { name: 'Stop sharing' }).click();
  await ownerPage.getByText('Sharing stopped').waitFor();
  await page.goto(shareLink);
  await page.getByText('This link may have been revoked').waitFor();
  await visitor.close();
});

test('guests read the comments on a shared design and are asked to sign in; a signed-in customer comments and the owner sees it', async () => {
  const design = await savedGuestDesign();
  const link = await api<{ shareUrl: string }>(
    `/shop/demo/designs/${design.id}/share?token=${design.token}`,
    { method: 'POST', body: {} },
  );
  const shareLink = new URL(link.shareUrl, suite.baseUrl).href;
  const buyer = suite.server.accounts.get('customer buyer');
  assert.ok(buyer, 'the demo buyer account was printed');

  const guest = await suite.context.browser()!.newContext();
  const guestPage = await guest.newPage();
  await guestPage.goto(shareLink);
  const comments = guestPage.getByRole('region', { name: 'Comments' });
  await guestPage.getByText('No comments yet.').waitFor();
  await guestPage.getByRole('link', { name: 'Sign in' }).last().waitFor();
  assert.match(
    (await guestPage.getByText(/to comment on this design/).textContent()) ?? '',
    /Sign in to comment on this design/,
  );
  assert.equal(await guestPage.getByLabel('Your comment').count(), 0, 'no form for guests');

  const friend = await suite.context.browser()!.newContext();
  const page = await friend.newPage();
  await page.goto(`${suite.baseUrl}/account/signin`);
  await page.getByLabel('Email').fill(buyer.email);
  await page.getByLabel('Password').fill(buyer.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/account/signin'));
  await page.goto(shareLink);
  const text = 'Love it <b>but</b> maybe the red frame? <img src=x onerror=alert(1)>';
  await page.getByLabel('Your comment').fill(text);
  await page.getByRole('button', { name: 'Post comment' }).click();
  await page.getByText('Your comment is posted.').waitFor();
  const posted = page.locator('.comments__body').filter({ hasText: 'maybe the red frame' });
  assert.equal(await posted.textContent(), text, 'shown as the text written');
  assert.equal(await page.locator('.comments b, .comments img').count(), 0, 'never as HTML');

  await guestPage.reload();
  await comments.getByText('maybe the red frame').waitFor();
  const ownerPage = await suite.context.newPage();
  await ownerPage.goto(`${suite.baseUrl}/designs/${design.id}?token=${design.token}`);
  const forOwner = ownerPage.getByRole('region', {
    name: 'Comments from people you shared it with',
  });
  await forOwner.getByText('maybe the red frame').waitFor();
  await Promise.all([guest.close(), friend.close(), ownerPage.close()]);
});

test('the owner deletes a comment on their design: it is gone for everyone with the link', async () => {
  const design = await savedGuestDesign();
  const link = await api<{ shareToken: string; shareUrl: string }>(
    `/shop/demo/designs/${design.id}/share?token=${design.token}`,
    { method: 'POST', body: {} },
  );
  const buyer = suite.server.accounts.get('customer buyer')!;
  const login = await fetch(`${suite.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: 'demo', email: buyer.email, password: buyer.password }),
  });
  assert.equal(login.status, 200, await login.clone().text());
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('cz_session='))!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  for (const body of ['Buy cheap watches at example.com', 'The blue suits you'])
    assert.equal(
      (
        await fetch(
          `${suite.baseUrl}/api/v1/shop/demo/shared-designs/${design.id}/comments?share=${encodeURIComponent(link.shareToken)}`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
            body: JSON.stringify({ body }),
          },
        )
      ).status,
      201,
    );

  const ownerPage = await suite.context.newPage();
  await ownerPage.goto(`${suite.baseUrl}/designs/${design.id}?token=${design.token}`);
  const forOwner = ownerPage.getByRole('region', {
    name: 'Comments from people you shared it with',
  });
  await forOwner.getByText('Buy cheap watches').waitFor();
  await forOwner
    .getByRole('button', { name: /^Delete the comment by / })
    .first()
    .click();
  const dialog = ownerPage.getByRole('dialog', { name: 'Delete this comment?' });
  await dialog.getByRole('button', { name: 'Delete comment' }).click();
  await forOwner.getByText('Comment deleted.').waitFor();
  assert.equal(await forOwner.getByText('Buy cheap watches').count(), 0);
  await forOwner.getByText('The blue suits you').waitFor();

  const visitor = await suite.context.browser()!.newContext();
  const page = await visitor.newPage();
  await page.goto(new URL(link.shareUrl, suite.baseUrl).href);
  const comments = page.getByRole('region', { name: 'Comments' });
  await comments.getByText('The blue suits you').waitFor();
  assert.equal(await comments.getByText('Buy cheap watches').count(), 0, 'gone for visitors');
  await Promise.all([visitor.close(), ownerPage.close()]);
});

test('sales staff hide a comment on the console’s Comments page: the share link no longer shows it, until they show it again', async () => {
  const design = await savedGuestDesign();
  const link = await api<{ shareToken: string; shareUrl: string }>(
    `/shop/demo/designs/${design.id}/share?token=${design.token}`,
    { method: 'POST', body: {} },
  );
  const shareLink = new URL(link.shareUrl, suite.baseUrl).href;
  const author = await suite.newPage();
  const buyer = suite.server.accounts.get('customer buyer')!;
  const signedIn = await author.request.post(`${suite.baseUrl}/api/v1/auth/login`, {
    data: { tenant: 'demo', email: buyer.email, password: buyer.password },
  });
  const { csrfToken } = (await signedIn.json()) as { csrfToken: string };
  const posted = await author.request.post(
    `${suite.baseUrl}/api/v1/shop/demo/shared-designs/${design.id}/comments?share=${encodeURIComponent(link.shareToken)}`,
    { headers: { 'x-csrf-token': csrfToken }, data: { body: 'Cheap pills at example.net' } },
  );
  assert.equal(posted.status(), 201, await posted.text());

  const staff = await suite.newPage();
  const sales = suite.server.accounts.get('staff sales')!;
  const staffIn = await staff.request.post(`${suite.baseUrl}/api/v1/auth/login`, {
    data: { tenant: 'demo', email: sales.email, password: sales.password },
  });
  assert.equal(staffIn.status(), 200, await staffIn.text());
  await staff.goto(`${suite.baseUrl}/console/comments`);
  await staff.getByRole('heading', { level: 1, name: 'Comments' }).waitFor();
  const row = staff.getByRole('row').filter({ hasText: 'Cheap pills at example.net' });
  await row.getByRole('cell', { name: 'Shared with a friend', exact: true }).waitFor();
  await row.getByRole('button', { name: 'Hide' }).click();
  await row.getByText('Hidden').waitFor();

  const visitor = await suite.newPage();
  await visitor.goto(shareLink);
  await visitor.getByText('No comments yet.').waitFor();

  await row.getByRole('button', { name: 'Show again' }).click();
  await row.getByText('Shown').waitFor();
  await visitor.reload();
  await visitor
    .getByRole('region', { name: 'Comments' })
    .getByText('Cheap pills at example.net')
    .waitFor();
});
