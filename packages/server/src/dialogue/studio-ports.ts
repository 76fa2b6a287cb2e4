// The dialogue's ports implemented on the studio's designs and the orders module's orders:
// revisions are checked with the studio's own quote (the engine under the design's product
// version) and accepted as a new design version through the studio store.
import type { Value } from '@customerize/engine';
import { and, eq } from 'drizzle-orm';
import { compiledVersion, ensureProven } from '../catalog/catalog.ts';
import { products } from '../catalog/catalog.schema.ts';
import { changeSummary, reviseOrdersOfDesign } from '../orders/order-changes.ts';
import { getOrder } from '../orders/orders.store.ts';
import { approvedSpaceOutside, assertInApprovedSpace } from '../companies/approved-space.ts';
import { quoteDesign } from '../studio/quote.ts';
import {
  getDesign,
  getDesignForUpdate,
  insertDesignVersion,
  listDesignVersions,
} from '../studio/studio.store.ts';
import { getTenant } from '../tenants/tenants.store.ts';
import { NotFound } from '../http/errors.ts';
import type { AppDeps } from '../deps.ts';
import type { DesignProposal } from './dialogue.schema.ts';
import type { DesignPort, OrderPort } from './ports.ts';

async function quoteProposal(
  deps: AppDeps,
  tenantId: string,
  designId: string,
  proposal: DesignProposal,
) {
  const tenant = await getTenant(deps.db, tenantId);
  const design = await getDesign(deps.db, tenantId, designId);
  if (!tenant || !design) throw new NotFound('design', designId);
  const versions = await listDesignVersions(deps.db, tenantId, designId);
  const current = versions.at(-1);
  if (!current) throw new NotFound('design', designId);
  await ensureProven(deps, tenantId, current.productVersionId);
  const compiled = await compiledVersion(deps.db, tenantId, current.productVersionId);
  const choices = proposal.choices as Record<string, Value>;
  const personalization = (proposal.personalization ?? {}) as Record<string, string>;
  const quote = await quoteDesign(
    deps.db,
    tenant,
    compiled,
    choices,
    personalization,
    deps.clock.now(),
  );
  // A company member's design stays inside what the company approved (issue 12, portal).
  const outside = await approvedSpaceOutside(
    deps.db,
    tenantId,
    design.customerId,
    design.productId,
    compiled,
    choices,
  );
  const notApproved = (outside?.outside ?? []).map((o) => ({
    rule: 'restriction:approved',
    message: `Not approved by ${outside!.company}: ${o.message}`,
  }));
  return {
    design,
    current,
    quote: notApproved.length
      ? { ...quote, valid: false, violations: [...quote.violations, ...notApproved] }
      : quote,
    choices,
    personalization,
    compiled,
  };
}

export const studioDesignPort: DesignPort = {
  async find(db, tenantId, designId) {
    const d = await getDesign(db, tenantId, designId);
    return d ? { id: d.id, customerId: d.customerId, currentVersion: d.currentVersion } : null;
  },
  async check(deps, tenantId, designId, proposal) {
    const { quote } = await quoteProposal(deps, tenantId, designId, proposal);
    return {
      valid: quote.valid,
      violations: quote.violations.map((v) => ({ rule: v.rule, message: v.message })),
    };
  },
  async addVersion(deps, tenantId, designId, proposal) {
    // Versions of one design are numbered one after the other: parallel acceptances wait here.
    await getDesignForUpdate(deps.db, tenantId, designId);
    const { design, current, quote, choices, personalization, compiled } = await quoteProposal(
      deps,
      tenantId,
      designId,
      proposal,
    );
    // The company's approval may have changed since the proposal was checked.
    await assertInApprovedSpace(
      deps.db,
      tenantId,
      design.customerId,
      design.productId,
      compiled,
      choices,
    );
    const number = Math.max(design.currentVersion, current.number) + 1;
    await insertDesignVersion(deps.db, {
      id: deps.ids.uuid(),
      tenantId,
      designId,
      number,
      productVersionId: current.productVersionId,
      choices,
      personalization,
      note: proposal.note ?? 'Revised by the firm',
      quote: {
        total: quote.total,
        currency: quote.currency,
        promisedDate: quote.promisedDate,
        valid: quote.valid,
      },
      createdAt: deps.clock.now(),
    });
    return number;
  },
};

export const ordersPort: OrderPort = {
  async find(db, tenantId, orderId) {
    const o = await getOrder(db, tenantId, orderId);
    if (!o) return null;
    const [product] = await db
      .select({ slug: products.slug })
      .from(products)
      .where(and(eq(products.tenantId, tenantId), eq(products.id, o.productId)));
    return {
      id: o.id,
      customerId: o.customerId,
      status: o.status,
      product: product?.slug ?? o.productId,
    };
  },
  async reviseForDesign(deps, tenantId, designId, version) {
    const tenant = await getTenant(deps.db, tenantId);
    if (!tenant) throw new NotFound('design', designId);
    const outcomes = await reviseOrdersOfDesign(deps, tenant, designId, version);
    return outcomes.map(({ change, orderNumber }) => ({
      orderId: change.orderId,
      orderNumber,
      status: change.status,
      message:
        change.status === 'applied'
          ? `Order ${orderNumber}: ${changeSummary(change)}`
          : change.status === 'requested'
            ? `Order ${orderNumber}: the firm will confirm the change to version ${change.toDesignVersion}. ${changeSummary(change)}`
            : `Order ${orderNumber} was not changed: ${change.reason ?? 'the change was refused'}`,
    }));
  },
};
