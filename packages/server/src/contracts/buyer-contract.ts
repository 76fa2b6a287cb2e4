// The contract a buyer buys at, decided by the server from who is signed in (never from the
// client's word): their company's price list (their location's when they have one) and, per
// design, which of the company's approved configurations the design is — so an approved
// design's price and quantity rule apply. Single-design quotes and orders (studio/quote.ts
// `quoteDesign` option `contract`) and multi-line ones (line-orders.ts) read it here.
import type { CompiledModel, Value } from '@customerize/engine';
import { limitsOf } from '../approvals/approvals.store.ts';
import { compiledSpaceOf, outsideOf } from '../companies/approved-space.ts';
import {
  listApprovedConfigurations,
  type ApprovedConfiguration,
} from '../companies/companies.store.ts';
import { companyLocations } from '../companies/companies.schema.ts';
import type { Db } from '../db/types.ts';
import type { AppDeps } from '../deps.ts';
import { NotFound } from '../http/errors.ts';
import { canonicalChoices } from '../studio/quote.ts';
import { getBusinessAccount, getCustomer } from '../users/users.store.ts';
import type { Customer } from '../users/users.ts';
import { and, eq } from 'drizzle-orm';
import type { PriceListRef } from './contract-pricing.ts';
import { contractPriceFor } from './contracts.ts';
import { lineSubjects, type ApprovedConfigurationOf } from './line-orders.ts';
import type { LineRequest, LineSubject } from './quote-lines.ts';

type Buyer = string | Pick<Customer, 'id' | 'businessAccountId'> | null;

/** What a design is priced with: the price list and the approved design it is (or null). */
export type DesignContract = { list: PriceListRef; approvedConfigurationId: string | null };

async function customerOf(db: Db, tenantId: string, buyer: Buyer) {
  if (buyer === null) return null;
  return typeof buyer === 'string' ? getCustomer(db, tenantId, buyer) : buyer;
}

/**
 * The buyer's location (cost center), whose price list wins over the company-wide one: the one the
 * company assigned the member to (approvals/), or, for a member assigned to none, the one a
 * request names — only one of the buyer's company's locations (404 otherwise, naming it). A member
 * assigned to a location buys for it only: naming another is 404 too.
 */
export async function buyerLocationOf(
  db: Db,
  tenantId: string,
  buyer: Pick<Customer, 'id' | 'businessAccountId'> & { businessAccountId: string },
  requested: string | null = null,
): Promise<string | null> {
  const assigned = (await limitsOf(db, tenantId, buyer.id))?.locationId ?? null;
  if (requested === null) return assigned;
  if (assigned !== null && requested !== assigned) throw new NotFound('location', requested);
  const rows = await db
    .select({ id: companyLocations.id })
    .from(companyLocations)
    .where(
      and(
        eq(companyLocations.tenantId, tenantId),
        eq(companyLocations.companyId, buyer.businessAccountId),
        eq(companyLocations.id, requested),
      ),
    );
  if (rows.length === 0) throw new NotFound('location', requested);
  return requested;
}

/** The buyer's price list (their location's, else the company's), or null: list prices. */
export async function buyerPriceList(
  db: Db,
  tenantId: string,
  buyer: Buyer,
  options: { locationId?: string | null } = {},
): Promise<PriceListRef | null> {
  const customer = await customerOf(db, tenantId, buyer);
  if (!customer?.businessAccountId) return null;
  const locationId = await buyerLocationOf(
    db,
    tenantId,
    { id: customer.id, businessAccountId: customer.businessAccountId },
    options.locationId ?? null,
  );
  return contractPriceFor(db, tenantId, customer, { locationId });
}

/**
 * Which approved configuration a design is: a fixed design whose every fixed choice the design
 * has, else the first approved space holding every limited feature's value and rule (fixed
 * designs first, then spaces, each by name). Partial designs and designs outside are null.
 */
export function approvedConfigurationIn(
  compiled: CompiledModel,
  configs: readonly ApprovedConfiguration[],
  company: string,
  choices: Record<string, Value>,
): string | null {
  let known: Record<string, Value>;
  try {
    known = canonicalChoices(compiled, choices);
  } catch {
    return null; // a wrongly typed value: the quote refuses it, naming the field
  }
  const inside = (c: ApprovedConfiguration) => {
    const space = compiledSpaceOf(compiled, c, company);
    return (
      Object.keys(space.restriction.allowed).every((id) => known[id] !== undefined) &&
      outsideOf(compiled, space, known).length === 0
    );
  };
  const ordered = [
    ...configs.filter((c) => c.kind === 'fixed'),
    ...configs.filter((c) => c.kind !== 'fixed'),
  ];
  return ordered.find(inside)?.id ?? null;
}

/**
 * Answers "which approved design is this line" from the buyer's company: its configurations are
 * read once per product. Outside a company every line is null.
 */
export function approvedDesignsOf(db: Db, tenantId: string, buyer: Buyer): ApprovedConfigurationOf {
  let company: Promise<{ id: string; name: string } | null> | null = null;
  const configs = new Map<string, Promise<ApprovedConfiguration[]>>();
  const companyOf = async () => {
    const customer = await customerOf(db, tenantId, buyer);
    if (!customer?.businessAccountId) return null;
    const account = await getBusinessAccount(db, tenantId, customer.businessAccountId);
    return account ? { id: account.id, name: account.name } : null;
  };
  return async (line, productId, compiled) => {
    company ??= companyOf();
    const c = await company;
    if (!c) return null;
    let of = configs.get(productId);
    if (!of)
      configs.set(productId, (of = listApprovedConfigurations(db, tenantId, c.id, productId)));
    return approvedConfigurationIn(compiled, await of, c.name, line.choices);
  };
}

/**
 * The contract of one design for a buyer, or null when they buy at list price (outside a company,
 * or a company without a price list).
 */
export async function designContractFor(
  db: Db,
  tenantId: string,
  buyer: Buyer,
  productId: string,
  compiled: CompiledModel,
  choices: Record<string, Value>,
  options: { locationId?: string | null } = {},
): Promise<DesignContract | null> {
  const customer = await customerOf(db, tenantId, buyer);
  const list = await buyerPriceList(db, tenantId, customer, options);
  if (!list) return null;
  const approvedConfigurationId = await approvedDesignsOf(db, tenantId, customer)(
    { versionId: '', choices, personalization: {}, quantity: 1 },
    productId,
    compiled,
  );
  return { list, approvedConfigurationId };
}

/**
 * Multi-line quotes and orders of a buyer: every line's subject (with the approved design it is,
 * so its quantity rule and design price apply) and the buyer's price list.
 */
export async function buyerLineSubjects(
  deps: Pick<AppDeps, 'db' | 'compute'>,
  tenantId: string,
  buyer: Buyer,
  requests: LineRequest[],
  options: { locationId?: string | null } = {},
): Promise<{ subjects: LineSubject[]; priceList: PriceListRef | null }> {
  const customer = await customerOf(deps.db, tenantId, buyer);
  const subjects = await lineSubjects(
    deps,
    tenantId,
    requests,
    approvedDesignsOf(deps.db, tenantId, customer),
  );
  return { subjects, priceList: await buyerPriceList(deps.db, tenantId, customer, options) };
}
