// Every price a company member sees or pays comes from their company's contract: the single-design
// quote, order and saved design as well as multi-line quotes and orders, each price line naming
// the term that set it. The server decides which approved design a line is (its choices equal an
// approved fixed design, or lie inside an approved space), and that design's price and quantity
// rule apply. Anyone outside the company pays list price.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { approvedConfigurations, companyLocations } from '../src/companies/companies.schema.ts';
import { priceLists, quantityRules } from '../src/contracts/contracts.schema.ts';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { snapshotDatabase } from './helpers/db.ts';
import { shopProduct, type ShopProduct } from './helpers/shop.ts';

type Term = { kind: string; approvedConfigurationId?: string; percentOffBp?: number };
type PriceLine = { kind: string; label: string; amount: number; term?: Term; priceListId?: string };
type Quote = {
  valid: boolean;
  currency: string;
  lines: PriceLine[];
  total: number;
  promisedDate: string;
};

let t: TestApp;
let firm: Firm;
let buyer: SignedIn;
let laptop: ShopProduct;
let fixedId: string;
let spaceId: string;

/** Exactly Acme's fixed "standard" design (seed: DEMO_FIXED), inside the approved space too. */
const STANDARD = {
  chassis: 'c14',
  cpu: 'ultra5',
  ram: 'gb16',
  storage: 'tb1',
  display: 'fhd',
  battery: 'wh70',
  gpu: 'integrated',
  colour: 'platinum',
  os: 'win_pro',
  warranty: 'premium3',
};
/** Inside the approved space, but not the fixed design. */
const IN_SPACE = { ...STANDARD, ram: 'gb32' };

before(async () => {
  t = await createTestApp();
});
after(() => t.close());
beforeEach(async () => {
  await t.reset();
  firm = await t.seedFirm('alpha');
  buyer = await t.signIn(firm, 'buyer');
  laptop = await shopProduct(t, 'alpha', 'laptop');
  const configs = await t.db
    .select()
    .from(approvedConfigurations)
    .where(eq(approvedConfigurations.tenantId, firm.tenant.id));
  fixedId = configs.find((c) => c.kind === 'fixed')!.id;
  spaceId = configs.find((c) => c.kind === 'space')!.id;
});

const shop = (who: SignedIn | null, path: string, payload: object) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/shop/alpha${path}`,
    headers: who?.headers ?? {},
    payload,
  });

async function quoteOf(who: SignedIn | null, choices: object): Promise<Quote> {
  const res = await shop(who, '/quote', { versionId: laptop.version.id, choices });
  assert.equal(res.statusCode, 200, res.body);
  return res.json<Quote>();
}

async function orderOf(who: SignedIn | null, choices: object, q: Quote) {
  return shop(who, '/orders', {
    versionId: laptop.version.id,
    choices,
    ...(who ? {} : { email: 'someone@example.com' }),
    expected: { total: q.total, currency: q.currency, promisedDate: q.promisedDate },
  });
}

/** Sets design prices on Acme's price list (the store, as the console will through the API). */
async function priceDesigns(prices: Record<string, number>) {
  const [list] = await t.db
    .select()
    .from(priceLists)
    .where(eq(priceLists.tenantId, firm.tenant.id));
  await t.db
    .update(priceLists)
    .set({ terms: { ...list!.terms, designPrices: prices } })
    .where(and(eq(priceLists.tenantId, firm.tenant.id), eq(priceLists.id, list!.id)));
  return list!.id;
}

test('a company buyer’s single-design quote and order carry the contract price, each line naming its term; a guest pays list price', async () => {
  const list = await quoteOf(null, IN_SPACE);
  assert.ok(list.lines.every((l) => l.term === undefined || l.term.kind === 'list'));
  const contract = await quoteOf(buyer, IN_SPACE);
  assert.ok(contract.valid);
  // The demo contract: 5 % off list, 32 GB memory at 90.00.
  const base = contract.lines.find((l) => l.kind === 'base')!;
  assert.deepEqual(base.term, { kind: 'percent-off', percentOffBp: 500 });
  assert.ok(base.priceListId, 'the line names the price list');
  const ram = contract.lines.find((l) => l.label && l.term?.kind === 'option-price')!;
  assert.equal(ram.amount, 9_000);
  assert.equal(
    contract.total,
    contract.lines.reduce((s, l) => s + l.amount, 0),
  );
  assert.ok(contract.total < list.total, `${contract.total} < ${list.total}`);

  // The buyer orders at the contract price; the list price is refused as a price they did not see.
  const before = await snapshotDatabase(t.testDb.database);
  const wrong = await orderOf(buyer, IN_SPACE, list);
  assert.equal(wrong.statusCode, 409, wrong.body);
  assert.equal(wrong.json().code, 'changed');
  assert.deepEqual(await snapshotDatabase(t.testDb.database), before, 'nothing written');
  const placed = await orderOf(buyer, IN_SPACE, contract);
  assert.equal(placed.statusCode, 201, placed.body);
  const order = placed.json();
  assert.equal(order.total, contract.total);
  assert.ok(order.lines.some((l: PriceLine) => l.term?.kind === 'percent-off'));
  assert.deepEqual(
    order.items.map((i: { quantity: number; total: number; priceListId: string | null }) => [
      i.quantity,
      i.total,
      i.priceListId,
    ]),
    [[1, contract.total, base.priceListId]],
  );

  // A saved design's quote is the buyer's price too.
  const saved = await shop(buyer, '/designs', {
    versionId: laptop.version.id,
    name: 'My laptop',
    choices: IN_SPACE,
  });
  assert.equal(saved.statusCode, 201, saved.body);
  assert.equal(saved.json().versions[0].quote.total, contract.total);

  // Outside the company: list price, ordered at list price.
  const guest = await orderOf(null, IN_SPACE, list);
  assert.equal(guest.statusCode, 201, guest.body);
  assert.equal(guest.json().total, list.total);
});

test('an approved fixed design is priced at its design price, on single and multi-line quotes and orders; the server decides which design a line is', async () => {
  const listId = await priceDesigns({ [fixedId]: 150_000 });
  const standard = await quoteOf(buyer, STANDARD);
  const design = standard.lines.find((l) => l.kind === 'design')!;
  assert.deepEqual(design.term, { kind: 'design-price', approvedConfigurationId: fixedId });
  assert.equal(design.amount, 150_000);
  assert.equal(design.priceListId, listId);
  assert.equal(standard.total, 150_000);
  // A design of the approved space that is not the fixed design: percent off, no design price.
  const other = await quoteOf(buyer, IN_SPACE);
  assert.equal(
    other.lines.find((l) => l.kind === 'design'),
    undefined,
  );

  const lines = await shop(buyer, '/quotes/lines', {
    lines: [
      { versionId: laptop.version.id, choices: STANDARD, quantity: 2 },
      { versionId: laptop.version.id, choices: IN_SPACE, quantity: 1 },
    ],
  });
  assert.equal(lines.statusCode, 200, lines.body);
  const q = lines.json<{
    total: number;
    currency: string;
    promisedDate: string;
    lines: { total: number; lines: PriceLine[] }[];
  }>();
  assert.equal(q.lines[0]!.total, 300_000);
  assert.equal(q.lines[0]!.lines[0]!.term?.kind, 'design-price');
  assert.ok(!q.lines[1]!.lines.some((l) => l.term?.kind === 'design-price'));

  const placed = await shop(buyer, '/orders', {
    versionId: laptop.version.id,
    choices: STANDARD,
    expected: {
      total: standard.total,
      currency: standard.currency,
      promisedDate: standard.promisedDate,
    },
  });
  assert.equal(placed.statusCode, 201, placed.body);
  assert.equal(placed.json().total, 150_000);
});

test('a design price of the approved space applies to every design inside it', async () => {
  await priceDesigns({ [spaceId]: 120_000 });
  const q = await quoteOf(buyer, IN_SPACE);
  assert.equal(q.total, 120_000);
  assert.deepEqual(q.lines[0]!.term, { kind: 'design-price', approvedConfigurationId: spaceId });
  // The fixed design is its own approved design (matched first), without a price of its own.
  const standard = await quoteOf(buyer, STANDARD);
  assert.equal(
    standard.lines.find((l) => l.kind === 'design'),
    undefined,
  );
});

test('a quantity rule of an approved design applies to lines of that design only', async () => {
  const now = new Date();
  await t.db.insert(quantityRules).values({
    id: crypto.randomUUID(),
    tenantId: firm.tenant.id,
    productId: null,
    approvedConfigurationId: fixedId,
    minQuantity: 5,
    maxQuantity: null,
    increment: 5,
    createdAt: now,
    updatedAt: now,
  });
  const quote = (choices: object, quantity: number) =>
    shop(buyer, '/quotes/lines', {
      lines: [{ versionId: laptop.version.id, choices, quantity }],
    });
  const refused = await quote(STANDARD, 3);
  assert.equal(refused.statusCode, 400, refused.body);
  assert.equal(refused.json().errors[0].field, 'lines.0.quantity');
  assert.equal((await quote(STANDARD, 10)).statusCode, 200);
  // Another design of the space follows the product's rule (1 to 500).
  assert.equal((await quote(IN_SPACE, 3)).statusCode, 200);
});

test('a price list for one of the company’s locations, with approved-design prices, is taken over the API and priced when the buyer buys for that location', async () => {
  const sales = await t.signIn(firm, 'sales');
  const [acme] = await t.db
    .select()
    .from(approvedConfigurations)
    .where(eq(approvedConfigurations.id, fixedId));
  const locations = await t.db
    .select()
    .from(companyLocations)
    .where(eq(companyLocations.companyId, acme!.companyId));
  const studio = locations.find((l) => l.name === 'Design studio')!;
  const post = (payload: object) =>
    t.app.inject({ method: 'POST', url: '/api/v1/price-lists', headers: sales.headers, payload });
  const body = (over: object = {}) => ({
    companyId: acme!.companyId,
    locationId: studio.id,
    name: 'Acme design studio',
    currency: 'EUR',
    terms: {
      percentOffBp: 1_000,
      designPrices: [{ approvedConfigurationId: fixedId, unitPrice: 140_000 }],
    },
    ...over,
  });

  // Another company's location or approved design, or an unknown one: refused, nothing written.
  const beta = await t.seedFirm('beta');
  const [betaLocation] = await t.db
    .select()
    .from(companyLocations)
    .where(eq(companyLocations.tenantId, beta.tenant.id));
  const [betaConfig] = await t.db
    .select()
    .from(approvedConfigurations)
    .where(eq(approvedConfigurations.tenantId, beta.tenant.id));
  const before = await snapshotDatabase(t.testDb.database);
  const foreignLocation = await post(body({ locationId: betaLocation!.id }));
  assert.equal(foreignLocation.statusCode, 404, foreignLocation.body);
  const foreignDesign = await post(
    body({ terms: { designPrices: [{ approvedConfigurationId: betaConfig!.id, unitPrice: 1 }] } }),
  );
  assert.equal(foreignDesign.statusCode, 400, foreignDesign.body);
  assert.equal(
    foreignDesign.json().errors[0].field,
    'terms.designPrices.0.approvedConfigurationId',
  );
  assert.deepEqual(await snapshotDatabase(t.testDb.database), before, 'nothing written');

  const created = await post(body());
  assert.equal(created.statusCode, 201, created.body);
  assert.equal(created.json().locationId, studio.id);
  assert.deepEqual(created.json().terms.designPrices, [
    { approvedConfigurationId: fixedId, unitPrice: 140_000 },
  ]);

  // The buyer buying for the design studio gets its list; without a location, the company's.
  const forStudio = await shop(buyer, '/quote', {
    versionId: laptop.version.id,
    choices: STANDARD,
    locationId: studio.id,
  });
  assert.equal(forStudio.statusCode, 200, forStudio.body);
  assert.equal(forStudio.json<Quote>().total, 140_000);
  assert.equal(forStudio.json<Quote>().lines[0]!.priceListId, created.json().id);
  const companyWide = await quoteOf(buyer, STANDARD);
  assert.notEqual(companyWide.total, 140_000);
  const lines = await shop(buyer, '/quotes/lines', {
    locationId: studio.id,
    lines: [{ versionId: laptop.version.id, choices: STANDARD, quantity: 2 }],
  });
  assert.equal(lines.statusCode, 200, lines.body);
  assert.equal(lines.json().total, 280_000);
  // A location of another company is not the buyer's: 404, as if it did not exist.
  const foreign = await shop(buyer, '/quote', {
    versionId: laptop.version.id,
    choices: STANDARD,
    locationId: betaLocation!.id,
  });
  assert.equal(foreign.statusCode, 404, foreign.body);
});

test('a quantity rule for an approved design is taken over the API', async () => {
  const sales = await t.signIn(firm, 'sales');
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/quantity-rules',
    headers: sales.headers,
    payload: { approvedConfigurationId: fixedId, minQuantity: 5, increment: 5 },
  });
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.json().approvedConfigurationId, fixedId);
  assert.equal(res.json().productId, null);
  const refused = await shop(buyer, '/quotes/lines', {
    lines: [{ versionId: laptop.version.id, choices: STANDARD, quantity: 3 }],
  });
  assert.equal(refused.statusCode, 400, refused.body);
  const unknown = await t.app.inject({
    method: 'POST',
    url: '/api/v1/quantity-rules',
    headers: sales.headers,
    payload: { approvedConfigurationId: crypto.randomUUID(), minQuantity: 5 },
  });
  assert.equal(unknown.statusCode, 404, unknown.body);
  const both = await t.app.inject({
    method: 'POST',
    url: '/api/v1/quantity-rules',
    headers: sales.headers,
    payload: { approvedConfigurationId: fixedId, productId: laptop.product.id, minQuantity: 5 },
  });
  assert.equal(both.statusCode, 400, both.body);
});
