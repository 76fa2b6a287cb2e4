// Every module that keeps personal data about a customer describes it here once: what it holds
// (by purpose), how to export it, and how to erase it. The privacy centre (holdings, export,
// erasure) walks this list, so a module cannot be forgotten by one of them and not the others.
// Another module (e.g. designs and orders) adds its holder with `registerPersonalDataHolder`.
import type { Db } from '../db/types.ts';
import type { Purpose } from './notices.ts';

export type DataSubject = { tenantId: string; customerId: string; email: string; name: string };

export type Holding = { purpose: Purpose; what: string; count: number };

/** Something an erasure did not delete, and the reason; shown to the customer as is. */
export type Kept = { what: string; count: number; why: string };

export type PersonalDataHolder = {
  name: string;
  holdings(db: Db, subject: DataSubject): Promise<Holding[]>;
  export(db: Db, subject: DataSubject): Promise<Record<string, unknown>>;
  /** Deletes or anonymizes; runs inside the erasure transaction, before the account itself. */
  erase(
    db: Db,
    subject: DataSubject,
    now: Date,
  ): Promise<{ deleted: Record<string, number>; kept: Kept[] }>;
  /**
   * Optional: deletes what the holder keeps under `purpose` when the customer withdraws that
   * consent; runs inside the withdrawal's transaction (privacy/consent.ts changeConsent).
   */
  withdrawn?(
    db: Db,
    subject: { tenantId: string; customerId: string },
    purpose: Purpose,
  ): Promise<void>;
};

const registered: PersonalDataHolder[] = [];

/** For modules outside privacy/: called once at startup (e.g. from their routes registration). */
export function registerPersonalDataHolder(holder: PersonalDataHolder): void {
  if (!registered.some((h) => h.name === holder.name)) registered.push(holder);
}

export function registeredHolders(): readonly PersonalDataHolder[] {
  return registered;
}
