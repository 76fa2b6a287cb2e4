// One customer's recommendations for a product version, as the studio route answers them and as
// other modules (a campaign's recommended design) ask for them: learned statistics from the
// cache, the customer's own history only under their personalization consent now (the one
// consent check, usePersonalData), a company member's approved space, every suggestion checked
// by the engine (recommend, at most MAX_CHECKS).
import type { CompiledModel, Value } from '@customerize/engine';
import { approvedSpacesFor, outsideOf } from '../companies/approved-space.ts';
import type { ServingFacts } from '../catalog/serving.ts';
import type { AppDeps } from '../deps.ts';
import { usePersonalData } from '../privacy/consent.ts';
import { ownHistoryOf, recommend, type Recommendations } from './recommendations.ts';
import { customerProductHistory } from './recommendations.store.ts';
import type { StatsCache } from './stats-cache.ts';

/** The customer's own rows read for the personal basis, newest first. */
export const OWN_HISTORY_ROWS = 200;

export type RecommendFor = {
  tenantId: string;
  /** Null: a guest (popular basis). */
  customerId: string | null;
  productId: string;
  /** The product's current published version, compiled. */
  versionId: string;
  compiled: CompiledModel;
  /** The version's serving facts, when known: their preview and cheapest designs are witnesses. */
  facts: ServingFacts | null;
  /** Canonical choices (normalizeChoices). */
  choices: Record<string, Value>;
  feature?: string;
  limit?: number;
  designs?: number;
};

export type Answered = Recommendations & {
  /** `personal`: their own history weighed in (personalization consent); else `popular`. */
  basis: 'personal' | 'popular';
};

export async function recommendFor(
  deps: Pick<AppDeps, 'db' | 'clock' | 'ids'>,
  cache: StatsCache,
  r: RecommendFor,
): Promise<Answered> {
  const { db } = deps;
  const { compiled, tenantId, customerId } = r;
  // A company member is suggested nothing outside what the company approved.
  const spaces = await approvedSpacesFor(db, tenantId, customerId, r.productId, compiled);
  const stats = await cache.get(tenantId, r.productId, r.versionId, compiled);
  // The one consent check: without personalization consent (now) the customer's history is not
  // read at all, and the answer is the one a guest gets.
  const own = await usePersonalData(deps, tenantId, customerId, 'personalization', async () =>
    ownHistoryOf(
      compiled,
      stats,
      await customerProductHistory(db, tenantId, customerId!, r.productId, OWN_HISTORY_ROWS),
    ),
  );
  const fallbacks = [r.facts?.preview, r.facts?.cheapest].filter(
    (d): d is Record<string, Value> => !!d,
  );
  const result = recommend(compiled, stats, r.choices, {
    ...(r.feature !== undefined ? { feature: r.feature } : {}),
    limit: r.limit ?? 5,
    ...(r.designs !== undefined ? { designs: r.designs } : {}),
    own: own.used ? own.value : null,
    fallbacks,
    // On a decision diagram the valid domains are one pass over it (bounded in size when the
    // version was proven at publish), the work the studio does in the browser per click; a
    // SAT-served model is checked on witness designs only (`validate`, linear).
    ...(compiled.stats.backend === 'bdd'
      ? { domains: (c: Record<string, Value>) => compiled.backend.domains(c) }
      : {}),
    ...(spaces
      ? {
          accept: (design: Record<string, Value>) =>
            spaces.some((s) => outsideOf(compiled, s, design).length === 0),
        }
      : {}),
  });
  return { ...result, basis: own.used ? 'personal' : 'popular' };
}
