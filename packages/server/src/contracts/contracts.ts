// Price lists as the API shows and takes them, and the checks on their terms. The API speaks
// lists (`optionPrices: [{feature, value, unitPrice}]`) so an error names the item; the row keeps
// lookup maps (contract-pricing.ts `ContractTerms`).
import type { Value } from '@customerize/engine';
import type { Db } from '../db/types.ts';
import { ValidationFailed, type FieldError } from '../http/errors.ts';
import { optionKey, type ContractTerms, type PriceListRef } from './contract-pricing.ts';
import { priceListFor, type PriceList } from './contracts.store.ts';

export type TermsInput = {
  percentOffBp?: number | undefined;
  optionPrices?: { feature: string; value: Value; unitPrice: number }[] | undefined;
  /** Not taken over HTTP until approved designs exist (company portal): ids are checked there. */
  designPrices?: { approvedConfigurationId: string; unitPrice: number }[] | undefined;
  tiers?: { minQuantity: number; percentOffBp: number }[] | undefined;
};

/** The terms of a request, or 400 naming the first field of every duplicate. */
export function termsOf(input: TermsInput, field = 'terms'): ContractTerms {
  const errors: FieldError[] = [];
  const optionPrices: Record<string, number> = {};
  (input.optionPrices ?? []).forEach((o, i) => {
    const key = optionKey(o.feature, o.value);
    if (key in optionPrices)
      errors.push({ field: `${field}.optionPrices.${i}.value`, message: `${key} is priced twice` });
    optionPrices[key] = o.unitPrice;
  });
  const designPrices: Record<string, number> = {};
  (input.designPrices ?? []).forEach((d, i) => {
    if (d.approvedConfigurationId in designPrices)
      errors.push({
        field: `${field}.designPrices.${i}.approvedConfigurationId`,
        message: 'this approved design is priced twice',
      });
    designPrices[d.approvedConfigurationId] = d.unitPrice;
  });
  const tiers = [...(input.tiers ?? [])];
  tiers.forEach((t, i) => {
    if (tiers.findIndex((u) => u.minQuantity === t.minQuantity) !== i)
      errors.push({
        field: `${field}.tiers.${i}.minQuantity`,
        message: `a tier from ${t.minQuantity} units exists already`,
      });
  });
  if (errors.length > 0) throw new ValidationFailed(errors);
  return {
    percentOffBp: input.percentOffBp ?? 0,
    optionPrices,
    designPrices,
    tiers: tiers.sort((a, b) => a.minQuantity - b.minQuantity),
  };
}

/** `feature=value` keys back into feature and value (the value's kind as the key was made). */
function splitKey(key: string): { feature: string; value: string } {
  const at = key.indexOf('=');
  return { feature: key.slice(0, at), value: key.slice(at + 1) };
}

export function priceListView(p: PriceList) {
  return {
    id: p.id,
    companyId: p.companyId,
    locationId: p.locationId,
    name: p.name,
    currency: p.currency,
    terms: {
      percentOffBp: p.terms.percentOffBp,
      optionPrices: Object.entries(p.terms.optionPrices).map(([k, unitPrice]) => ({
        ...splitKey(k),
        unitPrice,
      })),
      designPrices: Object.entries(p.terms.designPrices).map(
        ([approvedConfigurationId, unitPrice]) => ({ approvedConfigurationId, unitPrice }),
      ),
      tiers: p.terms.tiers,
    },
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export function priceListRef(p: PriceList): PriceListRef {
  return { id: p.id, name: p.name, currency: p.currency, terms: p.terms };
}

/**
 * The contract terms a customer buys at: their company's price list (for their location when
 * there is one), or null for customers outside a company and companies without a list.
 */
export async function contractPriceFor(
  db: Db,
  tenantId: string,
  customer: { businessAccountId: string | null } | null,
  options: { locationId?: string | null } = {},
): Promise<PriceListRef | null> {
  if (!customer?.businessAccountId) return null;
  const list = await priceListFor(
    db,
    tenantId,
    customer.businessAccountId,
    options.locationId ?? null,
  );
  return list ? priceListRef(list) : null;
}
