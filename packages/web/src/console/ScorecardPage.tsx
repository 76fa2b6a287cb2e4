// `/console/scorecard`: the variety and effectiveness scorecard of a product (GET
// /insights/scorecard) — configurations offered and ordered, concentration, promised dates kept,
// lead times, price premium, margin per option value and the combined index. Every figure shows
// its definition, and its formula and inputs one click away; every chart has its numbers.
import {
  canReadScorecard,
  insightReports,
  type Scorecard,
  type ScorecardFigure,
} from '../api/insight-reports.ts';
import { formatMoney } from '../studio/format.ts';
import { FormAlert } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { Chart } from './insight/Chart.tsx';
import { DataTable } from './insight/DataTable.tsx';
import { ReportFilter, type ReportPeriod } from './insight/ReportFilter.tsx';
import { useReport } from './insight/useReport.ts';
import type { ConsolePageProps } from './routes.tsx';

const PART_LABELS: Record<string, string> = {
  varietyUse: 'Variety used',
  demandSpread: 'Demand spread',
  promiseReliability: 'Promises kept',
  premium: 'Premium paid',
  marginPositive: 'Options with margin',
};

/** A figure as people read it: big counts grouped, percents and days with their unit. */
export function figureText(f: ScorecardFigure): string {
  if (f.value === null) return 'not available';
  if (typeof f.value === 'string') return BigInt(f.value).toLocaleString('en');
  const n = f.value.toLocaleString('en', { maximumFractionDigits: 2 });
  if (f.unit === 'percent') return `${n} %`;
  if (f.unit === 'days') return `${n} days`;
  if (f.unit === 'score') return `${n} / 100`;
  return n;
}

function FigureCard({ figure }: { figure: ScorecardFigure }) {
  return (
    <li className="card" data-testid={`figure-${figure.key}`}>
      <h3>{figure.label}</h3>
      <p className="figure-value">
        <strong>{figureText(figure)}</strong>
      </p>
      <p>{figure.explanation.definition}</p>
      <details>
        <summary>How it is computed</summary>
        <p>
          <strong>Formula:</strong> {figure.explanation.formula}
        </p>
        {figure.explanation.inputs.length > 0 ? (
          <ul>
            {figure.explanation.inputs.map((i) => (
              <li key={i.name}>
                {i.name}: {i.value === null ? 'not available' : String(i.value)}
              </li>
            ))}
          </ul>
        ) : null}
      </details>
    </li>
  );
}

export function ScorecardPage({ session }: ConsolePageProps) {
  usePageTitle('Scorecard', session.tenant.name);
  const allowed = canReadScorecard(session.user.role);
  const { products, productsError, filter, setFilter, report } = useReport<ReportPeriod, Scorecard>(
    { product: '', from: '', to: '' },
    (f) => insightReports.scorecard(f),
  );
  const s = report.data ?? null;
  const index = s?.figures.find((f) => f.key === 'effectivenessIndex');
  const parts = (index?.explanation.inputs ?? []).map((i) => ({
    part: PART_LABELS[i.name] ?? i.name,
    score: i.value === null ? null : Math.round(Number(i.value) * 10_000) / 100,
  }));
  const money = (v: unknown) =>
    v === null || v === undefined ? 'no cost known' : formatMoney(Number(v), s?.currency ?? 'EUR');
  const margins = (s?.margins.items ?? []).map((m) => ({
    ...m,
    name: `${m.featureLabel}: ${m.valueLabel}`,
  }));
  return (
    <>
      <PageHeader title="Variety and effectiveness scorecard">
        How much variety you offer, how much of it customers use, and whether you deliver it
        reliably, fast and profitably — every figure with how it is computed.
      </PageHeader>
      {!allowed ? (
        <p className="card">The scorecard is for owners, sales and operations staff.</p>
      ) : (
        <>
          <ReportFilter
            label="Filter the scorecard"
            value={filter}
            products={products}
            onChange={setFilter}
          />
          <FormAlert error={productsError ?? report.error} />
          {report.loading && !s ? <Loading /> : null}
          {s ? (
            <>
              <h2>
                {s.product.name}, {s.from} to {s.to}
              </h2>
              <ul className="figure-grid" aria-label="Scorecard figures">
                {s.figures.map((f) => (
                  <FigureCard key={f.key} figure={f} />
                ))}
              </ul>
              <section className="section">
                <Chart
                  title="Parts of the effectiveness index"
                  summary="Each part's score from 0 to 100 (parts not available are left out of the index)."
                  kind="bar"
                  x="part"
                  series={[{ key: 'score', label: 'Score' }]}
                  rows={parts}
                  columns={[
                    { key: 'part', label: 'Part' },
                    { key: 'score', label: 'Score (0–100)' },
                  ]}
                  csvName="effectiveness-index-parts"
                />
              </section>
              <section className="section">
                <DataTable
                  caption="Every figure"
                  columns={[
                    { key: 'label', label: 'Figure' },
                    {
                      key: 'value',
                      label: 'Value',
                      format: (_v, row) => figureText(row),
                    },
                    { key: 'unit', label: 'Unit' },
                  ]}
                  rows={s.figures}
                  csvName="scorecard"
                />
              </section>
              <section className="section" aria-labelledby="margin-title">
                <h2 id="margin-title">Margin per option value</h2>
                <p>{s.margins.explanation.definition}</p>
                <p>
                  <strong>Formula:</strong> {s.margins.explanation.formula}
                </p>
                {s.margins.costsMissing ? (
                  <p className="alert" role="note">
                    Costs are missing for some values: neither the model nor any provider states
                    them, so their margin is not shown.
                  </p>
                ) : null}
                <Chart
                  title="Margin per option value"
                  summary="Total margin each option value added over the period's orders (price delta minus cost delta)."
                  kind="bar"
                  x="name"
                  series={[{ key: 'marginTotal', label: 'Margin, total (minor units)' }]}
                  rows={margins}
                  columns={[
                    { key: 'featureLabel', label: 'Feature' },
                    { key: 'valueLabel', label: 'Value' },
                    { key: 'orders', label: 'Orders' },
                    { key: 'priceDelta', label: 'Price delta', format: money },
                    { key: 'costDelta', label: 'Cost delta', format: money },
                    { key: 'marginPerOrder', label: 'Margin per order', format: money },
                    { key: 'marginTotal', label: 'Margin, total', format: money },
                    { key: 'costSource', label: 'Costs from' },
                  ]}
                  csvName="margin-per-option-value"
                />
              </section>
            </>
          ) : null}
        </>
      )}
    </>
  );
}
