// cXML 1.2 documents (cXML User's Guide, cxml.org): reading the requests a procurement system
// sends (PunchOutSetupRequest, OrderRequest), writing our answers (Response with a Status,
// PunchOutSetupResponse) and the cart (PunchOutOrderMessage). Plain functions over parsed trees.
import { at, child, childrenNamed, escapeXml, type XmlElement } from './xml.ts';

export const CXML_VERSION = '1.2.014';
const DOCTYPE = `<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/${CXML_VERSION}/cXML.dtd">`;

/**
 * A refusal in the protocol's own terms: cXML status codes follow HTTP's (400 bad request,
 * 401 unauthorized, 409 conflict with the current state, 417 an expectation the request makes
 * cannot be met). The route answers the same HTTP status with a cXML Response document.
 */
export class CxmlStatus extends Error {
  constructor(
    readonly code: number,
    readonly text: string,
    readonly detail: string,
  ) {
    super(detail);
  }
}

export const badDocument = (detail: string) => new CxmlStatus(400, 'Bad Request', detail);

/** ItemOut lines a document may carry: as many as one multi-line order holds (MAX_LINES). */
const MAX_ITEMS = 100;

export type Credential = { domain: string; identity: string; sharedSecret: string | null };

export type CxmlRequest = {
  payloadId: string;
  sender: Credential;
  from: Credential;
  to: Credential;
  body:
    | { kind: 'setup'; setup: SetupRequest }
    | { kind: 'order'; order: OrderRequestDoc }
    | { kind: 'other'; name: string };
};

export type SetupRequest = {
  operation: 'create' | 'edit' | 'inspect';
  buyerCookie: string;
  browserFormPost: string;
  /** The cart an `edit` or `inspect` brings back (its ItemOut lines). */
  items: { supplierPartId: string; quantity: number }[];
};

export type ItemOut = {
  lineNumber: number;
  quantity: number;
  supplierPartId: string;
  supplierPartAuxiliaryId: string;
  unitPrice: { value: string; currency: string };
  requestedDeliveryDate: string | null;
};

export type OrderRequestDoc = { orderId: string; items: ItemOut[] };

function credentialOf(party: XmlElement | undefined, where: string): Credential {
  const cred = child(party, 'Credential');
  const identity = child(cred, 'Identity')?.text ?? '';
  const domain = cred?.attributes.domain ?? '';
  if (!cred || !identity || !domain)
    throw badDocument(`Header/${where}/Credential needs a domain and an Identity`);
  return { domain, identity, sharedSecret: child(cred, 'SharedSecret')?.text ?? null };
}

/** Reads a cXML request document; anything not shaped like one is a 400. */
export function readRequest(root: XmlElement): CxmlRequest {
  if (root.name !== 'cXML') throw badDocument('the root element must be cXML');
  const payloadId = root.attributes.payloadID ?? '';
  if (!payloadId || payloadId.length > 250)
    throw badDocument('cXML needs a payloadID of at most 250 characters');
  const header = child(root, 'Header');
  if (!header) throw badDocument('cXML needs a Header');
  const sender = credentialOf(child(header, 'Sender'), 'Sender');
  const from = credentialOf(child(header, 'From'), 'From');
  const to = credentialOf(child(header, 'To'), 'To');
  const request = child(root, 'Request');
  const inner = request?.children[0];
  if (!inner) throw badDocument('cXML needs a Request with one request element');
  const base = { payloadId, sender, from, to };
  if (inner.name === 'PunchOutSetupRequest')
    return { ...base, body: { kind: 'setup', setup: readSetup(inner) } };
  if (inner.name === 'OrderRequest')
    return { ...base, body: { kind: 'order', order: readOrder(inner) } };
  return { ...base, body: { kind: 'other', name: inner.name } };
}

function readSetup(e: XmlElement): SetupRequest {
  const operation = e.attributes.operation ?? 'create';
  if (operation !== 'create' && operation !== 'edit' && operation !== 'inspect')
    throw badDocument(
      `PunchOutSetupRequest operation must be create, edit or inspect, not ${operation}`,
    );
  const buyerCookie = child(e, 'BuyerCookie')?.text ?? '';
  if (!buyerCookie || buyerCookie.length > 500)
    throw badDocument('PunchOutSetupRequest needs a BuyerCookie of at most 500 characters');
  const url = at(e, 'BrowserFormPost', 'URL')?.text ?? '';
  const lines = childrenNamed(e, 'ItemOut');
  if (lines.length > MAX_ITEMS) throw badDocument(`at most ${MAX_ITEMS} ItemOut lines`);
  const items = lines.map((item, i) => {
    const quantity = Number(item.attributes.quantity);
    if (!Number.isSafeInteger(quantity) || quantity < 1)
      throw badDocument(`ItemOut ${i + 1}: quantity must be a whole number of at least 1`);
    return { supplierPartId: at(item, 'ItemID', 'SupplierPartID')?.text ?? '', quantity };
  });
  return {
    operation,
    buyerCookie,
    browserFormPost: checkReturnUrl(url, 'BrowserFormPost/URL'),
    items,
  };
}

/**
 * The address the cart goes back to. Only http(s); it is written into a form the buyer's own
 * browser submits — the server never fetches it (nor any other URL found in a document).
 */
export function checkReturnUrl(url: string, field: string): string {
  const parsed = url.length <= 2000 && URL.canParse(url) ? new URL(url) : null;
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:'))
    throw badDocument(`${field} must be an http or https URL`);
  return parsed.href;
}

function readOrder(e: XmlElement): OrderRequestDoc {
  const orderId = child(e, 'OrderRequestHeader')?.attributes.orderID ?? '';
  if (!orderId || orderId.length > 100)
    throw badDocument('OrderRequestHeader needs an orderID of at most 100 characters');
  const items = childrenNamed(e, 'ItemOut');
  if (items.length === 0 || items.length > MAX_ITEMS)
    throw badDocument(`an OrderRequest needs 1 to ${MAX_ITEMS} ItemOut lines`);
  return {
    orderId,
    items: items.map((item, i) => {
      const quantity = Number(item.attributes.quantity);
      if (!Number.isSafeInteger(quantity) || quantity < 1)
        throw badDocument(`ItemOut ${i + 1}: quantity must be a whole number of at least 1`);
      const money = at(item, 'ItemDetail', 'UnitPrice', 'Money');
      const value = money?.text ?? '';
      const currency = money?.attributes.currency ?? '';
      if (!/^\d{1,12}(\.\d{1,4})?$/.test(value) || !/^[A-Z]{3}$/.test(currency))
        throw badDocument(
          `ItemOut ${i + 1}: ItemDetail/UnitPrice/Money needs an amount and a currency`,
        );
      const date = item.attributes.requestedDeliveryDate ?? null;
      if (date !== null && Number.isNaN(Date.parse(date)))
        throw badDocument(`ItemOut ${i + 1}: requestedDeliveryDate is not a date`);
      return {
        lineNumber: Number(item.attributes.lineNumber ?? i + 1),
        quantity,
        supplierPartId: at(item, 'ItemID', 'SupplierPartID')?.text ?? '',
        supplierPartAuxiliaryId: at(item, 'ItemID', 'SupplierPartAuxiliaryID')?.text ?? '',
        unitPrice: { value, currency },
        requestedDeliveryDate: date === null ? null : new Date(date).toISOString().slice(0, 10),
      };
    }),
  };
}

/** Minor units of a currency (EUR 2, JPY 0, BHD 3), as Intl knows them. */
export function minorDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

/** 103000 EUR → "1030.00": cXML Money is a decimal amount. */
export function decimalOf(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = String(Math.abs(minor)).padStart(digits + 1, '0');
  return digits === 0 ? sign + abs : `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

/** "1030.00" EUR → 103000; null when the amount has more decimals than the currency. */
export function minorOf(value: string, currency: string): number | null {
  const digits = minorDigits(currency);
  const [whole = '', fraction = ''] = value.split('.');
  if (fraction.replace(/0+$/, '').length > digits) return null;
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0').slice(0, digits) || 0);
}

type Envelope = { payloadId: string; timestamp: Date };

function open(e: Envelope): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${DOCTYPE}\n<cXML payloadID="${escapeXml(e.payloadId)}" timestamp="${e.timestamp.toISOString()}" xml:lang="en">`;
}

/** A Response with its Status, and optionally a response element (e.g. PunchOutSetupResponse). */
export function responseDocument(
  e: Envelope,
  status: { code: number; text: string; detail?: string },
  inner = '',
): string {
  const detail = status.detail ? escapeXml(status.detail) : '';
  return `${open(e)}<Response><Status code="${status.code}" text="${escapeXml(status.text)}">${detail}</Status>${inner}</Response></cXML>`;
}

export function setupResponse(e: Envelope, startPage: string): string {
  return responseDocument(
    e,
    { code: 200, text: 'OK' },
    `<PunchOutSetupResponse><StartPage><URL>${escapeXml(startPage)}</URL></StartPage></PunchOutSetupResponse>`,
  );
}

export type CartItem = {
  quantity: number;
  supplierPartId: string;
  supplierPartAuxiliaryId: string;
  unitPrice: number;
  currency: string;
  description: string;
  leadTimeDays: number;
};

/**
 * The cart going back. From and To swap the setup request's parties; Sender is us (no secret:
 * the message travels through the buyer's browser).
 */
export function orderMessage(
  e: Envelope,
  parties: {
    buyer: { domain: string; identity: string };
    supplier: { domain: string; identity: string };
  },
  buyerCookie: string,
  operationAllowed: 'create' | 'edit' | 'inspect',
  items: CartItem[],
): string {
  const cred = (c: { domain: string; identity: string }) =>
    `<Credential domain="${escapeXml(c.domain)}"><Identity>${escapeXml(c.identity)}</Identity></Credential>`;
  const currency = items[0]?.currency ?? 'EUR';
  const total = items.reduce((sum, i) => sum + i.unitPrice * i.quantity, 0);
  const lines = items
    .map(
      (i) =>
        `<ItemIn quantity="${i.quantity}"><ItemID><SupplierPartID>${escapeXml(i.supplierPartId)}</SupplierPartID><SupplierPartAuxiliaryID>${escapeXml(i.supplierPartAuxiliaryId)}</SupplierPartAuxiliaryID></ItemID><ItemDetail><UnitPrice><Money currency="${i.currency}">${decimalOf(i.unitPrice, i.currency)}</Money></UnitPrice><Description xml:lang="en">${escapeXml(i.description)}</Description><UnitOfMeasure>EA</UnitOfMeasure><Classification domain="UNSPSC">00000000</Classification><LeadTime>${i.leadTimeDays}</LeadTime></ItemDetail></ItemIn>`,
    )
    .join('');
  return `${open(e)}<Header><From>${cred(parties.supplier)}</From><To>${cred(parties.buyer)}</To><Sender>${cred(parties.supplier)}<UserAgent>Customerize</UserAgent></Sender></Header><Message><PunchOutOrderMessage><BuyerCookie>${escapeXml(buyerCookie)}</BuyerCookie><PunchOutOrderMessageHeader operationAllowed="${operationAllowed}"><Total><Money currency="${currency}">${decimalOf(total, currency)}</Money></Total></PunchOutOrderMessageHeader>${lines}</PunchOutOrderMessage></Message></cXML>`;
}

/** SAP OCI 4.0 / 5.0 fields of the same cart (index n from 1), for a form to the HOOK_URL. */
export function ociFields(items: CartItem[]): [string, string][] {
  return items.flatMap((i, index) => {
    const n = index + 1;
    return [
      [`NEW_ITEM-DESCRIPTION[${n}]`, i.description.slice(0, 40)],
      [`NEW_ITEM-QUANTITY[${n}]`, String(i.quantity)],
      [`NEW_ITEM-UNIT[${n}]`, 'EA'],
      [`NEW_ITEM-PRICE[${n}]`, decimalOf(i.unitPrice, i.currency)],
      [`NEW_ITEM-PRICEUNIT[${n}]`, '1'],
      [`NEW_ITEM-CURRENCY[${n}]`, i.currency],
      [`NEW_ITEM-LEADTIME[${n}]`, String(i.leadTimeDays)],
      [`NEW_ITEM-VENDORMAT[${n}]`, i.supplierPartId],
      [`NEW_ITEM-EXT_PRODUCT_ID[${n}]`, i.supplierPartAuxiliaryId],
      [`NEW_ITEM-LONGTEXT_${n}:132[]`, i.description],
    ] as [string, string][];
  });
}
