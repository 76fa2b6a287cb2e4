// Recording and reading what a customer told or showed us about their preferences. Always for
// the personalization purpose, always through usePersonalData: without consent nothing is
// recorded and nothing is read. The studio calls these for needs answers and viewed options.
import type { AppDeps } from '../deps.ts';
import { usePersonalData } from './consent.ts';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'ids'>;

export const PROFILE_KINDS = ['stated-preferences', 'needs-answers', 'viewed-options'] as const;
export type ProfileKind = (typeof PROFILE_KINDS)[number];

/** Records `data`; returns false (and records nothing) without personalization consent. */
export async function recordProfile(
  deps: Deps,
  tenantId: string,
  customerId: string | null,
  kind: ProfileKind,
  data: unknown,
): Promise<boolean> {
  const outcome = await usePersonalData(deps, tenantId, customerId, 'personalization', (d) =>
    d.record(kind, data),
  );
  return outcome.used;
}

/** The customer's latest record of `kind`, or null: null also when there is no consent now. */
export function latestProfile(
  deps: Deps,
  tenantId: string,
  customerId: string | null,
  kind: ProfileKind,
): Promise<{ personalized: boolean; data: unknown }> {
  return latestProfileWhere(deps, tenantId, customerId, kind, () => true);
}

/** Like `latestProfile`, for the latest record of `kind` whose data satisfies `match`. */
export async function latestProfileWhere(
  deps: Deps,
  tenantId: string,
  customerId: string | null,
  kind: ProfileKind,
  match: (data: unknown) => boolean,
): Promise<{ personalized: boolean; data: unknown }> {
  const outcome = await usePersonalData(deps, tenantId, customerId, 'personalization', (d) =>
    d.read(kind),
  );
  if (!outcome.used) return { personalized: false, data: null };
  const found = outcome.value.filter((r) => match(r.data)).at(-1);
  return { personalized: true, data: found?.data ?? null };
}
