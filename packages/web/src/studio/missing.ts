// What a design still lacks before it can be ordered: the features the engine has no value for
// (open choices, and anything the customer must enter themselves) and the required personal
// fields offered for these choices but left empty. The summary names them; the server's quote
// reports the same things as violations (`feature:<id>`, `personalization:<id>`), which are
// therefore "still needed", not "cannot be built".
import {
  fieldOffered,
  type CompiledModel,
  type Configuration,
  type ProductModel,
} from '@customerize/engine';
import { featureLabel } from './model.ts';

export interface MissingItem {
  id: string;
  kind: 'feature' | 'field';
  /** Something the customer enters (a personal field, a feature marked `customerInput`), not
   * an option to choose. */
  entered: boolean;
  label: string;
  /** Where the customer fills it in. */
  href: string;
}

export function missingItems(
  model: ProductModel,
  compiled: CompiledModel,
  choices: Configuration,
  personalization: Record<string, string>,
): MissingItem[] {
  const out: MissingItem[] = [];
  for (const f of model.features)
    if (choices[f.id] === undefined)
      out.push({
        id: f.id,
        kind: 'feature',
        entered: 'customerInput' in f && f.customerInput === true,
        label: featureLabel(f),
        href: `#feature-${f.id}`,
      });
  for (const field of model.personalization ?? []) {
    if (!field.required || (personalization[field.id] ?? '') !== '') continue;
    if (!fieldOffered(compiled, field, choices)) continue;
    out.push({
      id: field.id,
      kind: 'field',
      entered: true,
      label: field.label ?? field.id,
      href: `#personal-${field.id}`,
    });
  }
  return out;
}

/** Whether a violation of the server's quote only says that one of `missing` is not filled in. */
export function isMissingViolation(rule: string, missing: MissingItem[]): boolean {
  return missing.some(
    (m) => rule === (m.kind === 'feature' ? `feature:${m.id}` : `personalization:${m.id}`),
  );
}
