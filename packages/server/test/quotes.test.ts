// eQuotes: sales quote a company at its contract prices (with extra discounts guarded by the
// firm's minimum margin), the buyer converts a valid quote into an order at exactly the quoted
// prices, an expired or outdated quote is refused with what changed and nothing written, a
// buyer of another company never sees the quote, and the PDF says what the quote says.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Configuration } from '@customerize/engine';
import {
  createTestApp,
  sessionCookie,
  type Firm,
  type SignedIn,
  type TestApp,
} from './helpers/app.ts';
import { snapshotDatabase } from './helpers/db.ts';
import { pdfText } from './helpers/pdf-text.ts';
import { completePreset, shopProduct } from './helpers/shop.ts';

type QLine = {
  quantity: number;
  total: number;
  contractTotal: number;
  discount: number;
  lines: { kind: string; amount: number; term: { kind: string } }[];
};
type QuoteView = {
  id: string;
  number: string;
  status: string;
  awaitingApproval: boolean;
  approval?: string;
  validUntil: string;
  total: number;
  totalText: string;
  listTotal: number;
  costTotal?: number;
  orderId: string | null;
  revision: number;
  lines: QLine[];
};
type Problem = {
  status: number;
  detail: string;
  code?: string;
  errors: { field: string; message: string }[];
  changes?: {
    line: number;
    quotedVersion: number;
    currentVersion: number;
    quotedTotal: number;
    currentTotal: number;
    difference: number;
  }[];
};

let t: TestApp;
let alpha: Firm;
let sales: SignedIn;
let owner: SignedIn;
let buyer: SignedIn;
let acmeId: string;
let versionId: string;
let productId: string;
let everyday: Configuration;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());
beforeEach(async () => {
  await t.reset();
  alpha = await t.seedFirm('alpha');
  sales = await t.signIn(alpha, 'sales');
  owner = await t.signIn(alpha, 'owner');
  buyer = await t.signIn(alpha, 'buyer');
  const laptop = await shopProduct(t, 'alpha', 'laptop');
  versionId = laptop.version.id;
  productId = laptop.product.id;
  everyday = { ...completePreset(laptop, 0), os: 'win_pro', warranty: 'premium3' };
  const companies = await t.app.inject({
    method: 'GET',
    url: '/api/v1/business-accounts',
    headers: owner.headers,
  });
  acmeId = companies
    .json<{ id: string; name: string }[]>()
    .find((c) => c.name === 'Acme Interiors')!.id;
});

async function salesQuote(body: Record<string, unknown>, who: SignedIn = sales) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/quotes',
    headers: who.headers,
    payload: { companyId: acmeId, ...body },
  });
}

async function convert(
  id: string,
  who: SignedIn = buyer,
  key?: string,
  payload: { poNumber?: string } = {},
) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/company/quotes/${id}/order`,
    headers: { ...who.headers, ...(key && { 'idempotency-key': key }) },
    payload,
  });
}

test('a buyer converts a sales quote with an extra discount into one order at exactly the quoted prices, once', async () => {
  const made = await salesQuote({
    lines: [{ versionId, choices: everyday, quantity: 20, discountBp: 200 }],
    paymentTerms: 'Net 45',
  });
  assert.equal(made.statusCode, 201, made.body);
  const quote = made.json<QuoteView>();
  assert.match(quote.number, /^Q-\d{5}$/);
  assert.equal(quote.status, 'open');
  assert.equal(quote.awaitingApproval, false);
  const line = quote.lines[0]!;
  assert.ok(line.discount > 0);
  assert.equal(line.total, line.contractTotal - line.discount);
  assert.ok(
    line.lines.some((l) => l.term.kind === 'percent-off'),
    'contract terms are named',
  );
  assert.ok(
    line.lines.some((l) => l.term.kind === 'quote'),
    'the extra discount is a line',
  );

  // The buyer sees it in the portal, without cost or margin.
  const mine = await t.app.inject({
    method: 'GET',
    url: '/api/v1/company/quotes',
    headers: buyer.headers,
  });
  const seen = mine.json<QuoteView[]>().find((q) => q.id === quote.id)!;
  assert.equal(seen.total, quote.total);
  assert.equal(seen.costTotal, undefined);

  // Today's list price goes up: the quote still holds.
  const res = await convert(quote.id, buyer, 'convert-1', { poNumber: 'PO-77' });
  assert.equal(res.statusCode, 201, res.body);
  const order = res.json<{
    id: string;
    total: number;
    lines: { label: string; amount: number }[];
    poNumber: string | null;
    paymentTerms: string | null;
  }>();
  assert.equal(order.total, quote.total);
  // The order carries the buyer's PO number and the terms the firm agreed in the quote.
  assert.equal(order.poNumber, 'PO-77');
  assert.equal(order.paymentTerms, 'net45');
  assert.ok(order.lines.some((l) => /Quote Q-\d{5}: extra 2 % off/.test(l.label)));

  const again = await convert(quote.id, buyer, 'convert-1', { poNumber: 'PO-77' });
  assert.equal(again.statusCode, 201, 'the same key answers the same order');
  assert.equal(again.json<{ id: string }>().id, order.id);

  const second = await convert(quote.id, buyer, 'convert-2');
  assert.equal(second.statusCode, 409);
  assert.equal(second.json<Problem>().code, 'converted');

  const after = await t.app.inject({
    method: 'GET',
    url: `/api/v1/quotes/${quote.id}`,
    headers: sales.headers,
  });
  assert.equal(after.json<QuoteView>().status, 'won');
  assert.equal(after.json<QuoteView>().orderId, order.id);
});

test('an expired quote is refused with 410, shows as expired, and converting writes nothing', async () => {
  const made = await salesQuote({
    lines: [{ versionId, choices: everyday, quantity: 10 }],
    validUntil: '2026-01-16',
  });
  assert.equal(made.statusCode, 201, made.body);
  const quote = made.json<QuoteView>();
  t.clock.advance(3 * 24 * 3600 * 1000);
  const listed = await t.app.inject({
    method: 'GET',
    url: '/api/v1/quotes?status=expired',
    headers: sales.headers,
  });
  assert.deepEqual(
    listed.json<QuoteView[]>().map((q) => q.id),
    [quote.id],
  );
  const before = await snapshotDatabase(t.testDb.database);
  const res = await convert(quote.id);
  assert.equal(res.statusCode, 410, res.body);
  assert.equal(res.json<Problem>().code, 'expired');
  assert.match(res.json<Problem>().detail, /valid until 2026-01-16/);
  assert.deepEqual(await snapshotDatabase(t.testDb.database), before);
});

test('a quote on a replaced model version is refused naming the line, both versions and the price difference, and writes nothing', async () => {
  const made = await salesQuote({ lines: [{ versionId, choices: everyday, quantity: 10 }] });
  const quote = made.json<QuoteView>();
  const version = await t.app.inject({
    method: 'GET',
    url: `/api/v1/product-versions/${versionId}`,
    headers: owner.headers,
  });
  const source = version.json<{ source: string }>().source;
  assert.match(source, /price: 69900/);
  const upload = await t.app.inject({
    method: 'POST',
    url: `/api/v1/products/${productId}/versions`,
    headers: owner.headers,
    payload: { source: source.replace('price: 69900', 'price: 72900'), format: 'yaml' },
  });
  assert.equal(upload.statusCode, 201, upload.body);
  const v2 = upload.json<{ id: string }>();
  const publish = await t.app.inject({
    method: 'POST',
    url: `/api/v1/products/${productId}/versions/${v2.id}/publish`,
    headers: owner.headers,
  });
  assert.equal(publish.statusCode, 200, publish.body);
  const before = await snapshotDatabase(t.testDb.database);
  const res = await convert(quote.id);
  assert.equal(res.statusCode, 409, res.body);
  const problem = res.json<Problem>();
  assert.equal(problem.code, 'outdated');
  assert.deepEqual(
    problem.errors.map((e) => e.field),
    ['lines.0.versionId'],
  );
  const change = problem.changes![0]!;
  assert.equal(change.line, 0);
  assert.equal(change.currentVersion, change.quotedVersion + 1);
  assert.equal(change.quotedTotal, quote.total);
  assert.ok(change.difference > 0, 'the new version costs more');
  assert.equal(change.difference, change.currentTotal - change.quotedTotal);
  assert.match(problem.detail, /line 1: .*version \d+; version \d+ is sold now/);
  assert.deepEqual(await snapshotDatabase(t.testDb.database), before);
});

test('a discount below the minimum margin waits for the owner: the buyer cannot order it, sales cannot approve it, the owner’s approval is audited and lets it convert', async () => {
  const made = await salesQuote({
    lines: [{ versionId, choices: everyday, quantity: 10, discountBp: 4_000 }],
  });
  assert.equal(made.statusCode, 201, made.body);
  const quote = made.json<QuoteView>();
  assert.equal(quote.approval, 'pending');
  assert.ok(quote.total < quote.costTotal! * 1.15);

  const before = await snapshotDatabase(t.testDb.database);
  const refused = await convert(quote.id);
  assert.equal(refused.statusCode, 409, refused.body);
  assert.equal(refused.json<Problem>().code, 'awaiting-approval');
  assert.deepEqual(await snapshotDatabase(t.testDb.database), before);

  const bySales = await t.app.inject({
    method: 'POST',
    url: `/api/v1/quotes/${quote.id}/approve`,
    headers: sales.headers,
    payload: {},
  });
  assert.equal(bySales.statusCode, 403);

  const byOwner = await t.app.inject({
    method: 'POST',
    url: `/api/v1/quotes/${quote.id}/approve`,
    headers: owner.headers,
    payload: {},
  });
  assert.equal(byOwner.statusCode, 200, byOwner.body);
  assert.equal(byOwner.json<QuoteView>().approval, 'approved');
  const audit = await t.app.inject({ method: 'GET', url: '/api/v1/audit', headers: owner.headers });
  assert.ok(
    audit
      .json<{ resource: string; resourceId: string }[]>()
      .some((a) => a.resource === 'quote-approval' && a.resourceId === quote.id),
    audit.body,
  );

  const ordered = await convert(quote.id);
  assert.equal(ordered.statusCode, 201, ordered.body);
  assert.equal(ordered.json<{ total: number }>().total, quote.total);
});

test('a quote within the margin needs no approval, and a revision below it needs one again', async () => {
  const made = await salesQuote({ lines: [{ versionId, choices: everyday, quantity: 10 }] });
  const quote = made.json<QuoteView>();
  assert.equal(quote.approval, 'not_needed');
  const revised = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/quotes/${quote.id}`,
    headers: sales.headers,
    payload: { lines: [{ versionId, choices: everyday, quantity: 10, discountBp: 4_000 }] },
  });
  assert.equal(revised.statusCode, 200, revised.body);
  assert.equal(revised.json<QuoteView>().revision, 2);
  assert.equal(revised.json<QuoteView>().approval, 'pending');
});

test('a buyer of another company of the same firm never sees, downloads or converts Acme’s quote', async () => {
  const quote = (
    await salesQuote({ lines: [{ versionId, choices: everyday, quantity: 10 }] })
  ).json<QuoteView>();
  const company = await t.app.inject({
    method: 'POST',
    url: '/api/v1/business-accounts',
    headers: owner.headers,
    payload: { name: 'Beta Builders' },
  });
  assert.equal(company.statusCode, 201, company.body);
  const password = 'correct horse battery staple 42';
  const member = await t.app.inject({
    method: 'POST',
    url: '/api/v1/customers',
    headers: owner.headers,
    payload: {
      email: 'buyer@beta.example',
      name: 'Beta Buyer',
      password,
      businessAccountId: company.json<{ id: string }>().id,
    },
  });
  assert.equal(member.statusCode, 201, member.body);
  const login = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { tenant: 'alpha', email: 'buyer@beta.example', password, kind: 'customer' },
  });
  assert.equal(login.statusCode, 200, login.body);
  const cookie = sessionCookie(login);
  const beta = { cookie, 'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken };

  const list = await t.app.inject({ method: 'GET', url: '/api/v1/company/quotes', headers: beta });
  assert.equal(list.statusCode, 200, list.body);
  assert.deepEqual(list.json(), []);
  for (const url of [
    `/api/v1/company/quotes/${quote.id}`,
    `/api/v1/company/quotes/${quote.id}/pdf`,
    `/api/v1/company/quotes/${quote.id}/print`,
  ])
    assert.equal((await t.app.inject({ method: 'GET', url, headers: beta })).statusCode, 404, url);
  const before = await snapshotDatabase(t.testDb.database);
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/company/quotes/${quote.id}/order`,
    headers: beta,
    payload: {},
  });
  assert.equal(res.statusCode, 404);
  assert.deepEqual(await snapshotDatabase(t.testDb.database), before);
});

test('the quote PDF is a real PDF naming the firm, the company, the quote number, the contract terms, the validity and the total', async () => {
  const quote = (
    await salesQuote({
      lines: [{ versionId, choices: everyday, quantity: 20, discountBp: 200 }],
      paymentTerms: 'Net 45',
      validUntil: '2026-02-14',
    })
  ).json<QuoteView>();
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/company/quotes/${quote.id}/pdf`,
    headers: buyer.headers,
  });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['content-type'], 'application/pdf');
  assert.match(String(res.headers['content-disposition']), /quote-Q-\d{5}\.pdf/);
  const pdf = res.rawPayload;
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.match(pdf.subarray(-8).toString('latin1'), /%%EOF/);
  const text = pdfText(pdf);
  for (const expected of [
    `Quote ${quote.number}`,
    'For: Acme Interiors',
    'Valid until: 2026-02-14',
    'Payment terms: Net 45',
    `Total: ${quote.totalText}`,
    'contract: 5 % off',
    'volume tier from 10',
    `quote ${quote.number}: extra 2 % off`,
  ])
    assert.ok(text.includes(expected), `the PDF says “${expected}”:\n${text}`);

  const page = await t.app.inject({
    method: 'GET',
    url: `/api/v1/company/quotes/${quote.id}/print`,
    headers: buyer.headers,
  });
  assert.equal(page.statusCode, 200);
  assert.match(String(page.headers['content-type']), /text\/html/);
  assert.ok(page.body.includes(quote.number) && page.body.includes(quote.totalText));
});

test('a buyer asks for a quote at the contract prices; it is in their holdings, and erasure keeps the quote without their name', async () => {
  const asked = await t.app.inject({
    method: 'POST',
    url: '/api/v1/company/quotes',
    headers: buyer.headers,
    payload: { lines: [{ versionId, choices: everyday, quantity: 10 }] },
  });
  assert.equal(asked.statusCode, 201, asked.body);
  const quote = asked.json<QuoteView & { createdByLabel: string }>();
  assert.ok(quote.lines[0]!.lines.some((l) => l.term.kind === 'percent-off'));
  assert.equal(quote.validUntil, '2026-02-14', 'the firm’s default 30 days');
  const holdings = await t.app.inject({
    method: 'GET',
    url: '/api/v1/privacy/holdings',
    headers: buyer.headers,
  });
  assert.ok(
    holdings.json<{ what: string; count: number }[]>().some((h) => /quotes/.test(h.what)),
    holdings.body,
  );
  const erased = await t.app.inject({
    method: 'POST',
    url: '/api/v1/privacy/erasure',
    headers: buyer.headers,
    payload: { confirm: true },
  });
  assert.equal(erased.statusCode, 200, erased.body);
  const kept = await t.app.inject({
    method: 'GET',
    url: `/api/v1/quotes/${quote.id}`,
    headers: sales.headers,
  });
  const view = kept.json<QuoteView & { createdByLabel: string; customerId: string | null }>();
  assert.equal(view.customerId, null);
  assert.doesNotMatch(view.createdByLabel, new RegExp(quote.createdByLabel));
});
