// Incoming cXML documents are held to the structure the cXML 1.2 DTD requires of the elements we
// read (cXML envelope, Header with From / To / Sender credentials, one Request, the
// PunchOutSetupRequest and OrderRequest content models and their required attributes). A
// document missing a required part is refused with cXML status 400 naming where, before any
// credential is looked at, and nothing is written.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../src/privacy/privacy.schema.ts';
import { customers } from '../src/users/users.schema.ts';
import { validateCxml } from '../src/punchout/cxml-dtd.ts';
import { CxmlStatus } from '../src/punchout/cxml.ts';
import { at, parseXml } from '../src/punchout/xml.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { snapshotDatabase } from './helpers/db.ts';

function fixture(name: string, values: Record<string, string> = {}): string {
  const text = readFileSync(new URL(`./fixtures/cxml/${name}`, import.meta.url), 'utf8');
  return text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '');
}

const SETUP = fixture('punchout-setup-request.xml', {
  PAYLOAD_ID: '1@procurement.example.com',
  DOMAIN: 'NetworkID',
  IDENTITY: 'AN01000000001-T',
  SECRET: 'not-the-secret',
  BROWSER_FORM_POST: 'https://procurement.example.com/return',
});
const ORDER = fixture('order-request.xml', {
  PAYLOAD_ID: '2@procurement.example.com',
  DOMAIN: 'NetworkID',
  IDENTITY: 'AN01000000001-T',
  SECRET: 'not-the-secret',
  ORDER_ID: 'PO-1',
  CURRENCY: 'EUR',
  TOTAL: '10.00',
  QUANTITY: '1',
  SUPPLIER_PART_ID: 'part',
  SUPPLIER_PART_AUXILIARY_ID: 'aux',
  UNIT_PRICE: '10.00',
  DESCRIPTION: 'A desk',
});

/** The refusal of a document: its cXML status code and text, or null when it is valid. */
function refusal(doc: string): { code: number; detail: string } | null {
  try {
    validateCxml(parseXml(doc));
    return null;
  } catch (e) {
    if (e instanceof CxmlStatus) return { code: e.code, detail: e.detail };
    throw e;
  }
}

test('the fixtures written from the cXML User’s Guide are valid', () => {
  assert.equal(refusal(SETUP), null);
  assert.equal(refusal(ORDER), null);
});

test('a document without payloadID or timestamp, or with a timestamp without time zone, is refused naming the attribute', () => {
  const cases: [string, string, RegExp][] = [
    ['no payloadID', SETUP.replace(/ payloadID="[^"]*"/, ''), /cXML: payloadID is required/],
    ['no timestamp', SETUP.replace(/ timestamp="[^"]*"/, ''), /cXML: timestamp is required/],
    [
      'a timestamp without zone',
      SETUP.replace('2026-01-15T09:00:00+00:00', '2026-01-15 09:00'),
      /cXML: timestamp must be an ISO 8601 date and time with its time zone/,
    ],
  ];
  for (const [what, doc, reason] of cases) {
    const r = refusal(doc);
    assert.equal(r?.code, 400, what);
    assert.match(r!.detail, reason, what);
  }
});

test('Header needs From, To and Sender in that order, each with a Credential (domain and Identity), and Sender its UserAgent', () => {
  const cases: [string, string, RegExp][] = [
    ['no From', SETUP.replace(/<From>[\s\S]*?<\/From>/, ''), /cXML\/Header: .*From/],
    ['no To', SETUP.replace(/<To>[\s\S]*?<\/To>/, ''), /cXML\/Header: .*To/],
    ['no Sender', SETUP.replace(/<Sender>[\s\S]*?<\/Sender>/, ''), /cXML\/Header: .*Sender/],
    [
      'no UserAgent',
      SETUP.replace(/<UserAgent>[\s\S]*?<\/UserAgent>/, ''),
      /cXML\/Header\/Sender: .*UserAgent/,
    ],
    [
      'a Credential without domain',
      SETUP.replace('<Credential domain="DUNS">', '<Credential>'),
      /cXML\/Header\/To\/Credential: domain is required/,
    ],
    [
      'a Credential without Identity',
      SETUP.replace('<Identity>114315195</Identity>', ''),
      /cXML\/Header\/To\/Credential: .*Identity/,
    ],
    [
      'Sender before To',
      SETUP.replace(/(<To>[\s\S]*?<\/To>)\s*(<Sender>[\s\S]*?<\/Sender>)/, '$2$1'),
      /cXML\/Header: /,
    ],
  ];
  for (const [what, doc, reason] of cases) {
    const r = refusal(doc);
    assert.equal(r?.code, 400, what);
    assert.match(r!.detail, reason, what);
  }
});

test('one Request after the Header; a PunchOutSetupRequest needs its operation and BuyerCookie', () => {
  const cases: [string, string, RegExp][] = [
    ['no Request', SETUP.replace(/<Request[\s\S]*<\/Request>/, ''), /^cXML: /],
    [
      'a Request of nothing',
      SETUP.replace(/<PunchOutSetupRequest[\s\S]*<\/PunchOutSetupRequest>/, ''),
      /cXML\/Request: /,
    ],
    [
      'a bad deploymentMode',
      SETUP.replace('deploymentMode="test"', 'deploymentMode="staging"'),
      /cXML\/Request: deploymentMode must be one of production, test/,
    ],
    [
      'no operation',
      SETUP.replace(' operation="create"', ''),
      /PunchOutSetupRequest: operation is required/,
    ],
    [
      'no BuyerCookie',
      SETUP.replace(/<BuyerCookie>[\s\S]*?<\/BuyerCookie>/, ''),
      /cXML\/Request\/PunchOutSetupRequest: .*BuyerCookie/,
    ],
    [
      'BuyerCookie after BrowserFormPost',
      SETUP.replace(/(<BuyerCookie>[\s\S]*?<\/BuyerCookie>)([\s\S]*?<\/BrowserFormPost>)/, '$2$1'),
      /cXML\/Request\/PunchOutSetupRequest: /,
    ],
  ];
  for (const [what, doc, reason] of cases) {
    const r = refusal(doc);
    assert.equal(r?.code, 400, what);
    assert.match(r!.detail, reason, what);
  }
});

test('an OrderRequest needs its header (orderID, orderDate, Total, BillTo) and ItemOut lines with ItemID, quantity and a complete ItemDetail', () => {
  const cases: [string, string, RegExp][] = [
    [
      'no orderDate',
      ORDER.replace(/ orderDate="[^"]*"/, ''),
      /OrderRequestHeader: orderDate is required/,
    ],
    ['no BillTo', ORDER.replace(/<BillTo>[\s\S]*?<\/BillTo>/, ''), /OrderRequestHeader: .*BillTo/],
    ['no Total', ORDER.replace(/<Total>[\s\S]*?<\/Total>/, ''), /OrderRequestHeader: .*Total/],
    [
      'no ItemOut',
      ORDER.replace(/<ItemOut[\s\S]*<\/ItemOut>/, ''),
      /cXML\/Request\/OrderRequest: .*ItemOut/,
    ],
    ['no quantity', ORDER.replace(/ quantity="[^"]*"/, ''), /ItemOut\[1\]: quantity is required/],
    [
      'no SupplierPartID',
      ORDER.replace(/<SupplierPartID>[\s\S]*?<\/SupplierPartID>/, ''),
      /ItemOut\[1\]\/ItemID: .*SupplierPartID/,
    ],
    [
      'no UnitOfMeasure',
      ORDER.replace(/<UnitOfMeasure>[\s\S]*?<\/UnitOfMeasure>/, ''),
      /ItemOut\[1\]\/ItemDetail: .*UnitOfMeasure/,
    ],
    [
      'Money without currency',
      ORDER.replace(
        '<Money currency="EUR">10.00</Money>\n        </Total>',
        '<Money>10.00</Money></Total>',
      ),
      /Total\/Money: currency is required/,
    ],
  ];
  for (const [what, doc, reason] of cases) {
    const r = refusal(doc);
    assert.equal(r?.code, 400, what);
    assert.match(r!.detail, reason, what);
  }
});

let t: TestApp;
before(async () => {
  t = await createTestApp();
  await t.seedFirm('alpha');
});
after(() => t.close());

test('over HTTP a document missing a required part is a cXML 400 naming it, before its credentials are checked, and nothing is written', async () => {
  const before = await snapshotDatabase(t.testDb.database);
  for (const doc of [
    SETUP.replace(/<UserAgent>[\s\S]*?<\/UserAgent>/, ''),
    ORDER.replace(/<BillTo>[\s\S]*?<\/BillTo>/, ''),
  ]) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/shop/alpha/punchout/cxml',
      headers: { 'content-type': 'text/xml; charset=utf-8' },
      payload: doc,
    });
    assert.equal(res.statusCode, 400, res.body);
    const status = at(parseXml(res.body), 'Response', 'Status')!;
    assert.equal(status.attributes.code, '400');
    assert.match(status.text, /UserAgent|BillTo/);
  }
  // A valid document from an unknown sender is still 401.
  const unknown = await t.app.inject({
    method: 'POST',
    url: '/api/v1/shop/alpha/punchout/cxml',
    headers: { 'content-type': 'text/xml; charset=utf-8' },
    payload: SETUP,
  });
  assert.equal(unknown.statusCode, 401, unknown.body);
  assert.deepEqual(await snapshotDatabase(t.testDb.database), before);
});

test('the owner rotates a company’s shared secret: the new one is shown once, the old one stops working, and it is audited', async () => {
  const firm = await t.seedFirm('gamma');
  const owner = await t.signIn(firm, 'owner');
  const [buyer] = await t.db
    .select()
    .from(customers)
    .where(and(eq(customers.tenantId, firm.tenant.id), eq(customers.businessRole, 'buyer')));
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/punchout-credentials',
    headers: owner.headers,
    payload: {
      businessAccountId: buyer!.businessAccountId,
      customerId: buyer!.id,
      domain: 'NetworkID',
      identity: 'AN-ROTATE',
    },
  });
  assert.equal(created.statusCode, 201, created.body);
  const { id, sharedSecret: first } = created.json<{ id: string; sharedSecret: string }>();
  const setupWith = (secret: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/shop/gamma/punchout/cxml',
      headers: { 'content-type': 'text/xml; charset=utf-8' },
      payload: SETUP.replace('AN01000000001-T', 'AN-ROTATE').replace('not-the-secret', secret),
    });
  assert.equal((await setupWith(first)).statusCode, 200);

  const rotated = await t.app.inject({
    method: 'POST',
    url: `/api/v1/punchout-credentials/${id}/rotate`,
    headers: owner.headers,
  });
  assert.equal(rotated.statusCode, 200, rotated.body);
  const second = rotated.json<{ sharedSecret: string }>().sharedSecret;
  assert.notEqual(second, first);
  assert.equal((await setupWith(first)).statusCode, 401, 'the old secret no longer works');
  assert.equal((await setupWith(second)).statusCode, 200, 'the new one does');
  // Never shown again.
  const list = await t.app.inject({
    method: 'GET',
    url: '/api/v1/punchout-credentials',
    headers: owner.headers,
  });
  assert.doesNotMatch(list.body, new RegExp(second));
  const audited = await t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, firm.tenant.id), eq(auditLog.resourceId, id)));
  assert.equal(audited.length, 2, 'given and rotated');
  const unknown = await t.app.inject({
    method: 'POST',
    url: `/api/v1/punchout-credentials/${crypto.randomUUID()}/rotate`,
    headers: owner.headers,
  });
  assert.equal(unknown.statusCode, 404);
});
