// The SupplierPartID of a punched-out design: `<designId>.<version>.<mac>`, the MAC an
// HMAC-SHA-256 keyed by the company credential's stored secret hash. It travels through the
// buyer's procurement system and comes back in an OrderRequest; the server accepts only
// references it made for that same company's credential, unchanged.
import { createHmac } from 'node:crypto';
import { sameSecret } from '../auth/tokens.ts';

export type DesignRef = { designId: string; version: number };

function mac(key: string, tenantId: string, ref: DesignRef): string {
  return createHmac('sha256', key)
    .update(`${tenantId}:${ref.designId}:${ref.version}`)
    .digest('base64url')
    .slice(0, 22);
}

export function signDesignRef(key: string, tenantId: string, ref: DesignRef): string {
  return `${ref.designId}.${ref.version}.${mac(key, tenantId, ref)}`;
}

/** The reference, or null when it is not one this credential's key signed. */
export function verifyDesignRef(key: string, tenantId: string, text: string): DesignRef | null {
  const m = /^([0-9a-f-]{36})\.(\d{1,6})\.([A-Za-z0-9_-]{22})$/.exec(text);
  if (!m) return null;
  const ref = { designId: m[1]!, version: Number(m[2]) };
  return sameSecret(m[3]!, mac(key, tenantId, ref)) ? ref : null;
}
