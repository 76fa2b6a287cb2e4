// Claiming a guest's designs and orders when the same email signs up and verifies. The designs
// and orders module owns those tables; it registers how to claim them here.
import type { Db } from '../db/types.ts';

/** Gives the guest records placed with `email` (case-insensitive) to `customerId`; returns counts. */
export type GuestClaim = (
  db: Db,
  tenantId: string,
  customerId: string,
  email: string,
) => Promise<Record<string, number>>;

const claims: GuestClaim[] = [];

export function registerGuestClaim(claim: GuestClaim): void {
  if (!claims.includes(claim)) claims.push(claim);
}

export async function claimGuestRecords(
  db: Db,
  tenantId: string,
  customerId: string,
  email: string,
): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const claim of claims) {
    for (const [k, n] of Object.entries(await claim(db, tenantId, customerId, email)))
      out[k] = (out[k] ?? 0) + n;
  }
  return out;
}
