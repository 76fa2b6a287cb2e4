// `/console/insight`: demand by option (GET /insights/option-demand) — how often each option value
// is chosen in saved designs and in orders: bars per value, lines over time per feature, and the
// split by customer-value segment (a customer's segment only under their personalization
// consent). Every chart has its numbers as a table with a CSV download.
import {
  canReadOptionDemand,
  insightReports,
  REPORT_SEGMENT_LABELS,
  type OptionDemand,
  type ValueDemand,
} from '../api/insight-reports.ts';
import { FormAlert, SelectField } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { Chart } from './insight/Chart.tsx';
import { DataTable } from './insight/DataTable.tsx';
import { ReportFilter } from './insight/ReportFilter.tsx';
import { useReport } from './insight/useReport.ts';
import type { ConsolePageProps } from './routes.tsx';

type Filter = {
  product: string;
  from: string;
  to: string;
  bucket: 'week' | 'month';
  segment: string;
};

const valueName = (r: ValueDemand) => `${r.featureLabel}: ${r.valueLabel}`;

/** One row per bucket with a column per value of the feature (orders), for a line chart. */
function pivot(d: OptionDemand, feature: string) {
  const values = new Map<string, string>();
  const rows = new Map<string, Record<string, string | number>>();
  for (const r of d.overTime.filter((x) => x.feature === feature)) {
    const key = `v_${String(r.value)}`;
    values.set(key, r.valueLabel);
    const row = rows.get(r.bucket) ?? { bucket: r.bucket };
    row[key] = r.orders;
    rows.set(r.bucket, row);
  }
  const keys = [...values.keys()];
  const filled = [...rows.values()]
    .sort((a, b) => String(a.bucket).localeCompare(String(b.bucket)))
    .map((row) =>
      Object.fromEntries([['bucket', row.bucket], ...keys.map((k) => [k, row[k] ?? 0])]),
    );
  return { series: keys.map((k) => ({ key: k, label: values.get(k)! })), rows: filled };
}

export function OptionDemandPage({ session }: ConsolePageProps) {
  usePageTitle('Demand by option', session.tenant.name);
  const allowed = canReadOptionDemand(session.user.role);
  const { products, productsError, filter, setFilter, report } = useReport<Filter, OptionDemand>(
    { product: '', from: '', to: '', bucket: 'month', segment: '' },
    (f) =>
      insightReports.optionDemand({
        product: f.product,
        from: f.from,
        to: f.to,
        bucket: f.bucket,
        segment: f.segment,
      }),
  );
  const d = report.data ?? null;
  const features = d ? [...new Map(d.values.map((v) => [v.feature, v.featureLabel]))] : [];
  const bars = d ? d.values.map((v) => ({ ...v, name: valueName(v) })) : [];
  return (
    <>
      <PageHeader title="Demand by option">
        How often each option value is chosen in saved designs and in orders, over time and per
        customer segment — what customers want, for marketing, R&amp;D and operations.
      </PageHeader>
      {!allowed ? (
        <p className="card">Demand by option is for owners and sales staff.</p>
      ) : (
        <>
          <ReportFilter
            label="Filter demand by option"
            value={filter}
            products={products}
            onChange={(p) => setFilter({ ...filter, ...p })}
          >
            <SelectField
              label="Over time by"
              value={filter.bucket}
              options={[
                { value: 'month', label: 'Month' },
                { value: 'week', label: 'Week (from Monday)' },
              ]}
              onChange={(e) => setFilter({ ...filter, bucket: e.target.value as 'week' | 'month' })}
            />
            <SelectField
              label="Segment"
              value={filter.segment}
              options={[
                { value: '', label: 'Every customer' },
                ...Object.entries(REPORT_SEGMENT_LABELS).map(([value, label]) => ({
                  value,
                  label,
                })),
              ]}
              onChange={(e) => setFilter({ ...filter, segment: e.target.value })}
            />
          </ReportFilter>
          <FormAlert error={productsError ?? report.error} />
          {report.loading && !d ? <Loading /> : null}
          {d ? (
            <>
              <section className="card" aria-labelledby="demand-what">
                <h2 id="demand-what">
                  {d.product.name}, {d.from} to {d.to}: {d.totals.designs} designs,{' '}
                  {d.totals.orders} orders
                </h2>
                <p>{d.explanation.definition}</p>
                <p>
                  <strong>Formula:</strong> {d.explanation.formula}
                </p>
                <p>{d.explanation.segments}</p>
              </section>
              <section className="section">
                <Chart
                  title="Chosen per option value"
                  summary="Saved designs and orders choosing each value in the period."
                  kind="bar"
                  x="name"
                  series={[
                    { key: 'designs', label: 'Designs' },
                    { key: 'orders', label: 'Orders' },
                  ]}
                  rows={bars}
                  columns={[
                    { key: 'featureLabel', label: 'Feature' },
                    { key: 'valueLabel', label: 'Value' },
                    { key: 'designs', label: 'Designs' },
                    { key: 'orders', label: 'Orders' },
                  ]}
                  csvName="demand-per-value"
                />
              </section>
              {features.map(([feature, label]) => {
                const p = pivot(d, feature);
                return (
                  <section className="section" key={feature}>
                    <Chart
                      title={`${label}: orders per ${d.bucket}`}
                      summary={`Orders choosing each value of ${label}, per ${d.bucket}.`}
                      kind="line"
                      x="bucket"
                      series={p.series}
                      rows={p.rows}
                      columns={[
                        { key: 'bucket', label: d.bucket === 'week' ? 'Week of' : 'Month' },
                        ...p.series.map((s) => ({ key: s.key, label: s.label })),
                      ]}
                      csvName={`demand-${feature}-per-${d.bucket}`}
                    />
                  </section>
                );
              })}
              <section className="section">
                <DataTable
                  caption="Per customer segment (segments under personalization consent)"
                  columns={[
                    {
                      key: 'segment',
                      label: 'Segment',
                      format: (v) => REPORT_SEGMENT_LABELS[String(v)] ?? String(v),
                    },
                    { key: 'featureLabel', label: 'Feature' },
                    { key: 'valueLabel', label: 'Value' },
                    { key: 'designs', label: 'Designs' },
                    { key: 'orders', label: 'Orders' },
                  ]}
                  rows={d.bySegment}
                  csvName="demand-per-segment"
                />
              </section>
            </>
          ) : null}
        </>
      )}
    </>
  );
}
