// Contract prices over HTTP (the server's contracts routes): the console's price lists per
// company. Kept apart from client.ts so the contract calls and their shapes read as one idea;
// the calls go through the same ApiClient (CSRF, idempotency, errors).
import { fractionDigits } from '../studio/format.ts';
import { api, type ShopApi } from './client.ts';
import type { ChoiceValue, Choices, CustomerOrder, Personalization } from './types.ts';

export interface ContractTermsInput {
  /** Basis points: 500 = 5 %. */
  percentOffBp: number;
  optionPrices: { feature: string; value: ChoiceValue; unitPrice: number }[];
  tiers: { minQuantity: number; percentOffBp: number }[];
}

export interface ContractTerms extends ContractTermsInput {
  /** Prices of approved designs (set where approved designs are managed). */
  designPrices: { approvedConfigurationId: string; unitPrice: number }[];
}

export interface PriceList {
  id: string;
  companyId: string;
  locationId: string | null;
  name: string;
  currency: string;
  terms: ContractTerms;
  createdAt: string;
  updatedAt: string;
}

export interface PriceListInput {
  companyId: string;
  /** One of the company's locations (its buyers buying for it get this list); null: company-wide. */
  locationId?: string | null;
  name: string;
  currency: string;
  terms: ContractTermsInput & { designPrices?: ContractTerms['designPrices'] };
}

export interface Company {
  id: string;
  name: string;
}

const enc = encodeURIComponent;

export const priceListsApi = {
  companies: () => api.request<Company[]>('GET', '/business-accounts'),
  list: () => api.request<PriceList[]>('GET', '/price-lists'),
  create: (input: PriceListInput) =>
    api.request<PriceList>('POST', '/price-lists', input, { idempotent: true }),
  update: (id: string, patch: Omit<PriceListInput, 'companyId' | 'locationId'>) =>
    api.request<PriceList>('PATCH', `/price-lists/${enc(id)}`, patch),
};

/** `ram=gb32: 9000` per line ↔ option prices (minor units). */
export function optionPricesText(terms: ContractTermsInput): string {
  return terms.optionPrices
    .map((o) => `${o.feature}=${String(o.value)}: ${o.unitPrice}`)
    .join('\n');
}

export function parseOptionPrices(text: string): ContractTermsInput['optionPrices'] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const m = /^([^=]+)=(.*?)\s*:\s*(-?\d+)$/.exec(line);
      if (!m) throw new Error(`“${line}” is not feature=value: price`);
      return { feature: m[1]!.trim(), value: m[2]!.trim(), unitPrice: Number(m[3]) };
    });
}

/** "1234.50" (major units) → minor units; empty → null (no price). */
export function minorUnits(text: string, currency: string): number | null {
  const t = text.trim().replace(',', '.');
  if (t === '') return null;
  if (!/^\d+(\.\d+)?$/.test(t)) throw new Error(`“${text}” is not an amount in ${currency}`);
  return Math.round(Number(t) * 10 ** fractionDigits(currency));
}

/** Approved-design prices: configuration id → the price text per configuration, empty left out. */
export function parseDesignPrices(
  texts: Record<string, string>,
  currency: string,
): ContractTerms['designPrices'] {
  return Object.entries(texts).flatMap(([approvedConfigurationId, text]) => {
    const unitPrice = minorUnits(text, currency);
    return unitPrice === null ? [] : [{ approvedConfigurationId, unitPrice }];
  });
}

/** `10: 5` (from 10 units, 5 % off) per line ↔ tiers. */
export function tiersText(terms: ContractTermsInput): string {
  return terms.tiers.map((t) => `${t.minQuantity}: ${t.percentOffBp / 100}`).join('\n');
}

export function parseTiers(text: string): ContractTermsInput['tiers'] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const m = /^(\d+)\s*:\s*(\d+(?:\.\d{1,2})?)$/.exec(line);
      if (!m) throw new Error(`“${line}” is not quantity: percent`);
      return { minQuantity: Number(m[1]), percentOffBp: Math.round(Number(m[2]) * 100) };
    });
}

/** Which contract term set a price line (server contracts/contract-pricing.ts). */
export type ContractTermKind =
  'list' | 'percent-off' | 'option-price' | 'design-price' | 'volume-tier' | 'floor' | 'quote';

export interface ContractLine {
  kind: string;
  label: string;
  feature?: string;
  quantity: number;
  unitList: number;
  unitAmount: number;
  amount: number;
  term: { kind: ContractTermKind; percentOffBp?: number; minQuantity?: number; key?: string };
  priceListId?: string;
}

export interface LineInput {
  versionId: string;
  choices: Choices;
  personalization?: Personalization;
  quantity: number;
}

export interface LinesQuote {
  valid: boolean;
  currency: string;
  priceListId: string | null;
  listTotal: number;
  total: number;
  promisedDate: string;
  lines: Array<{
    versionId: string;
    quantity: number;
    valid: boolean;
    violations: Array<{ rule: string; message: string }>;
    lines: ContractLine[];
    listTotal: number;
    total: number;
    promisedDate: string;
  }>;
}

/** Several designs × quantities: priced with the signed-in buyer's contract, ordered at once. */
export const linesApi = {
  quote: (shop: ShopApi, lines: LineInput[], signal?: AbortSignal) =>
    shop.client.request<LinesQuote>(
      'POST',
      `/shop/${enc(shop.tenant)}/quotes/lines`,
      { lines },
      {
        ...(signal ? { signal } : {}),
      },
    ),
  order: (
    shop: ShopApi,
    input: {
      lines: LineInput[];
      email?: string;
      expected: { total: number; currency: string; promisedDate: string };
      poNumber?: string;
      paymentTerms?: string;
    },
  ) =>
    shop.client.request<CustomerOrder>('POST', `/shop/${enc(shop.tenant)}/orders/lines`, input, {
      idempotent: true,
    }),
};

/** How a contract term reads next to its price line. */
export function termLabel(term: ContractLine['term']): string | null {
  switch (term.kind) {
    case 'percent-off':
      return `contract: ${(term.percentOffBp ?? 0) / 100} % off`;
    case 'option-price':
      return 'contract price';
    case 'design-price':
      return 'approved design price';
    case 'volume-tier':
      return `volume from ${term.minQuantity ?? ''}`;
    case 'floor':
      return 'never below zero';
    case 'quote':
      return 'quoted discount';
    default:
      return null;
  }
}
