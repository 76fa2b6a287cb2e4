// The structure the cXML 1.2 DTD (cxml.org, cXML.dtd) requires of the request documents we read,
// written out from the public specification as content models and attribute lists: a document
// is checked against them before anything in it is used (and before its credentials are looked
// at), and a document breaking them is refused with cXML status 400 naming where
// (`cXML/Header/Sender: …`). Only the elements we read are modelled; the content of the others
// (ShipTo, Contact, Extrinsic …) is left to the DTD's other readers. saxes (xml.ts) reads no DTD,
// so this is the validation the DTD would give for these elements.
import { badDocument } from './cxml.ts';
import type { XmlElement } from './xml.ts';

/**
 * A content model as the DTD writes it, one particle per entry: `Name`, `Name?`, `Name*`,
 * `Name+`, alternatives `(A|B|C)` with the same suffixes, and `…` for the DTD's further optional
 * elements we do not read (any elements, in any number).
 */
type Model = string[];
type Attribute = { required?: boolean; oneOf?: readonly string[]; pattern?: RegExp; what?: string };
type ElementSpec = { content: Model; attributes?: Record<string, Attribute> };

/** %datetime.tz;: ISO 8601 date and time with the time zone (2026-01-15T09:00:00-07:00). */
const DATETIME_TZ = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const datetime = {
  required: true,
  pattern: DATETIME_TZ,
  what: 'an ISO 8601 date and time with its time zone',
};

/** The request documents' elements, from cXML.dtd (1.2.0xx). */
const SPECS: Record<string, ElementSpec> = {
  cXML: {
    // ((Header, (Message | Request)) | Response), here the request form.
    content: ['Header', 'Request', 'ds:Signature*'],
    attributes: {
      payloadID: { required: true },
      timestamp: datetime,
    },
  },
  Header: { content: ['From', 'To', 'Sender', 'Path?', 'OriginalDocument?'] },
  From: { content: ['Credential+', 'Correspondent?'] },
  To: { content: ['Credential+', 'Correspondent?'] },
  Sender: { content: ['Credential+', 'UserAgent'] },
  Credential: {
    content: ['Identity', '(SharedSecret|DigitalSignature|CredentialMac)?'],
    attributes: { domain: { required: true }, type: { oneOf: ['marketplace'] } },
  },
  Request: {
    // One request element of the DTD's list; the route answers the ones it does not serve.
    content: [
      '(PunchOutSetupRequest|OrderRequest|ProfileRequest|StatusUpdateRequest|' +
        'GetPendingRequest|SubscriptionListRequest|SubscriptionContentRequest|' +
        'SupplierListRequest|SupplierDataRequest|ConfirmationRequest|ShipNoticeRequest|' +
        'InvoiceDetailRequest|CopyRequest|DataRequest|MasterAgreementRequest|' +
        'ProviderSetupRequest|PaymentRemittanceRequest|QuoteRequest)',
    ],
    attributes: { deploymentMode: { oneOf: ['production', 'test'] } },
  },
  PunchOutSetupRequest: {
    content: [
      'BuyerCookie',
      'Extrinsic*',
      'BrowserFormPost?',
      'Contact*',
      'SupplierSetup?',
      'ShipTo?',
      'SelectedItem?',
      'ItemOut*',
    ],
    attributes: { operation: { required: true, oneOf: ['create', 'inspect', 'edit', 'source'] } },
  },
  BrowserFormPost: { content: ['URL'] },
  SupplierSetup: { content: ['URL'] },
  OrderRequest: { content: ['OrderRequestHeader', 'ItemOut+', '…'] },
  OrderRequestHeader: {
    content: ['Total', 'ShipTo?', 'BillTo', '…'],
    attributes: {
      orderID: { required: true },
      orderDate: datetime,
      type: { oneOf: ['new', 'update', 'delete'] },
    },
  },
  Total: { content: ['Money', 'Modifications?'] },
  BillTo: { content: ['Address', 'IdReference*'] },
  Address: { content: ['Name', '…'] },
  Name: { content: [], attributes: { 'xml:lang': { required: true } } },
  ItemOut: {
    content: ['ItemID', '(ItemDetail|BlanketItemDetail)?', '…'],
    attributes: { quantity: { required: true } },
  },
  ItemID: {
    content: ['SupplierPartID', 'SupplierPartAuxiliaryID?', 'BuyerPartID?', 'IdReference*'],
  },
  ItemDetail: {
    content: [
      'UnitPrice',
      'Description+',
      'OverallLimit?',
      'ExpectedLimit?',
      'UnitOfMeasure',
      'PriceBasisQuantity?',
      'Classification+',
      '…',
    ],
  },
  UnitPrice: { content: ['Money', 'Modifications?'] },
  Money: { content: [], attributes: { currency: { required: true } } },
  Description: { content: ['…'], attributes: { 'xml:lang': { required: true } } },
  Classification: { content: [], attributes: { domain: { required: true } } },
};

/** Elements whose content we check only from their parent (text content, or not read). */
const LEAVES = new Set(['Identity', 'SharedSecret', 'UserAgent', 'BuyerCookie', 'URL']);

type Compiled = { regex: RegExp; text: string };
const compiled = new Map<string, Compiled>();

/** `['From', 'To', 'Path?']` → a regex over the child names, each followed by one space. */
function compile(name: string, model: Model): Compiled {
  const hit = compiled.get(name);
  if (hit) return hit;
  const parts = model.map((p) => {
    if (p === '…') return '(?:\\S+ )*';
    const m = /^(\(?)([\w:|]+)\)?([?*+]?)$/.exec(p);
    if (!m) throw new Error(`bad content model particle ${p}`);
    const names = m[2]!.split('|').map((n) => n.replace(':', '\\:'));
    return `(?:(?:${names.join('|')}) )${m[3] ?? ''}`;
  });
  const out = {
    regex: new RegExp(`^${parts.join('')}$`),
    text: model.map((p) => (p === '…' ? '…' : p)).join(', '),
  };
  compiled.set(name, out);
  return out;
}

function checkAttributes(e: XmlElement, path: string, spec: ElementSpec): void {
  for (const [name, a] of Object.entries(spec.attributes ?? {})) {
    const value = e.attributes[name];
    if (value === undefined || value === '') {
      if (a.required) throw badDocument(`${path}: ${name} is required`);
      continue;
    }
    if (a.oneOf && !a.oneOf.includes(value))
      throw badDocument(`${path}: ${name} must be one of ${a.oneOf.join(', ')}, not ${value}`);
    if (a.pattern && !a.pattern.test(value))
      throw badDocument(`${path}: ${name} must be ${a.what ?? 'well formed'}, not ${value}`);
  }
}

function checkElement(e: XmlElement, path: string): void {
  const spec = SPECS[e.name];
  if (!spec) return;
  checkAttributes(e, path, spec);
  const children = e.children.map((c) => c.name);
  const model = compile(e.name, spec.content);
  if (!model.regex.test(children.map((n) => `${n} `).join(''))) {
    const missing = spec.content
      .filter((p) => p !== '…' && !/[?*]$/.test(p))
      .map((p) => p.replace(/[()+]/g, ''))
      .filter((p) => !p.split('|').some((n) => children.includes(n)));
    const found = children.length > 0 ? children.join(', ') : 'nothing';
    throw badDocument(
      missing.length > 0
        ? `${path}: ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} required (the DTD's content is ${model.text}; found ${found})`
        : `${path}: the DTD's content is ${model.text}, in that order; found ${found}`,
    );
  }
  // Children named once get their name in the path; repeated ones their position (ItemOut[2]).
  const seen = new Map<string, number>();
  for (const c of e.children) {
    if (LEAVES.has(c.name)) continue;
    const n = (seen.get(c.name) ?? 0) + 1;
    seen.set(c.name, n);
    const repeated = children.filter((x) => x === c.name).length > 1 || c.name === 'ItemOut';
    checkElement(c, `${path}/${repeated ? `${c.name}[${n}]` : c.name}`);
  }
}

/**
 * Refuses (cXML 400, naming the element or attribute) a request document that breaks the DTD
 * for the elements we read. The root must be cXML (checked by the reader before this).
 */
export function validateCxml(root: XmlElement): void {
  if (root.name !== 'cXML') throw badDocument('the root element must be cXML');
  checkElement(root, 'cXML');
}
