// Two versions of a design side by side: every feature of the product with the current and the
// proposed value, changed rows marked in words (not only by colour), and both prices and dates.
import type { ProductModel, Value } from '@customerize/engine';
import type { Choices } from '../api/types.ts';
import { featureLabel, valueLabel } from '../studio/model.ts';
import { formatMoney } from '../studio/format.ts';

export interface PriceDate {
  total: number;
  currency: string;
  promisedDate: string | null;
}

export interface CompareProps {
  model: ProductModel;
  current: { label: string; choices: Choices; price?: PriceDate | null };
  proposed: { label: string; choices: Choices; price?: PriceDate | null };
  caption: string;
}

/** Ids of the features whose value differs between the two choice sets. */
export function changedFeatures(model: ProductModel, a: Choices, b: Choices): string[] {
  return model.features
    .filter((f) => JSON.stringify(a[f.id] ?? null) !== JSON.stringify(b[f.id] ?? null))
    .map((f) => f.id);
}

function priceText(p: PriceDate | null | undefined): string {
  if (!p) return '—';
  const money = formatMoney(p.total, p.currency);
  return p.promisedDate ? `${money}, ready by ${p.promisedDate}` : money;
}

export function DesignCompare({ model, current, proposed, caption }: CompareProps) {
  const changed = new Set(changedFeatures(model, current.choices, proposed.choices));
  const rows = model.features.filter(
    (f) => current.choices[f.id] !== undefined || proposed.choices[f.id] !== undefined,
  );
  return (
    <div className="table-wrap">
      <table className="compare-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Feature</th>
            <th scope="col">{current.label}</th>
            <th scope="col">{proposed.label}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((f) => (
            <tr key={f.id} className={changed.has(f.id) ? 'compare-table__changed' : undefined}>
              <th scope="row">
                {featureLabel(f)}
                {changed.has(f.id) ? <span className="badge"> changed</span> : null}
              </th>
              <td>{valueLabel(f, current.choices[f.id] as Value | undefined)}</td>
              <td>{valueLabel(f, proposed.choices[f.id] as Value | undefined)}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">Price and date</th>
            <td>{priceText(current.price)}</td>
            <td>{priceText(proposed.price)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
