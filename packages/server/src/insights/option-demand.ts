// Demand by option (plain functions): the labels of features and values from the product's
// model, and the report's three views of the counted rows — per value (bars), per value and
// time bucket (lines) and per value and segment — each with what its numbers mean.
import type { FeatureDef, ProductModel, Value } from '@customerize/engine';
import type { DemandRow } from './option-demand.store.ts';

export type Labels = {
  feature(id: string): string;
  value(feature: string, value: Value): string;
};

function featureValueLabel(f: FeatureDef, value: Value): string | undefined {
  if (f.type === 'enum') return f.options.find((o) => o.id === value)?.label;
  if (f.type === 'bool')
    return value === true ? (f.whenTrue?.label ?? 'Yes') : (f.whenFalse?.label ?? 'No');
  const unit = f.display?.unit ?? f.unit;
  const shown = f.display ? Number(value) * f.display.step : Number(value);
  return unit ? `${shown} ${unit}` : String(shown);
}

/** Labels from the models given, newest first: a value only an older version had keeps its label. */
export function labelsFrom(models: ProductModel[]): Labels {
  const features = (id: string) =>
    models.map((m) => m.features.find((f) => f.id === id)).filter((f) => f !== undefined);
  return {
    feature: (id) => features(id).find((f) => f.label)?.label ?? id,
    value(feature, value) {
      for (const f of features(feature)) {
        const label = featureValueLabel(f, value);
        if (label !== undefined) return label;
      }
      return String(value);
    },
  };
}

export type ValueDemand = {
  feature: string;
  featureLabel: string;
  value: Value;
  valueLabel: string;
  designs: number;
  orders: number;
};

const keyOf = (feature: string, value: Value) => `${feature}\u0000${JSON.stringify(value)}`;

function sumBy<K extends string>(
  rows: DemandRow[],
  labels: Labels,
  extra: (r: DemandRow) => Record<K, string>,
): (ValueDemand & Record<K, string>)[] {
  const out = new Map<string, ValueDemand & Record<K, string>>();
  for (const r of rows) {
    const more = extra(r);
    const key = keyOf(r.feature, r.value) + '\u0000' + Object.values(more).join('\u0000');
    let row = out.get(key);
    if (!row) {
      row = {
        feature: r.feature,
        featureLabel: labels.feature(r.feature),
        value: r.value,
        valueLabel: labels.value(r.feature, r.value),
        designs: 0,
        orders: 0,
        ...more,
      };
      out.set(key, row);
    }
    row[r.source] += r.n;
  }
  return [...out.values()];
}

const byValue = (a: ValueDemand, b: ValueDemand) =>
  a.feature.localeCompare(b.feature) ||
  String(a.value).localeCompare(String(b.value), 'en', { numeric: true });

const perBucketRows = (rows: DemandRow[]) =>
  rows.filter((r): r is DemandRow & { bucket: string } => r.bucket !== null);
const perSegmentRows = (rows: DemandRow[]) =>
  rows.filter((r): r is DemandRow & { segment: string } => r.segment !== null);

/** Per value over the whole period, most ordered first within each feature. */
export function perValue(rows: DemandRow[], labels: Labels): ValueDemand[] {
  return sumBy(perBucketRows(rows), labels, () => ({})).sort(
    (a, b) =>
      a.feature.localeCompare(b.feature) ||
      b.orders - a.orders ||
      b.designs - a.designs ||
      byValue(a, b),
  );
}

/** Per value and time bucket (the first day of the week/month), oldest first. */
export function perBucket(rows: DemandRow[], labels: Labels): (ValueDemand & { bucket: string })[] {
  return sumBy(perBucketRows(rows), labels, (r) => ({ bucket: r.bucket! })).sort(
    (a, b) => a.bucket.localeCompare(b.bucket) || byValue(a, b),
  );
}

/** Per value and segment. */
export function perSegment(
  rows: DemandRow[],
  labels: Labels,
): (ValueDemand & { segment: string })[] {
  return sumBy(perSegmentRows(rows), labels, (r) => ({ segment: r.segment! })).sort(
    (a, b) => byValue(a, b) || a.segment.localeCompare(b.segment),
  );
}

export const OPTION_DEMAND_EXPLANATION = {
  definition:
    'How often each option value was chosen: in saved designs (each design counted once, as its current version, dated when that version was saved) and in orders (every order except cancelled ones and guest orders not yet confirmed, dated when placed). Periods and buckets are whole days in the firm’s time zone; a week starts on Monday.',
  formula:
    'designs(value) = number of designs whose current version chooses the value; orders(value) = number of counted orders whose choices include the value; share = count ÷ designs or orders counted in the period',
  segments:
    'A customer counts under their customer-value segment only while their personalization consent holds now; guests, customers without that consent and customers not scored count as "unsegmented".',
};
