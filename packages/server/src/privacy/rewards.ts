// Incentives for sharing preferences and the rewards granted on opt-in. A reward is a gift, never
// a condition: nothing in ordering requires one. A signed-in customer's quote shows their oldest
// available discount in the order's currency (`availableDiscount`), and the order takes it with
// `useReward` in its own transaction; used stays used, whatever happens to consent later.
import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import type { AppDeps } from '../deps.ts';
import type { Db } from '../db/types.ts';
import { Conflict, NotFound } from '../http/errors.ts';
import type { Purpose } from './notices.ts';
import { incentives, rewardGrants } from './privacy.schema.ts';

export type RewardView = {
  id: string;
  description: string;
  kind: string;
  amount: number | null;
  currency: string | null;
  status: 'available' | 'used' | 'revoked';
  grantedAt: string;
  usedAt: string | null;
};

export async function listRewards(
  db: Db,
  tenantId: string,
  customerId: string,
): Promise<RewardView[]> {
  const rows = await db
    .select({ grant: rewardGrants, offer: incentives })
    .from(rewardGrants)
    .innerJoin(incentives, eq(incentives.id, rewardGrants.incentiveId))
    .where(and(eq(rewardGrants.tenantId, tenantId), eq(rewardGrants.customerId, customerId)))
    .orderBy(rewardGrants.grantedAt, rewardGrants.id);
  return rows.map(({ grant, offer }) => ({
    id: grant.id,
    description: offer.description,
    kind: offer.kind,
    amount: offer.amount,
    currency: offer.currency,
    status: grant.usedAt ? 'used' : grant.revokedAt ? 'revoked' : 'available',
    grantedAt: grant.grantedAt.toISOString(),
    usedAt: grant.usedAt?.toISOString() ?? null,
  }));
}

export type Discount = { id: string; description: string; amount: number; currency: string };

/** The customer's oldest unused, unrevoked discount in `currency`, or null. */
export async function availableDiscount(
  db: Db,
  tenantId: string,
  customerId: string,
  currency: string,
): Promise<Discount | null> {
  const rows = await db
    .select({ grant: rewardGrants, offer: incentives })
    .from(rewardGrants)
    .innerJoin(incentives, eq(incentives.id, rewardGrants.incentiveId))
    .where(
      and(
        eq(rewardGrants.tenantId, tenantId),
        eq(rewardGrants.customerId, customerId),
        isNull(rewardGrants.usedAt),
        isNull(rewardGrants.revokedAt),
        eq(incentives.kind, 'discount'),
        eq(incentives.currency, currency),
        gt(incentives.amount, 0),
      ),
    )
    .orderBy(asc(rewardGrants.grantedAt), asc(rewardGrants.id))
    .limit(1);
  const row = rows[0];
  if (!row || row.offer.amount === null) return null;
  return {
    id: row.grant.id,
    description: row.offer.description,
    amount: row.offer.amount,
    currency,
  };
}

/** Marks an available reward used on `usedOn` (e.g. an order number). */
export async function useReward(
  db: Db,
  tenantId: string,
  customerId: string,
  rewardId: string,
  usedOn: string,
  now: Date,
): Promise<RewardView> {
  const rows = await db
    .update(rewardGrants)
    .set({ usedAt: now, usedOn })
    .where(
      and(
        eq(rewardGrants.tenantId, tenantId),
        eq(rewardGrants.customerId, customerId),
        eq(rewardGrants.id, rewardId),
        isNull(rewardGrants.usedAt),
        isNull(rewardGrants.revokedAt),
      ),
    )
    .returning({ id: rewardGrants.id });
  const all = await listRewards(db, tenantId, customerId);
  const reward = all.find((r) => r.id === rewardId);
  if (!reward) throw new NotFound('reward', rewardId);
  if (rows.length === 0) throw new Conflict(`This reward is ${reward.status}.`);
  return reward;
}

export type IncentiveInput = {
  purpose: Purpose;
  kind: 'discount' | 'early-access';
  description: string;
  amount?: number;
  currency?: string;
};

export async function createIncentive(
  deps: Pick<AppDeps, 'db' | 'clock' | 'ids'>,
  tenantId: string,
  input: IncentiveInput,
) {
  if (input.kind === 'discount' && (input.amount === undefined || !input.currency)) {
    throw new Conflict('A discount needs an amount (minor units) and a currency.', [
      { field: 'amount', message: 'is required for a discount' },
    ]);
  }
  const rows = await deps.db
    .insert(incentives)
    .values({
      id: deps.ids.uuid(),
      tenantId,
      purpose: input.purpose,
      kind: input.kind,
      description: input.description,
      amount: input.amount ?? null,
      currency: input.currency ?? null,
      createdAt: deps.clock.now(),
    })
    .returning();
  return rows[0]!;
}

export async function listIncentives(db: Db, tenantId: string, activeOnly: boolean) {
  return db
    .select()
    .from(incentives)
    .where(
      and(eq(incentives.tenantId, tenantId), ...(activeOnly ? [isNull(incentives.endedAt)] : [])),
    )
    .orderBy(incentives.createdAt, incentives.id);
}

export async function endIncentive(
  db: Db,
  tenantId: string,
  id: string,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .update(incentives)
    .set({ endedAt: now })
    .where(
      and(eq(incentives.tenantId, tenantId), eq(incentives.id, id), isNull(incentives.endedAt)),
    )
    .returning({ id: incentives.id });
  return rows.length > 0;
}

/**
 * A one-off discount for one customer (e.g. a gallery design adopted as a community pick): an
 * incentive that is ended at once (so no one else is granted it on opt-in) and its one grant.
 * It behaves like every reward of `purpose`: listed in the account, taken at order, revoked
 * unused when that consent is withdrawn. Returns the grant's id.
 */
export async function grantOneOffReward(
  deps: Pick<AppDeps, 'db' | 'clock' | 'ids'>,
  tenantId: string,
  customerId: string,
  reward: { purpose: Purpose; description: string; amount: number; currency: string },
): Promise<string> {
  const now = deps.clock.now();
  const incentiveId = deps.ids.uuid();
  await deps.db.insert(incentives).values({
    id: incentiveId,
    tenantId,
    purpose: reward.purpose,
    kind: 'discount',
    description: reward.description,
    amount: reward.amount,
    currency: reward.currency,
    createdAt: now,
    endedAt: now,
  });
  const id = deps.ids.uuid();
  await deps.db
    .insert(rewardGrants)
    .values({ id, tenantId, customerId, incentiveId, grantedAt: now });
  return id;
}
