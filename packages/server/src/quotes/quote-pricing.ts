// Pricing a quote: the multi-line pricing of orders (contracts/quote-lines.ts) with the company's
// contract price list, each line checked as an order would be (published version, quantity rule,
// buildable, inside the company's approved space), then sales' extra discount, the cost and the
// margin guard (quotes.ts).
import { assertLinesInApprovedSpace } from '../companies/approved-space.ts';
import { getProduct, getVersionSummary } from '../catalog/catalog.store.ts';
import { contractPriceFor } from '../contracts/contracts.ts';
import { quoteLines, type LineRequest, type LineSubject } from '../contracts/quote-lines.ts';
import type { Db } from '../db/types.ts';
import type { AppDeps } from '../deps.ts';
import { Conflict } from '../http/errors.ts';
import { listProviderProducts, listProviders } from '../providers/providers.store.ts';
import type { ProviderCosts } from '../providers/providers.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { getQuoteSettings } from './quotes.store.ts';
import {
  approvalFor,
  costOfLine,
  discountLine,
  type QuoteLine,
  type QuoteSettings,
} from './quotes.ts';

export type QuoteLineInput = LineRequest & { discountBp: number };

export type PricedQuote = {
  currency: string;
  priceListId: string | null;
  priceListName: string | null;
  lines: QuoteLine[];
  listTotal: number;
  total: number;
  costTotal: number;
  settings: QuoteSettings;
  approval: ReturnType<typeof approvalFor>;
};

/** The own workshop's costs per product (those it states), for the margin guard. */
async function ownCosts(db: Db, tenantId: string): Promise<Map<string, ProviderCosts>> {
  const own = (await listProviders(db, tenantId)).find((p) => p.kind === 'own');
  if (!own) return new Map();
  const offers = await listProviderProducts(db, tenantId, { providerId: own.id });
  return new Map(offers.map((o) => [o.productId, o]));
}

/** How a quote's lines are read (the demo seeder, without the compute pool, reads its own). */
export type SubjectsOf = (requests: LineRequest[]) => Promise<LineSubject[]>;

export async function priceQuote(
  deps: Pick<AppDeps, 'db' | 'clock'> & { subjectsOf: SubjectsOf },
  tenant: Tenant,
  input: {
    companyId: string;
    /** The buyer it is for (their approved space); null: the company's. */
    customerId: string | null;
    lines: QuoteLineInput[];
    quoteNumber: string;
  },
): Promise<PricedQuote> {
  const { db } = deps;
  const requests: LineRequest[] = input.lines.map((l) => ({
    versionId: l.versionId,
    choices: l.choices,
    personalization: l.personalization,
    quantity: l.quantity,
  }));
  const subjects = await deps.subjectsOf(requests);
  // A quote offers what is sold today: only published versions.
  const versionNumbers: number[] = [];
  for (const [i, r] of requests.entries()) {
    const v = (await getVersionSummary(db, tenant.id, r.versionId))!;
    if (v.status !== 'published')
      throw new Conflict(`Line ${i + 1} is on version ${v.number}, which is no longer sold.`, [
        { field: `lines.${i}.versionId`, message: 'is not the published version' },
      ]);
    versionNumbers.push(v.number);
  }
  const list = await contractPriceFor(db, tenant.id, { businessAccountId: input.companyId });
  const q = await quoteLines(db, tenant, requests, subjects, list, deps.clock.now());
  q.lines.forEach((line, i) => {
    if (!line.valid) {
      const e = new Conflict(
        `Line ${i + 1} cannot be built: ${line.violations.map((v) => v.message).join('; ')}`,
        [{ field: `lines.${i}.choices`, message: 'cannot be built' }],
      );
      e.extensions = { code: 'invalid', line: i, violations: line.violations };
      throw e;
    }
  });
  await assertLinesInApprovedSpace(
    db,
    tenant.id,
    input.customerId ?? { id: input.companyId, businessAccountId: input.companyId },
    q.lines.map((l, i) => ({ ...subjects[i]!, choices: l.choices })),
  );
  const settings = await getQuoteSettings(db, tenant.id);
  const costs = await ownCosts(db, tenant.id);
  const names = new Map<string, string>();
  const lines: QuoteLine[] = [];
  for (const [i, l] of q.lines.entries()) {
    if (!names.has(l.productId))
      names.set(l.productId, (await getProduct(db, tenant.id, l.productId))?.name ?? 'Product');
    const discountBp = input.lines[i]!.discountBp;
    const d = discountLine(l.lines, l.quantity, discountBp, input.quoteNumber);
    const discount = d ? -d.amount : 0;
    const own = costs.get(l.productId);
    lines.push({
      versionId: l.versionId,
      versionNumber: versionNumbers[i]!,
      productId: l.productId,
      productName: names.get(l.productId)!,
      approvedConfigurationId: l.approvedConfigurationId,
      choices: l.choices,
      personalization: l.personalization,
      quantity: l.quantity,
      contractLines: l.lines,
      listTotal: l.listTotal,
      contractTotal: l.total,
      discountBp,
      discount,
      total: l.total - discount,
      ...costOfLine(
        own && own.currency === l.currency ? own : null,
        l.choices,
        l.listTotal,
        l.quantity,
        settings,
      ),
      promisedDate: l.promisedDate,
    });
  }
  const total = lines.reduce((s, l) => s + l.total, 0);
  const costTotal = lines.reduce((s, l) => s + l.cost, 0);
  return {
    currency: q.currency,
    priceListId: q.priceListId,
    priceListName: q.priceListId ? (list?.name ?? null) : null,
    lines,
    listTotal: q.listTotal,
    total,
    costTotal,
    settings,
    approval: approvalFor(total, costTotal, settings.minMarginBp),
  };
}
