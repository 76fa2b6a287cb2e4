// Recommendations that can be built (server: POST /shop/:tenant/recommendations,
// docs/recommendations.md): values for the open choices and whole designs completing the current
// ones, each checked by the server's engine. `basis` says whether the customer's own history was
// used (with their personalization consent) or only what customers chose.
import type { ShopApi } from './client.ts';
import type { ChoiceValue, Choices } from './types.ts';

export type RecommendationBasis = 'personal' | 'popular';

export interface ValueSuggestion {
  feature: string;
  featureLabel: string;
  value: ChoiceValue;
  valueLabel: string;
  /** e.g. "Hydraulic disc: chosen with Carbon by 12 customers". */
  reason: string;
  customers: number;
}

export interface DesignSuggestion {
  /** The whole design: the customer's choices kept, the rest filled in. */
  choices: Choices;
  adds: { feature: string; featureLabel: string; value: ChoiceValue; valueLabel: string }[];
  reason: string;
  customers: number;
}

export interface Recommendations {
  basis: RecommendationBasis;
  versionId: string;
  next: ValueSuggestion[];
  designs: DesignSuggestion[];
}

export function shopRecommendations(shop: ShopApi) {
  return {
    get: (
      input: { versionId: string; choices: Choices; feature?: string; limit?: number },
      signal?: AbortSignal,
    ) =>
      shop.client.request<Recommendations>(
        'POST',
        `/shop/${encodeURIComponent(shop.tenant)}/recommendations`,
        input,
        { signal },
      ),
  };
}

/** The panel's heading: personal suggestions are "customers like you", others only popular. */
export function recommendationsTitle(basis: RecommendationBasis): string {
  return basis === 'personal' ? 'Customers like you chose' : 'Popular choices';
}
