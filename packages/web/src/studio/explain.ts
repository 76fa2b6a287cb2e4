// Puts the engine's explanations and changes into words a customer reads.
import type { Change, Explanation, ProductModel } from '@customerize/engine';
import { featureById, featureLabel, valueLabel } from './model.ts';

export interface ExplanationText {
  /** The rules' customer-facing messages (deduplicated). */
  reasons: string[];
  /** "Frame material: Carbon fibre" for each current choice that is in the way. */
  conflicts: string[];
  /** Restrictions excluding it, e.g. "Not approved by Acme" — never the customer's to change,
   * and not a technical limit. */
  notApproved: string[];
}

export function explanationText(model: ProductModel, e: Explanation): ExplanationText {
  const reasons = [...new Set(e.rules.map((r) => r.message ?? `It breaks the rule “${r.id}”.`))];
  const conflicts = e.conflicting.map((c) => {
    const f = featureById(model, c.feature);
    return `${f ? featureLabel(f) : c.feature}: ${valueLabel(f, c.value)}`;
  });
  const notApproved = [...new Set((e.restrictions ?? []).map((r) => r.message ?? r.id))];
  return { reasons, conflicts, notApproved };
}

/** "Brakes: Hydraulic disc brakes (was V-brakes)", "Frame material: cleared (was Carbon fibre)". */
export function changeText(model: ProductModel, c: Change): string {
  const f = featureById(model, c.feature);
  const name = f ? featureLabel(f) : c.feature;
  const to = c.to === undefined ? 'cleared, choose again' : valueLabel(f, c.to);
  const was = c.from === undefined ? '' : ` (was ${valueLabel(f, c.from)})`;
  return `${name}: ${to}${was}`;
}
