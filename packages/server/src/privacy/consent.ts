// Consent per customer and purpose, and THE mechanism every use of personal data goes through:
// `usePersonalData` checks consent at the moment of use, so a withdrawal takes effect at once.
import { and, desc, eq, gte, isNull, sql, type SQL } from 'drizzle-orm';
import type { AppDeps } from '../deps.ts';
import type { Db } from '../db/types.ts';
import type { Principal } from '../auth/principal.ts';
import { Conflict, Forbidden } from '../http/errors.ts';
import { currentNotice, isOptional, PURPOSES, type Purpose } from './notices.ts';
import { consentRecords, incentives, profileRecords, rewardGrants } from './privacy.schema.ts';
import { customers } from '../users/users.schema.ts';
import { registeredHolders } from './personal-data.ts';

/** A signed-in customer's session: the only principal that may change their consent. */
export type CustomerSession = Extract<Principal, { kind: 'customer'; via: 'session' }>;

export type ConsentState = {
  purpose: Purpose;
  given: boolean;
  since: Date | null;
  noticeVersion: number | null;
};

export async function consentState(
  db: Db,
  tenantId: string,
  customerId: string,
  purpose: Purpose,
): Promise<ConsentState> {
  // "necessary" needs no consent: it is the contract (GDPR Art. 6(1)(b)/(c)).
  if (!isOptional(purpose)) return { purpose, given: true, since: null, noticeVersion: null };
  const rows = await db
    .select()
    .from(consentRecords)
    .where(
      and(
        eq(consentRecords.tenantId, tenantId),
        eq(consentRecords.customerId, customerId),
        eq(consentRecords.purpose, purpose),
      ),
    )
    .orderBy(desc(consentRecords.at), desc(consentRecords.id))
    .limit(1);
  const last = rows[0];
  if (!last || last.action !== 'given')
    return { purpose, given: false, since: null, noticeVersion: null };
  return { purpose, given: true, since: last.at, noticeVersion: last.noticeVersion };
}

export async function hasConsent(
  db: Db,
  tenantId: string,
  customerId: string,
  purpose: Purpose,
): Promise<boolean> {
  return (await consentState(db, tenantId, customerId, purpose)).given;
}

/**
 * The same rule as `consentState`, for a whole firm at once: a subquery of the ids of the
 * customers whose latest record for `purpose` (by time, then id) is "given" right now. For
 * set-based work over many customers (queueing a campaign to 100,000 of them), where one query
 * per customer would not do; single customers go through `hasConsent` / `usePersonalData`.
 */
export function consentingCustomersSql(tenantId: string, purpose: Purpose): SQL {
  if (!isOptional(purpose))
    return sql`(select c.id as customer_id from customers c where c.tenant_id = ${tenantId})`;
  return sql`(select l.customer_id from (
      select distinct on (r.customer_id) r.customer_id, r.action
      from ${consentRecords} r
      where r.tenant_id = ${tenantId} and r.purpose = ${purpose}
      order by r.customer_id, r.at desc, r.id desc
    ) l where l.action = 'given')`;
}

/** What `fn` receives: recording and reading data for this purpose, only while consent holds. */
export type PersonalData = {
  /** Keeps a piece of data for the purpose (e.g. kind "stated-preferences"). */
  record(kind: string, data: unknown): Promise<void>;
  /** The data recorded for the purpose since consent was (last) given, oldest first. */
  read(kind?: string): Promise<{ kind: string; data: unknown; recordedAt: Date }[]>;
};

/**
 * Runs `fn` with access to the customer's data for `purpose` if, right now, the customer has
 * consented to it; otherwise returns `{ used: false }` without calling `fn`, and the caller gives
 * the non-personalized experience. A guest (customerId null) has no profile: never used.
 */
export async function usePersonalData<T>(
  deps: Pick<AppDeps, 'db' | 'clock' | 'ids'>,
  tenantId: string,
  customerId: string | null,
  purpose: Purpose,
  fn: (data: PersonalData) => Promise<T>,
): Promise<{ used: true; value: T } | { used: false }> {
  if (customerId === null) return { used: false };
  const state = await consentState(deps.db, tenantId, customerId, purpose);
  if (!state.given) return { used: false };
  const since = state.since ?? new Date(0);
  const access: PersonalData = {
    async record(kind, data) {
      await deps.db.insert(profileRecords).values({
        id: deps.ids.uuid(),
        tenantId,
        customerId,
        purpose,
        kind,
        data,
        recordedAt: deps.clock.now(),
      });
    },
    async read(kind) {
      const rows = await deps.db
        .select()
        .from(profileRecords)
        .where(
          and(
            eq(profileRecords.tenantId, tenantId),
            eq(profileRecords.customerId, customerId),
            eq(profileRecords.purpose, purpose),
            gte(profileRecords.recordedAt, since),
            ...(kind === undefined ? [] : [eq(profileRecords.kind, kind)]),
          ),
        )
        .orderBy(profileRecords.recordedAt, profileRecords.id);
      return rows.map((r) => ({ kind: r.kind, data: r.data, recordedAt: r.recordedAt }));
    },
  };
  return { used: true, value: await fn(access) };
}

export type ConsentChange = {
  purpose: Purpose;
  given: boolean;
  screen: string;
  /** The notice version the customer was shown; must be the current one when giving. */
  noticeVersion: number;
};

export class NoticeOutdated extends Conflict {
  constructor(purpose: Purpose, current: number) {
    super(`The ${purpose} notice is now version ${current}; show it and ask again.`, [
      { field: 'noticeVersion', message: `must be ${current}` },
    ]);
  }
}

/**
 * Appends a consent record. Giving grants the purpose's active incentives (once per incentive,
 * ever). Withdrawing deletes the data recorded for the purpose (here and in every registered
 * holder's `withdrawn`) and revokes unused rewards; a used reward stays used. Returns the rewards granted now.
 */
export async function changeConsent(
  deps: Pick<AppDeps, 'db' | 'clock' | 'ids'>,
  by: CustomerSession,
  change: ConsentChange,
): Promise<{ state: ConsentState; granted: string[] }> {
  // Consent is the customer's own act: only their signed-in session gives or withdraws it,
  // never staff or an API key "for" them, so the function takes the session, not a customer id.
  if (by.kind !== 'customer' || by.via !== 'session') {
    throw new Forbidden('Only the customer, signed in, can give or withdraw their consent.');
  }
  const { tenantId, customerId } = by;
  const [customer] = await deps.db
    .select({ passwordChosenByStaff: customers.passwordChosenByStaff })
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId)));
  if (customer?.passwordChosenByStaff) {
    throw new Forbidden(
      'Your password was set by the firm. Choose your own (“Forgot your password?” sends you a link), then give your consent.',
    );
  }
  if (!isOptional(change.purpose)) {
    throw new Conflict(
      'Data necessary for accounts and orders is not based on consent; to stop it, erase your account.',
      [{ field: 'purpose', message: 'cannot be changed' }],
    );
  }
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const notice = await currentNotice(tx, tenantId, change.purpose);
    if (change.given && change.noticeVersion !== notice.version) {
      throw new NoticeOutdated(change.purpose, notice.version);
    }
    await tx.insert(consentRecords).values({
      id: deps.ids.uuid(),
      tenantId,
      customerId,
      purpose: change.purpose,
      action: change.given ? 'given' : 'withdrawn',
      screen: change.screen,
      noticeVersion: change.noticeVersion,
      at: now,
    });
    const granted: string[] = [];
    if (change.given) {
      const offers = await tx
        .select()
        .from(incentives)
        .where(
          and(
            eq(incentives.tenantId, tenantId),
            eq(incentives.purpose, change.purpose),
            isNull(incentives.endedAt),
          ),
        );
      for (const offer of offers) {
        const rows = await tx
          .insert(rewardGrants)
          .values({
            id: deps.ids.uuid(),
            tenantId,
            customerId,
            incentiveId: offer.id,
            grantedAt: now,
          })
          .onConflictDoNothing()
          .returning({ id: rewardGrants.id });
        if (rows[0]) granted.push(rows[0].id);
      }
    } else {
      // Modules that keep data under the purpose (the gallery under co-creation) delete theirs.
      for (const holder of registeredHolders())
        await holder.withdrawn?.(tx, { tenantId, customerId }, change.purpose);
      await tx
        .delete(profileRecords)
        .where(
          and(
            eq(profileRecords.tenantId, tenantId),
            eq(profileRecords.customerId, customerId),
            eq(profileRecords.purpose, change.purpose),
          ),
        );
      const forPurpose = tx
        .select({ id: incentives.id })
        .from(incentives)
        .where(and(eq(incentives.tenantId, tenantId), eq(incentives.purpose, change.purpose)));
      const offerIds = (await forPurpose).map((o) => o.id);
      for (const incentiveId of offerIds) {
        await tx
          .update(rewardGrants)
          .set({ revokedAt: now })
          .where(
            and(
              eq(rewardGrants.tenantId, tenantId),
              eq(rewardGrants.customerId, customerId),
              eq(rewardGrants.incentiveId, incentiveId),
              isNull(rewardGrants.usedAt),
              isNull(rewardGrants.revokedAt),
            ),
          );
      }
    }
    const state = await consentState(tx, tenantId, customerId, change.purpose);
    return { state, granted };
  });
}

export async function allConsentStates(
  db: Db,
  tenantId: string,
  customerId: string,
): Promise<ConsentState[]> {
  const out: ConsentState[] = [];
  for (const purpose of PURPOSES) out.push(await consentState(db, tenantId, customerId, purpose));
  return out;
}

export async function consentHistory(db: Db, tenantId: string, customerId: string) {
  return db
    .select()
    .from(consentRecords)
    .where(and(eq(consentRecords.tenantId, tenantId), eq(consentRecords.customerId, customerId)))
    .orderBy(consentRecords.at, consentRecords.id);
}
