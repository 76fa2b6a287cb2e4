// Punch-out against cXML fixtures written from the public specification: a company's procurement
// system opens a punch-out (PunchOutSetupRequest), the buyer enters through the start page,
// returns a cart (PunchOutOrderMessage, or OCI fields), and the procurement system orders it
// (OrderRequest). Hostile and unauthenticated documents are refused with the cXML status and
// write nothing. On PGlite, and on PostgreSQL when TEST_DATABASE_URL is set.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { compiledVersion } from '../src/catalog/catalog.ts';
import { findProductBySlug } from '../src/catalog/catalog.store.ts';
import { orderLines } from '../src/contracts/contracts.schema.ts';
import { insertQuantityRule } from '../src/contracts/contracts.store.ts';
import { randomIds } from '../src/ids.ts';
import { orders } from '../src/orders/orders.schema.ts';
import { auditLog } from '../src/privacy/privacy.schema.ts';
import { decimalOf } from '../src/punchout/cxml.ts';
import { at, childrenNamed, parseXml, type XmlElement } from '../src/punchout/xml.ts';
import { quoteDesign } from '../src/studio/quote.ts';
import { getTenant } from '../src/tenants/tenants.store.ts';
import { customers } from '../src/users/users.schema.ts';
import { insertCustomer } from '../src/users/users.store.ts';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { snapshotDatabase, testDatabaseTargets, type TestDatabase } from './helpers/db.ts';
import { buildableDesign } from './helpers/designs.ts';

const RETURN_URL = 'https://procurement.example.com/punchout/return?session=42';

function fixture(name: string, values: Record<string, string> = {}): string {
  const text = readFileSync(new URL(`./fixtures/cxml/${name}`, import.meta.url), 'utf8');
  return text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '');
}

function unescapeHtml(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&');
}

/** The hidden fields of the page's form, in order. */
function formFields(html: string): [string, string][] {
  return [...html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map((m) => [
    unescapeHtml(m[1]!),
    unescapeHtml(m[2]!),
  ]);
}

let t: TestApp;
let firm: Firm;
let owner: SignedIn;
let buyerId: string;
let companyId: string;
let secret: string;
const IDENTITY = 'AN01000000001-T';

let testDb: TestDatabase;
async function postCxml(body: string, contentType = 'text/xml; charset=utf-8') {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/shop/alpha/punchout/cxml',
    headers: { 'content-type': contentType },
    payload: body,
  });
}

function statusOf(res: { body: string }): { code: number; text: string } {
  const status = at(parseXml(res.body), 'Response', 'Status');
  return { code: Number(status?.attributes.code), text: status?.text ?? '' };
}

const credentials = () => ({ DOMAIN: 'networkid', IDENTITY, SECRET: secret });

async function setup(payloadId = 'setup-1@procurement.example.com') {
  const res = await postCxml(
    fixture('punchout-setup-request.xml', {
      ...credentials(),
      PAYLOAD_ID: payloadId,
      BROWSER_FORM_POST: RETURN_URL.replace('&', '&amp;'),
    }),
  );
  assert.equal(res.statusCode, 200, res.body);
  assert.match(String(res.headers['content-type']), /^text\/xml/);
  assert.deepEqual(statusOf(res), { code: 200, text: '' });
  const url = at(parseXml(res.body), 'Response', 'PunchOutSetupResponse', 'StartPage', 'URL')!.text;
  return new URL(url);
}

/** Opens the start page; answers the buyer's session cookie and CSRF token. */
async function start(startPage: URL): Promise<SignedIn> {
  const res = await t.app.inject({ method: 'GET', url: startPage.pathname + startPage.search });
  assert.equal(res.statusCode, 303, res.body);
  assert.equal(res.headers.location, '/punchout/cart');
  const cookie = String(res.headers['set-cookie']).split(';')[0]!;
  const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
  assert.equal(me.statusCode, 200, me.body);
  const body = me.json<{ csrfToken: string; user: { id: string } }>();
  assert.equal(body.user.id, buyerId, 'signed in as the company buyer of the credentials');
  return {
    cookie,
    csrfToken: body.csrfToken,
    userId: body.user.id,
    headers: { cookie, 'x-csrf-token': body.csrfToken },
  };
}

async function saveDesign(buyer: SignedIn, name: string) {
  // The bike: Acme approved only a space of laptops, and this buyer is Acme's.
  const design = await buildableDesign(t, firm, { productSlug: 'city-bike' });
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/shop/alpha/designs',
    headers: buyer.headers,
    payload: { versionId: design.versionId, name, choices: design.choices },
  });
  assert.equal(res.statusCode, 201, res.body);
  const tenant = (await getTenant(t.db, firm.tenant.id))!;
  const compiled = await compiledVersion(t.db, tenant.id, design.versionId);
  const quote = await quoteDesign(t.db, tenant, compiled, design.choices, {}, t.clock.now());
  return { id: res.json<{ id: string }>().id, design, quote };
}

/**
 * One unit of a saved design at `quantity` under the buyer's company contract, as the multi-line
 * quote route prices it (the line's total divides exactly by its quantity).
 */
async function contractUnit(
  buyer: SignedIn,
  saved: { design: { versionId: string; choices: Record<string, unknown> } },
  quantity: number,
) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/shop/alpha/quotes/lines',
    headers: buyer.headers,
    payload: {
      lines: [{ versionId: saved.design.versionId, choices: saved.design.choices, quantity }],
    },
  });
  assert.equal(res.statusCode, 200, res.body);
  const quote = res.json<{
    priceListId: string | null;
    lines: { total: number; currency: string }[];
  }>();
  assert.notEqual(quote.priceListId, null, 'the buyer’s company contract prices the line');
  const line = quote.lines[0]!;
  assert.equal(line.total % quantity, 0, 'the contract prices per unit, then multiplies');
  return { unit: line.total / quantity, currency: line.currency };
}

async function orderLinesOf(orderId: string) {
  return t.db
    .select()
    .from(orderLines)
    .where(and(eq(orderLines.tenantId, firm.tenant.id), eq(orderLines.orderId, orderId)));
}

async function returnCart(buyer: SignedIn, lines: Record<string, string>) {
  const cart = await t.app.inject({
    method: 'GET',
    url: '/punchout/cart',
    headers: { cookie: buyer.cookie },
  });
  assert.equal(cart.statusCode, 200, cart.body);
  const form = new URLSearchParams({ csrf: buyer.csrfToken, ...lines });
  return t.app.inject({
    method: 'POST',
    url: '/punchout/cart',
    headers: { cookie: buyer.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: form.toString(),
  });
}

function orderRequest(item: XmlElement, values: Record<string, string>) {
  const money = at(item, 'ItemDetail', 'UnitPrice', 'Money')!;
  return fixture('order-request.xml', {
    ...credentials(),
    PAYLOAD_ID: 'order-1@procurement.example.com',
    ORDER_ID: 'PO-2026-0042',
    CURRENCY: money.attributes.currency!,
    TOTAL: money.text,
    QUANTITY: item.attributes.quantity!,
    SUPPLIER_PART_ID: at(item, 'ItemID', 'SupplierPartID')!.text,
    SUPPLIER_PART_AUXILIARY_ID: at(item, 'ItemID', 'SupplierPartAuxiliaryID')!.text,
    UNIT_PRICE: money.text,
    DESCRIPTION: at(item, 'ItemDetail', 'Description')!.text,
    ...values,
  });
}

async function buyerOrders() {
  return t.db
    .select()
    .from(orders)
    .where(and(eq(orders.tenantId, firm.tenant.id), eq(orders.customerId, buyerId)));
}

for (const target of testDatabaseTargets()) {
  describe(`punch-out on ${target.name}`, () => {
    before(async () => {
      testDb = await target.open();
      t = await createTestApp({ testDb, ids: randomIds });
    });
    after(async () => {
      await t.close();
      await testDb.close();
    });
    beforeEach(async () => {
      await t.reset();
      firm = await t.seedFirm('alpha');
      owner = await t.signIn(firm, 'owner');
      const [buyer] = await t.db
        .select()
        .from(customers)
        .where(and(eq(customers.tenantId, firm.tenant.id), eq(customers.businessRole, 'buyer')));
      buyerId = buyer!.id;
      companyId = buyer!.businessAccountId!;
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/punchout-credentials',
        headers: owner.headers,
        payload: {
          businessAccountId: companyId,
          customerId: buyerId,
          domain: 'NetworkID',
          identity: IDENTITY,
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      secret = res.json<{ sharedSecret: string }>().sharedSecret;
    });

    test('round trip: setup request → start page → cart → order message → order request → one order with the line and its quantity at the contract price', async () => {
      const startPage = await setup();
      assert.equal(startPage.pathname, '/punchout/start');
      const buyer = await start(startPage);
      const saved = await saveDesign(buyer, 'Standard desk');
      const cart = await t.app.inject({
        method: 'GET',
        url: '/punchout/cart',
        headers: { cookie: buyer.cookie },
      });
      assert.match(cart.body, /Standard desk/);
      assert.match(cart.body, /Return cart to your procurement system/);

      const returned = await returnCart(buyer, { [`qty:${saved.id}`]: '2' });
      assert.equal(returned.statusCode, 200, returned.body);
      assert.match(
        returned.body,
        new RegExp(`action="${RETURN_URL.replace('?', '\\?').replace('&', '&amp;')}"`),
      );
      assert.match(
        String(returned.headers['content-security-policy']),
        /form-action 'self' https:\/\/procurement\.example\.com/,
      );
      const fields = formFields(returned.body);
      assert.deepEqual(
        fields.map(([name]) => name),
        ['cxml-urlencoded'],
      );
      const message = parseXml(fields[0]![1]);
      const order = at(message, 'Message', 'PunchOutOrderMessage')!;
      assert.equal(at(order, 'BuyerCookie')!.text, '34234234ADFSDF234234');
      assert.equal(at(message, 'Header', 'To', 'Credential', 'Identity')!.text, IDENTITY);
      const items = childrenNamed(order, 'ItemIn');
      assert.equal(items.length, 1);
      const item = items[0]!;
      assert.equal(item.attributes.quantity, '2');
      const contract = await contractUnit(buyer, saved, 2);
      assert.ok(contract.unit < saved.quote.total, 'the contract price is below the list price');
      const money = at(item, 'ItemDetail', 'UnitPrice', 'Money')!;
      assert.equal(money.attributes.currency, contract.currency);
      assert.equal(money.text, decimalOf(contract.unit, contract.currency));
      assert.equal(
        at(order, 'PunchOutOrderMessageHeader', 'Total', 'Money')!.text,
        decimalOf(contract.unit * 2, contract.currency),
      );
      assert.match(at(item, 'ItemDetail', 'Description')!.text, /^Standard desk \(/);
      assert.equal(at(item, 'ItemID', 'SupplierPartAuxiliaryID')!.text, saved.design.versionId);

      const again = await t.app.inject({
        method: 'GET',
        url: '/punchout/cart',
        headers: { cookie: buyer.cookie },
      });
      assert.equal(again.statusCode, 404, 'the punch-out ended with the returned cart');

      assert.equal((await buyerOrders()).length, 0, 'returning a cart orders nothing');
      const request = orderRequest(item, {});
      const ordered = await postCxml(request);
      assert.equal(ordered.statusCode, 200, ordered.body);
      assert.equal(statusOf(ordered).code, 200);
      const placed = await buyerOrders();
      assert.equal(placed.length, 1, 'one order for the whole document');
      const [one] = placed;
      assert.equal(one!.total, contract.unit * 2);
      assert.equal(one!.currency, contract.currency);
      assert.equal(one!.status, 'placed');
      assert.deepEqual(
        (await orderLinesOf(one!.id)).map((l) => [l.productVersionId, l.quantity, l.total]),
        [[saved.design.versionId, 2, contract.unit * 2]],
        'its one line holds the design, its quantity and the contract total',
      );

      const snapshot = await snapshotDatabase(t.testDb.database);
      const repeat = await postCxml(request);
      assert.equal(repeat.statusCode, 200);
      assert.equal(repeat.body, ordered.body, 'the same payloadID answers the same');
      assert.deepEqual(
        await snapshotDatabase(t.testDb.database),
        snapshot,
        'and places nothing more',
      );

      // Editing the requisition later: the cart page starts from the lines it brings back (ours only).
      const line = (partId: string, quantity: number) =>
        `<ItemOut quantity="${quantity}"><ItemID><SupplierPartID>${partId}</SupplierPartID></ItemID></ItemOut>`;
      const edit = await postCxml(
        fixture('punchout-setup-request.xml', {
          ...credentials(),
          PAYLOAD_ID: 'edit-1@procurement.example.com',
          BROWSER_FORM_POST: RETURN_URL.replace('&', '&amp;'),
        })
          .replace('operation="create"', 'operation="edit"')
          .replace(
            '</PunchOutSetupRequest>',
            `${line(at(item, 'ItemID', 'SupplierPartID')!.text, 2)}${line('OTHER-SUPPLIER-123', 5)}</PunchOutSetupRequest>`,
          ),
      );
      assert.equal(edit.statusCode, 200, edit.body);
      const editor = await start(
        new URL(
          at(parseXml(edit.body), 'Response', 'PunchOutSetupResponse', 'StartPage', 'URL')!.text,
        ),
      );
      const edited = await t.app.inject({
        method: 'GET',
        url: '/punchout/cart',
        headers: { cookie: editor.cookie },
      });
      assert.match(edited.body, new RegExp(`name="qty:${saved.id}" [^>]*value="2"`));
    });

    test('an order request at another price or before the earliest date answers 409 with the reason, and writes nothing', async () => {
      const buyer = await start(await setup());
      const saved = await saveDesign(buyer, 'Desk');
      const returned = await returnCart(buyer, { [`qty:${saved.id}`]: '1' });
      const item = childrenNamed(
        at(parseXml(formFields(returned.body)[0]![1]), 'Message', 'PunchOutOrderMessage'),
        'ItemIn',
      )[0]!;
      const before = await snapshotDatabase(t.testDb.database);
      const cheaper = await postCxml(
        orderRequest(item, {
          UNIT_PRICE: decimalOf(saved.quote.total - 100, saved.quote.currency),
        }),
      );
      assert.equal(cheaper.statusCode, 409, cheaper.body);
      assert.equal(statusOf(cheaper).code, 409);
      assert.match(statusOf(cheaper).text, /the price is now/);
      const early = await postCxml(
        orderRequest(item, { REQUESTED_DELIVERY: ' requestedDeliveryDate="2026-01-15"' }),
      );
      assert.equal(early.statusCode, 409, early.body);
      assert.match(statusOf(early).text, /earliest delivery is now/);
      const forged = await postCxml(
        orderRequest(item, {
          SUPPLIER_PART_ID: at(item, 'ItemID', 'SupplierPartID')!.text.replace(/.$/, (c) =>
            c === 'A' ? 'B' : 'A',
          ),
        }),
      );
      assert.equal(forged.statusCode, 417, forged.body);
      assert.match(statusOf(forged).text, /is not a part we supplied to you/);
      assert.deepEqual(await snapshotDatabase(t.testDb.database), before);

      const twice = await Promise.all([
        postCxml(orderRequest(item, {})),
        postCxml(orderRequest(item, {})),
      ]);
      assert.deepEqual(
        twice.map((r) => r.statusCode),
        [200, 200],
      );
      assert.equal(
        twice[0]!.body,
        twice[1]!.body,
        'the same document sent twice at once answers the same',
      );
      assert.equal((await buyerOrders()).length, 1, 'and orders once');
    });

    test('an order request of two lines, one of 30 units, places one order holding both lines and their quantities at the contract prices', async () => {
      const buyer = await start(await setup());
      const fleet = await saveDesign(buyer, 'Fleet bike');
      const spare = await saveDesign(buyer, 'Spare bike');
      const returned = await returnCart(buyer, {
        [`qty:${fleet.id}`]: '30',
        [`qty:${spare.id}`]: '2',
      });
      assert.equal(returned.statusCode, 200, returned.body);
      const items = childrenNamed(
        at(parseXml(formFields(returned.body)[0]![1]), 'Message', 'PunchOutOrderMessage'),
        'ItemIn',
      );
      assert.deepEqual(
        items.map((i) => i.attributes.quantity),
        ['30', '2'],
      );
      const thirty = await contractUnit(buyer, fleet, 30);
      const two = await contractUnit(buyer, spare, 2);
      assert.ok(thirty.unit < two.unit, 'thirty units reach a volume tier');
      assert.deepEqual(
        items.map((i) => at(i, 'ItemDetail', 'UnitPrice', 'Money')!.text),
        [decimalOf(thirty.unit, thirty.currency), decimalOf(two.unit, two.currency)],
      );
      // The fixture's one ItemOut, then the second line's.
      const request = (first: Record<string, string>) => {
        const second = /<ItemOut[\s\S]*<\/ItemOut>/
          .exec(orderRequest(items[1]!, {}))![0]
          .replace('lineNumber="1"', 'lineNumber="2"');
        return orderRequest(items[0]!, first).replace(
          '</OrderRequest>',
          `${second}</OrderRequest>`,
        );
      };

      const before = await snapshotDatabase(t.testDb.database);
      const atSmallPrice = await postCxml(
        request({ UNIT_PRICE: decimalOf(two.unit, two.currency) }),
      );
      assert.equal(atSmallPrice.statusCode, 409, atSmallPrice.body);
      assert.match(statusOf(atSmallPrice).text, /^Line 1: the price is now .* a unit for 30/);
      assert.deepEqual(await snapshotDatabase(t.testDb.database), before, 'nothing written');

      const ordered = await postCxml(request({}));
      assert.equal(ordered.statusCode, 200, ordered.body);
      const placed = await buyerOrders();
      assert.equal(placed.length, 1, '32 units are one order, no longer capped at 25');
      assert.equal(placed[0]!.total, thirty.unit * 30 + two.unit * 2);
      assert.deepEqual(
        (await orderLinesOf(placed[0]!.id))
          .sort((x, y) => x.position - y.position)
          .map((l) => [l.productVersionId, l.quantity, l.total]),
        [
          [fleet.design.versionId, 30, thirty.unit * 30],
          [spare.design.versionId, 2, two.unit * 2],
        ],
      );
    });

    test('an order request whose quantity breaks the product’s quantity rule answers 400 naming the line, and writes nothing', async () => {
      const buyer = await start(await setup());
      const saved = await saveDesign(buyer, 'Bike');
      const returned = await returnCart(buyer, { [`qty:${saved.id}`]: '30' });
      assert.equal(returned.statusCode, 200, returned.body);
      const item = childrenNamed(
        at(parseXml(formFields(returned.body)[0]![1]), 'Message', 'PunchOutOrderMessage'),
        'ItemIn',
      )[0]!;
      const bike = (await findProductBySlug(t.db, firm.tenant.id, 'city-bike'))!;
      await insertQuantityRule(t.db, {
        id: t.ids.uuid(),
        tenantId: firm.tenant.id,
        productId: bike.id,
        approvedConfigurationId: null,
        minQuantity: 1,
        maxQuantity: 20,
        increment: 1,
        createdAt: t.clock.now(),
        updatedAt: t.clock.now(),
      });
      const before = await snapshotDatabase(t.testDb.database);
      const tooMany = await postCxml(orderRequest(item, {}));
      assert.equal(tooMany.statusCode, 400, tooMany.body);
      assert.equal(statusOf(tooMany).text, 'Line 1: quantity must be at most 20');
      const absurd = await postCxml(orderRequest(item, { QUANTITY: '1000001' }));
      assert.equal(absurd.statusCode, 400, absurd.body);
      assert.equal(statusOf(absurd).text, 'Line 1: quantity must be at most 1000000.');
      assert.deepEqual(await snapshotDatabase(t.testDb.database), before);
    });

    test('a wrong shared secret or an unknown identity answers 401 in cXML, and writes nothing', async () => {
      const before = await snapshotDatabase(t.testDb.database);
      for (const values of [
        { SECRET: `${secret}x` },
        { SECRET: '' },
        { IDENTITY: 'AN09999999999' },
        { DOMAIN: 'DUNS' },
      ]) {
        const res = await postCxml(
          fixture('punchout-setup-request.xml', {
            ...credentials(),
            PAYLOAD_ID: 'p@x',
            BROWSER_FORM_POST: RETURN_URL,
            ...values,
          }),
        );
        assert.equal(res.statusCode, 401, `${JSON.stringify(values)}: ${res.body}`);
        assert.deepEqual(statusOf(res), {
          code: 401,
          text: 'Unknown sender or wrong shared secret.',
        });
      }
      assert.deepEqual(await snapshotDatabase(t.testDb.database), before);
    });

    test('bad XML, an external entity (XXE), billion laughs and an oversized document answer 400 in cXML, and write nothing', async () => {
      const before = await snapshotDatabase(t.testDb.database);
      const setupDoc = fixture('punchout-setup-request.xml', {
        ...credentials(),
        PAYLOAD_ID: 'p@x',
        BROWSER_FORM_POST: RETURN_URL,
      });
      const cases: [string, string, RegExp][] = [
        ['bad XML', setupDoc.replace('</Header>', ''), /XML was refused/],
        ['not cXML', '<?xml version="1.0"?><order/>', /root element must be cXML/],
        ['XXE', fixture('xxe.xml', credentials()), /document type declaration/],
        [
          'billion laughs',
          fixture('billion-laughs.xml', credentials()),
          /document type declaration/,
        ],
        [
          'an undeclared entity',
          setupDoc.replace('34234234ADFSDF234234', '&lol9;'),
          /undefined entity/,
        ],
        [
          'oversized',
          setupDoc.replace(
            '<Extrinsic',
            `<Extrinsic name="pad">${'x'.repeat(300 * 1024)}</Extrinsic><Extrinsic`,
          ),
          /larger than 256 KiB/,
        ],
        [
          'a javascript: BrowserFormPost',
          setupDoc.replace(RETURN_URL, 'javascript:alert(1)'),
          /http or https URL/,
        ],
      ];
      for (const [what, body, reason] of cases) {
        const res = await postCxml(body);
        assert.equal(res.statusCode, 400, `${what}: ${res.body}`);
        assert.match(String(res.headers['content-type']), /^text\/xml/, what);
        const status = statusOf(res);
        assert.equal(status.code, 400, what);
        assert.match(status.text, reason, what);
        assert.doesNotMatch(res.body, /root:|lollol/, `${what}: nothing expanded`);
      }
      const json = await postCxml('{"cXML": 1}', 'application/json');
      assert.equal(json.statusCode, 415);
      assert.match(String(json.headers['content-type']), /^application\/problem\+json/);
      assert.deepEqual(await snapshotDatabase(t.testDb.database), before);
    });

    test('the start page works once and only for a few minutes', async () => {
      const startPage = await setup();
      await start(startPage);
      const reused = await t.app.inject({
        method: 'GET',
        url: startPage.pathname + startPage.search,
      });
      assert.equal(reused.statusCode, 404);
      const late = await setup('setup-2@procurement.example.com');
      t.clock.advance(5 * 60_000 + 1);
      const expired = await t.app.inject({ method: 'GET', url: late.pathname + late.search });
      assert.equal(expired.statusCode, 404);
      assert.equal(expired.headers['set-cookie'], undefined, 'no one is signed in');
    });

    test('the cart refuses another customer’s design and a stale form, naming the field', async () => {
      const buyer = await start(await setup());
      const other = await t.signIn(firm, 'approver');
      const theirs = await saveDesign(other, 'Approver desk');
      const res = await returnCart(buyer, { [`qty:${theirs.id}`]: '1' });
      assert.equal(res.statusCode, 400, res.body);
      assert.deepEqual(res.json<{ errors: unknown[] }>().errors, [
        { field: 'lines[0].designId', message: 'no such design of yours' },
      ]);
      const mine = await saveDesign(buyer, 'Mine');
      const fractional = await returnCart(buyer, { [`qty:${mine.id}`]: '1.5' });
      assert.equal(fractional.statusCode, 400);
      assert.equal(
        fractional.json<{ errors: { field: string }[] }>().errors[0]!.field,
        `qty:${mine.id}`,
      );
      const stale = await t.app.inject({
        method: 'POST',
        url: '/punchout/cart',
        headers: { cookie: buyer.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ csrf: 'nope', [`qty:${mine.id}`]: '1' }).toString(),
      });
      assert.equal(stale.statusCode, 403);
    });

    test('OCI: the start form with the company’s username and password opens a punch-out whose cart goes back as NEW_ITEM fields', async () => {
      const form = (password: string, hook = 'https://srm.example.com/sap/bc/gui/oci_hook') =>
        new URLSearchParams({
          USERNAME: IDENTITY,
          PASSWORD: password,
          HOOK_URL: hook,
          '~OkCode': 'ADDI',
        }).toString();
      const post = (payload: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/shop/alpha/punchout/oci',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload,
        });
      const before = await snapshotDatabase(t.testDb.database);
      assert.equal((await post(form('wrong password!'))).statusCode, 401);
      const ftp = await post(form(secret, 'ftp://srm.example.com/hook'));
      assert.equal(ftp.statusCode, 400);
      assert.equal(ftp.json<{ errors: { field: string }[] }>().errors[0]!.field, 'HOOK_URL');
      assert.deepEqual(await snapshotDatabase(t.testDb.database), before);

      const opened = await post(form(secret));
      assert.equal(opened.statusCode, 303, opened.body);
      const buyer = await start(new URL(String(opened.headers.location)));
      const saved = await saveDesign(buyer, 'Lab bench');
      const returned = await returnCart(buyer, { [`qty:${saved.id}`]: '3' });
      assert.equal(returned.statusCode, 200, returned.body);
      assert.match(returned.body, /action="https:\/\/srm\.example\.com\/sap\/bc\/gui\/oci_hook"/);
      const fields = new Map(formFields(returned.body));
      assert.equal(fields.get('NEW_ITEM-QUANTITY[1]'), '3');
      const contract = await contractUnit(buyer, saved, 3);
      assert.ok(contract.unit < saved.quote.total, 'the contract price is below the list price');
      assert.equal(fields.get('NEW_ITEM-PRICE[1]'), decimalOf(contract.unit, contract.currency));
      assert.equal(fields.get('NEW_ITEM-CURRENCY[1]'), saved.quote.currency);
      assert.match(fields.get('NEW_ITEM-DESCRIPTION[1]')!, /^Lab bench \(/);
      assert.match(fields.get('NEW_ITEM-VENDORMAT[1]')!, new RegExp(`^${saved.id}\\.1\\.`));
    });

    test('credentials: owners set them, the secret is shown once, and the buyer must belong to the company', async () => {
      const list = await t.app.inject({
        method: 'GET',
        url: '/api/v1/punchout-credentials',
        headers: owner.headers,
      });
      assert.equal(list.statusCode, 200);
      assert.deepEqual(
        list
          .json<{ identity: string }[]>()
          .map((c) => c.identity)
          .sort(),
        [IDENTITY, 'acme-procurement'],
        'the demo company’s and the new ones',
      );
      assert.doesNotMatch(list.body, new RegExp(secret));
      assert.doesNotMatch(list.body, /secret/i);
      const approverId = (await t.signIn(firm, 'approver')).userId;
      const outsider = await insertCustomer(t.db, {
        id: t.ids.uuid(),
        tenantId: firm.tenant.id,
        email: 'someone.else@example.com',
        name: 'Someone Else',
        passwordHash: null,
        businessAccountId: null,
        businessRole: null,
        now: t.clock.now(),
      });
      const create = (customerId: string, identity: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/punchout-credentials',
          headers: owner.headers,
          payload: { businessAccountId: companyId, customerId, domain: 'NetworkID', identity },
        });
      const notMember = await create(outsider.id, 'AN-2');
      assert.equal(notMember.statusCode, 400, notMember.body);
      assert.deepEqual(notMember.json<{ errors: unknown[] }>().errors, [
        { field: 'customerId', message: 'is not a member of this company' },
      ]);
      assert.equal((await create(approverId, IDENTITY)).statusCode, 409);
      const sales = await t.signIn(firm, 'sales');
      const bySales = await t.app.inject({
        method: 'GET',
        url: '/api/v1/punchout-credentials',
        headers: sales.headers,
      });
      assert.equal(bySales.statusCode, 403);
      const id = list
        .json<{ id: string; identity: string }[]>()
        .find((c) => c.identity === IDENTITY)!.id;
      const removed = await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/punchout-credentials/${id}`,
        headers: owner.headers,
      });
      assert.equal(removed.statusCode, 204);
      const audited = await t.db
        .select()
        .from(auditLog)
        .where(
          and(eq(auditLog.tenantId, firm.tenant.id), eq(auditLog.resource, 'punchout-credentials')),
        );
      assert.deepEqual(
        audited.map((a) => JSON.stringify([a.actorStaffId, a.resourceId, a.customerId])).sort(),
        [
          JSON.stringify([owner.userId, id, buyerId]),
          JSON.stringify([owner.userId, id, null]),
        ].sort(),
        'giving and withdrawing credentials are audited',
      );
      const res = await postCxml(
        fixture('punchout-setup-request.xml', {
          ...credentials(),
          PAYLOAD_ID: 'p@x',
          BROWSER_FORM_POST: RETURN_URL,
        }),
      );
      assert.equal(res.statusCode, 401, 'withdrawn credentials no longer sign in');
    });

    test('credentials whose buyer has left the company open nothing and order nothing (403)', async () => {
      await t.db
        .update(customers)
        .set({ businessAccountId: null, businessRole: null })
        .where(eq(customers.id, buyerId));
      const before = await snapshotDatabase(t.testDb.database);
      const res = await postCxml(
        fixture('punchout-setup-request.xml', {
          ...credentials(),
          PAYLOAD_ID: 'p@x',
          BROWSER_FORM_POST: RETURN_URL,
        }),
      );
      assert.equal(res.statusCode, 403, res.body);
      assert.match(statusOf(res).text, /no longer a member of the company/);
      const oci = await t.app.inject({
        method: 'POST',
        url: '/api/v1/shop/alpha/punchout/oci',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          USERNAME: IDENTITY,
          PASSWORD: secret,
          HOOK_URL: 'https://srm.example.com/hook',
        }).toString(),
      });
      assert.equal(oci.statusCode, 403, oci.body);
      const order = await postCxml(
        fixture('order-request.xml', {
          ...credentials(),
          PAYLOAD_ID: 'o@x',
          ORDER_ID: 'PO-1',
          QUANTITY: '1',
          CURRENCY: 'EUR',
          UNIT_PRICE: '10.00',
          TOTAL: '10.00',
        }),
      );
      assert.equal(order.statusCode, 403, order.body);
      assert.deepEqual(await snapshotDatabase(t.testDb.database), before);
    });
  });
}
