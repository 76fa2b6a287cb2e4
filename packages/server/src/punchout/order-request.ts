// A cXML OrderRequest for punched-out designs. Every line is re-checked at the server's current
// state: the reference must be one this company's credential signed, the design version's model
// still published, the buyer's unit price the current price and the requested date reachable.
// Until multi-line orders exist, each unit of a line becomes one order (one design, quantity
// one), all in one transaction under the firm's capacity lock: a refusal writes nothing.
// The answer is kept by payloadID, so a repeated document answers the same and places nothing.
import { randomToken, sha256 } from '../auth/tokens.ts';
import { compiledVersion } from '../catalog/catalog.ts';
import { getVersionSummary } from '../catalog/catalog.store.ts';
import { lockCapacity } from '../capacity/capacity.store.ts';
import { NoCapacity } from '../capacity/capacity.ts';
import type { AppDeps } from '../deps.ts';
import { HttpProblem } from '../http/errors.ts';
import { formatMoney } from '../http/money.ts';
import { MissingCustomerInput, OrderRefused, placeOrderIn } from '../orders/place-order.ts';
import { availableDiscount } from '../privacy/rewards.ts';
import {
  getDesign,
  listDesignVersions,
  type Design,
  type DesignVersion,
} from '../studio/studio.store.ts';
import { quoteDesign, withReward } from '../studio/quote.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { buyerOf, NO_LONGER_MEMBER } from './punchout.ts';
import { CxmlStatus, minorOf, responseDocument, type OrderRequestDoc } from './cxml.ts';
import { verifyDesignRef } from './design-ref.ts';
import { findOrderRequest, insertOrderRequest, type PunchoutCredential } from './punchout.store.ts';

/** Units one document may order (each unit is an order until multi-line orders land). */
export const MAX_UNITS_PER_REQUEST = 25;

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
  const units = doc.items.reduce((sum, i) => sum + i.quantity, 0);
  if (units > MAX_UNITS_PER_REQUEST)
    throw new CxmlStatus(
      400,
      'Bad Request',
      `At most ${MAX_UNITS_PER_REQUEST} units per OrderRequest for now (one order per unit); this one has ${units}.`,
    );
  const customer = await buyerOf(db, credential);
  if (!customer) throw new CxmlStatus(403, 'Forbidden', NO_LONGER_MEMBER);
  // Resolve every line before anything is written.
  const lines: {
    item: OrderRequestDoc['items'][number];
    what: string;
    design: Design;
    version: DesignVersion;
    unit: number;
  }[] = [];
  for (const item of doc.items) {
    const what = `Line ${item.lineNumber}`;
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
    lines.push({ item, what, design, version, unit });
  }
  const orderIds: string[] = [];
  const document = responseDocument(
    { payloadId: `${ids.uuid()}@customerize`, timestamp: clock.now() },
    { code: 200, text: 'OK', detail: `Orders placed for ${doc.orderId}.` },
  );
  try {
    const repeated = await db.transaction(async (tx) => {
      await lockCapacity(tx, tenant.id);
      // The same document sent twice at once: the second waits for the lock, then finds the first.
      const taken = await findOrderRequest(tx, tenant.id, credential.id, payloadId);
      if (taken) return { status: taken.status, document: taken.answer };
      for (const line of lines) {
        const compiled = await compiledVersion(db, tenant.id, line.version.productVersionId);
        for (let n = 0; n < line.item.quantity; n += 1) {
          const now = clock.now();
          const listed = await quoteDesign(
            tx,
            tenant,
            compiled,
            line.version.choices,
            line.version.personalization,
            now,
          );
          if (listed.currency !== line.item.unitPrice.currency || listed.total !== line.unit)
            throw changed(
              `${line.what}: the price is now ${formatMoney(listed.total, listed.currency)} (the order says ${formatMoney(line.unit, line.item.unitPrice.currency)}); punch out again to take the current price.`,
            );
          const wanted = line.item.requestedDeliveryDate;
          if (wanted !== null && listed.promisedDate > wanted)
            throw changed(
              `${line.what}: the earliest delivery is now ${listed.promisedDate} (requested ${wanted}).`,
            );
          const quote = withReward(
            listed,
            await availableDiscount(tx, tenant.id, customer.id, listed.currency),
          );
          const order = await placeOrderIn(tx, deps, tenant, compiled, {
            versionId: line.version.productVersionId,
            choices: line.version.choices,
            personalization: line.version.personalization,
            designId: line.design.id,
            email: customer.email,
            customerId: customer.id,
            expected: {
              total: quote.total,
              currency: quote.currency,
              promisedDate: quote.promisedDate,
            },
            tokenHash: sha256(randomToken()),
            by: { kind: 'customer', id: customer.id, label: `punch-out order ${doc.orderId}` },
          });
          orderIds.push(order.id);
        }
      }
      await insertOrderRequest(tx, {
        tenantId: tenant.id,
        credentialId: credential.id,
        payloadId,
        buyerOrderId: doc.orderId,
        orderIds,
        status: 200,
        answer: document,
        createdAt: clock.now(),
      });
      return null;
    });
    if (repeated) return repeated;
  } catch (e) {
    throw asCxml(e);
  }
  return { status: 200, document };
}

/** The order module's refusals in cXML terms: changed → 409, cannot be supplied → 417. */
function asCxml(e: unknown): unknown {
  if (e instanceof CxmlStatus) return e;
  if (e instanceof OrderRefused)
    return e.extensions.code === 'changed' ? changed(e.detail) : unavailable(e.detail);
  if (e instanceof NoCapacity) return changed(e.detail);
  if (e instanceof MissingCustomerInput) return unavailable(e.detail);
  if (e instanceof HttpProblem && e.status < 500)
    return new CxmlStatus(400, 'Bad Request', e.detail);
  return e;
}
