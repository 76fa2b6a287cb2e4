// Contract prices over HTTP (the server's contracts routes): the console's price lists per
// company. Kept apart from client.ts so the contract calls and their shapes read as one idea;
// the calls go through the same ApiClient (CSRF, idempotency, errors).
import { api } from './client.ts';
import type { ChoiceValue } from './types.ts';

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
  name: string;
  currency: string;
  terms: ContractTermsInput;
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
  update: (id: string, patch: Omit<PriceListInput, 'companyId'>) =>
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
