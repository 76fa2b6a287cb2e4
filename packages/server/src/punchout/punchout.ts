// Punch-out rules and views: authenticating a procurement system, opening a punch-out.
import { randomToken, sameSecret, sha256 } from '../auth/tokens.ts';
import type { AppConfig } from '../config.ts';
import type { Db } from '../db/types.ts';
import type { Ids } from '../ids.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { getCustomer } from '../users/users.store.ts';
import type { Customer } from '../users/users.ts';
import { MAX_CART_QUANTITY } from './cart.ts';
import { verifyDesignRef } from './design-ref.ts';
import {
  findCredentials,
  insertPunchoutSession,
  type PunchoutCredential,
  type PunchoutSession,
} from './punchout.store.ts';

/** How long a start page link may wait to be opened, and how long a punch-out lasts. */
export const START_TOKEN_TTL_MS = 5 * 60_000;
export const PUNCHOUT_TTL_MS = 8 * 60 * 60_000;

export function credentialView(c: PunchoutCredential) {
  return {
    id: c.id,
    businessAccountId: c.businessAccountId,
    domain: c.domain,
    identity: c.identity,
    customerId: c.customerId,
    createdAt: c.createdAt.toISOString(),
  };
}

/** A new shared secret (256 bits, shown once) and its stored form. */
export function newSharedSecret(): { secret: string; secretHash: string } {
  const secret = randomToken();
  return { secret, secretHash: sha256(secret) };
}

const NOTHING = sha256('no such credential');

/**
 * The credential of this identity whose shared secret is `secret`, or null. The hashes are
 * compared in constant time, and an unknown identity costs the same comparison, so neither the
 * answer nor its timing tells an unknown identity from a wrong secret.
 */
export async function authenticate(
  db: Db,
  tenantId: string,
  who: { domain: string | null; identity: string; secret: string | null },
): Promise<PunchoutCredential | null> {
  const candidates = await findCredentials(db, tenantId, who.domain, who.identity);
  const given = sha256(who.secret ?? '');
  let found: PunchoutCredential | null = null;
  for (const c of candidates.length > 0 ? candidates : [null]) {
    if (sameSecret(given, c?.secretHash ?? NOTHING) && c && who.secret) found ??= c;
  }
  return found;
}

/**
 * The designs of an edited cart: the lines whose SupplierPartID this company's credential signed
 * (other lines, e.g. another supplier's, are left out), by design; quantities capped to the cart's.
 */
export function prefillOf(
  credential: PunchoutCredential,
  tenantId: string,
  items: { supplierPartId: string; quantity: number }[],
): PunchoutSession['prefill'] {
  const quantities = new Map<string, number>();
  for (const item of items) {
    const ref = verifyDesignRef(credential.secretHash, tenantId, item.supplierPartId);
    if (ref) quantities.set(ref.designId, (quantities.get(ref.designId) ?? 0) + item.quantity);
  }
  return [...quantities].map(([designId, quantity]) => ({
    designId,
    quantity: Math.min(quantity, MAX_CART_QUANTITY),
  }));
}

export const NO_LONGER_MEMBER =
  'The buyer these credentials sign in as is no longer a member of the company; the firm must set new credentials.';

/** The credentials' buyer while still a member of their company (else null: nothing is opened). */
export async function buyerOf(db: Db, credential: PunchoutCredential): Promise<Customer | null> {
  const buyer = await getCustomer(db, credential.tenantId, credential.customerId);
  return buyer?.businessAccountId === credential.businessAccountId ? buyer : null;
}

/** Opens a punch-out and answers its one-time start page URL. */
export async function openPunchout(
  deps: { db: Db; ids: Ids; config: AppConfig },
  tenant: Tenant,
  credential: PunchoutCredential,
  now: Date,
  what: Pick<PunchoutSession, 'format' | 'operation' | 'buyerCookie' | 'returnUrl' | 'prefill'>,
): Promise<string> {
  const token = randomToken();
  await insertPunchoutSession(deps.db, {
    id: deps.ids.uuid(),
    tenantId: tenant.id,
    credentialId: credential.id,
    customerId: credential.customerId,
    ...what,
    startTokenHash: sha256(token),
    startExpiresAt: new Date(now.getTime() + START_TOKEN_TTL_MS),
    authSessionId: null,
    startedAt: null,
    returnedAt: null,
    expiresAt: new Date(now.getTime() + PUNCHOUT_TTL_MS),
    createdAt: now,
  });
  // The token rides in the query, which the request logger redacts.
  return `${deps.config.publicUrl}/punchout/start?token=${token}`;
}
