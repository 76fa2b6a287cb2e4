// A cXML OrderRequest for punched-out designs becomes one multi-line order: every line with its
// quantity, at the buyer's company contract prices. Every line is re-checked at the server's
// current state: the reference must be one this company's credential signed, the design
// version's model still published, the quantity within the product's rule, the buyer's unit
// price the contract's current unit price and the requested date reachable. All in one
// transaction under the firm's capacity lock: a refusal writes nothing. The answer is kept by
// payloadID, so a repeated document answers the same and places nothing.
import { randomToken, sha256 } from '../auth/tokens.ts';
import { getVersionSummary } from '../catalog/catalog.store.ts';
import { lockCapacity } from '../capacity/capacity.store.ts';
import { NoCapacity } from '../capacity/capacity.ts';
import { approvedDesignsOf } from '../contracts/buyer-contract.ts';
import { contractPriceFor } from '../contracts/contracts.ts';
import { LinesChanged, lineSubjects, placeLinesOrderIn } from '../contracts/line-orders.ts';
import { MAX_LINE_QUANTITY } from '../contracts/line-orders.routes.ts';
import { quoteLines, type LineRequest } from '../contracts/quote-lines.ts';
import type { AppDeps } from '../deps.ts';
import { Conflict, HttpProblem, ValidationFailed } from '../http/errors.ts';
import { formatMoney } from '../http/money.ts';
import { getDesign, listDesignVersions, type DesignVersion } from '../studio/studio.store.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { unitPriceOf } from './cart.ts';
import { buyerOf, NO_LONGER_MEMBER } from './punchout.ts';
import { CxmlStatus, minorOf, responseDocument, type OrderRequestDoc } from './cxml.ts';
import { verifyDesignRef } from './design-ref.ts';
import { findOrderRequest, insertOrderRequest, type PunchoutCredential } from './punchout.store.ts';

const unavailable = (detail: string) => new CxmlStatus(417, 'Expectation Failed', detail);
const changed = (detail: string) => new CxmlStatus(409, 'Conflict', detail);

export type OrderAnswer = { status: number; document: string };

export async function takeOrderRequest(
  deps: AppDeps,
  tenant: Tenant,
  credential: PunchoutCredential,
  payloadId: string,
  doc: OrderRequestDoc,
): Promise<OrderAnswer> {
  const { db, clock, ids } = deps;
  const earlier = await findOrderRequest(db, tenant.id, credential.id, payloadId);
  if (earlier) return { status: earlier.status, document: earlier.answer };
  const customer = await buyerOf(db, credential);
  if (!customer) throw new CxmlStatus(403, 'Forbidden', NO_LONGER_MEMBER);
  // Resolve every line before anything is written.
  const lines: {
    item: OrderRequestDoc['items'][number];
    what: string;
    version: DesignVersion;
    unit: number;
  }[] = [];
  for (const item of doc.items) {
    const what = `Line ${item.lineNumber}`;
    // The document has at most MAX_LINES lines (cxml.ts); the product's rule bounds each later.
    if (item.quantity > MAX_LINE_QUANTITY)
      throw new CxmlStatus(
        400,
        'Bad Request',
        `${what}: quantity must be at most ${MAX_LINE_QUANTITY}.`,
      );
    const ref = verifyDesignRef(credential.secretHash, tenant.id, item.supplierPartId);
    const design = ref && (await getDesign(db, tenant.id, ref.designId));
    const version =
      ref &&
      design &&
      design.customerId === credential.customerId &&
      (await listDesignVersions(db, tenant.id, design.id)).find((v) => v.number === ref.version);
    if (!ref || !design || !version || version.productVersionId !== item.supplierPartAuxiliaryId)
      throw unavailable(`${what}: ${item.supplierPartId} is not a part we supplied to you.`);
    const summary = await getVersionSummary(db, tenant.id, version.productVersionId);
    if (!summary || summary.status !== 'published')
      throw unavailable(
        `${what}: the design was made with a product version that has been replaced; punch out again to see what changed.`,
      );
    const unit = minorOf(item.unitPrice.value, item.unitPrice.currency);
    if (unit === null)
      throw new CxmlStatus(400, 'Bad Request', `${what}: the unit price has too many decimals.`);
    lines.push({ item, what, version, unit });
  }
  const requests: LineRequest[] = lines.map((l) => ({
    versionId: l.version.productVersionId,
    choices: l.version.choices,
    personalization: l.version.personalization,
    quantity: l.item.quantity,
  }));
  const whatOf = (i: number) => lines[i]?.what ?? 'A line';
  const priceList = await contractPriceFor(db, tenant.id, customer);
  const document = responseDocument(
    { payloadId: `${ids.uuid()}@customerize`, timestamp: clock.now() },
    { code: 200, text: 'OK', detail: `Order placed for ${doc.orderId}.` },
  );
  try {
    const subjects = await lineSubjects(
      deps,
      tenant.id,
      requests,
      approvedDesignsOf(db, tenant.id, customer),
    );
    const repeated = await db.transaction(async (tx) => {
      await lockCapacity(tx, tenant.id);
      // The same document sent twice at once: the second waits for the lock, then finds the first.
      const taken = await findOrderRequest(tx, tenant.id, credential.id, payloadId);
      if (taken) return { status: taken.status, document: taken.answer };
      // Each line against the server's contract price and date, to name the line that changed.
      const quote = await quoteLines(tx, tenant, requests, subjects, priceList, clock.now());
      for (const [i, q] of quote.lines.entries()) {
        const line = lines[i]!;
        const unit = unitPriceOf(q);
        if (q.currency !== line.item.unitPrice.currency || unit !== line.unit)
          throw changed(
            `${line.what}: the price is now ${formatMoney(unit, q.currency)} a unit for ${q.quantity} (the order says ${formatMoney(line.unit, line.item.unitPrice.currency)}); punch out again to take the current price.`,
          );
        const wanted = line.item.requestedDeliveryDate;
        if (wanted !== null && q.promisedDate > wanted)
          throw changed(
            `${line.what}: the earliest delivery is now ${q.promisedDate} (requested ${wanted}).`,
          );
      }
      // The buyer's own prices make the expected total: placing re-prices and re-checks it.
      const order = await placeLinesOrderIn(
        tx,
        { clock, ids, config: deps.config },
        tenant,
        subjects,
        {
          lines: requests,
          email: customer.email,
          customerId: customer.id,
          priceList,
          expected: {
            total: lines.reduce((s, l) => s + l.unit * l.item.quantity, 0),
            currency: lines[0]!.item.unitPrice.currency,
            promisedDate: quote.promisedDate,
          },
          tokenHash: sha256(randomToken()),
          by: { kind: 'customer', id: customer.id, label: `punch-out order ${doc.orderId}` },
          // The procurement system's order id is the buyer's purchase-order number.
          poNumber: doc.orderId.slice(0, 64),
        },
      );
      await insertOrderRequest(tx, {
        tenantId: tenant.id,
        credentialId: credential.id,
        payloadId,
        buyerOrderId: doc.orderId,
        orderIds: [order.id],
        status: 200,
        answer: document,
        createdAt: clock.now(),
      });
      return null;
    });
    if (repeated) return repeated;
  } catch (e) {
    throw asCxml(e, whatOf);
  }
  return { status: 200, document };
}

/**
 * The multi-line order's refusals in cXML terms, its `lines.<i>` fields named as the document's
 * lines: changed (price, date, capacity) → 409, cannot be supplied → 417, bad quantity → 400.
 */
function asCxml(e: unknown, whatOf: (i: number) => string): unknown {
  if (e instanceof CxmlStatus) return e;
  const named = (detail: string, errors: readonly { field: string; message: string }[]) =>
    errors.length > 0
      ? errors
          .map((x) => {
            const m = /^lines\.(\d+)\.(.+)$/.exec(x.field);
            return m ? `${whatOf(Number(m[1]))}: ${m[2]} ${x.message}` : `${x.field} ${x.message}`;
          })
          .join('; ')
      : detail;
  if (e instanceof LinesChanged || e instanceof NoCapacity) return changed(e.detail);
  if (e instanceof ValidationFailed)
    return e.errors.some((x) => x.field.includes('.choices.'))
      ? unavailable(named(e.detail, e.errors))
      : new CxmlStatus(400, 'Bad Request', named(e.detail, e.errors));
  if (e instanceof Conflict) {
    const code = e.extensions.code;
    return code === 'invalid' || code === 'outdated'
      ? unavailable(e.detail)
      : changed(named(e.detail, e.errors));
  }
  if (e instanceof HttpProblem && e.status < 500)
    return new CxmlStatus(400, 'Bad Request', named(e.detail, e.errors));
  return e;
}
