// `/console/module-demand`: expected use of each part/module per week over the next weeks, for
// operations planning (GET /insights/module-demand): a chart of the parts most used, every
// part's weekly forecast and history as tables with CSV, and each product's order trend (the
// line it was fitted on). How it is computed: docs/insights.md#module-demand.
import { useEffect, useRef, useState } from 'react';
import { canReadModuleDemand, moduleDemandApi, type ModuleDemand } from '../api/ideas.ts';
import { FormAlert, SelectField } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import { Chart } from './insight/Chart.tsx';
import { DataTable } from './insight/DataTable.tsx';
import type { Column } from './insight/csv.ts';
import type { ConsolePageProps } from './routes.tsx';

/** Parts drawn in the chart (the most used); every part is in the table. */
const CHARTED_PARTS = 6;

type Row = Record<string, string | number>;

const day = (iso: string) => iso.slice(0, 10);
const partKey = (p: { sku: string; unit: string }) => (p.unit ? `${p.sku} (${p.unit})` : p.sku);

/** One row per forecast week, one column per part: what the chart and its table show. */
export function forecastRows(d: ModuleDemand, parts: ModuleDemand['parts']): Row[] {
  return d.forecastWeeks.map((w, j) => {
    const row: Row = { week: day(w.start) };
    for (const p of parts) row[partKey(p)] = p.forecast[j] ?? 0;
    return row;
  });
}

export function ModuleDemandPage({ session }: ConsolePageProps) {
  usePageTitle('Module demand', session.tenant.name);
  const allowed = canReadModuleDemand(session.user.role);
  const [weeks, setWeeks] = useState(8);
  const [historyWeeks, setHistoryWeeks] = useState(12);
  const data = useResource(async () =>
    allowed ? moduleDemandApi.get(weeks, historyWeeks) : undefined,
  );
  const { reload } = data;
  const first = useRef(true);
  useEffect(() => {
    if (first.current) first.current = false;
    else void reload();
  }, [reload, weeks, historyWeeks]);
  const reloadWith = (w: number, h: number) => {
    setWeeks(w);
    setHistoryWeeks(h);
  };
  const d = data.data;
  const charted = d?.parts.slice(0, CHARTED_PARTS) ?? [];
  const partColumns: Column<Row>[] = d
    ? [
        { key: 'sku', label: 'Part (sku)' },
        { key: 'unit', label: 'Unit' },
        { key: 'description', label: 'Description' },
        ...d.forecastWeeks.map((w, j) => ({ key: `w${j}`, label: `Week of ${day(w.start)}` })),
        { key: 'total', label: `Total, ${d.forecastWeeks.length} weeks` },
      ]
    : [];
  const partRows: Row[] =
    d?.parts.map((p) => {
      const row: Row = {
        sku: p.sku,
        unit: p.unit,
        description: p.description ?? '',
        total: p.total,
      };
      p.forecast.forEach((q, j) => (row[`w${j}`] = q));
      return row;
    }) ?? [];
  const historyColumns: Column<Row>[] = d
    ? [
        { key: 'sku', label: 'Part (sku)' },
        { key: 'unit', label: 'Unit' },
        ...d.historyWeeks.map((w, i) => ({ key: `h${i}`, label: `Week of ${day(w.start)}` })),
      ]
    : [];
  const historyRows: Row[] =
    d?.parts.map((p) => {
      const row: Row = { sku: p.sku, unit: p.unit };
      p.history.forEach((q, i) => (row[`h${i}`] = q));
      return row;
    }) ?? [];
  const trendColumns: Column<Row>[] = [
    { key: 'product', label: 'Product' },
    { key: 'history', label: 'Units ordered per week (oldest first)' },
    { key: 'slope', label: 'Trend (units/week, per week)' },
    { key: 'forecast', label: 'Expected units per week' },
  ];
  const trendRows: Row[] =
    d?.products.map((p) => ({
      product: p.productName,
      history: p.history.join(' '),
      slope: p.slope,
      forecast: p.forecast.join(' '),
    })) ?? [];
  return (
    <>
      <PageHeader title="Module demand">
        How many of each part your orders are expected to use in each of the next weeks: each
        product’s weekly orders extended by a straight line (least squares, never below zero), times
        how much of the part one unit used on average over the same weeks.
      </PageHeader>
      {!allowed ? <p>Owners, operations and sales staff read module demand.</p> : null}
      <div className="button-row">
        <SelectField
          label="Weeks ahead"
          value={String(weeks)}
          onChange={(e) => reloadWith(Number(e.target.value), historyWeeks)}
          options={[4, 8, 12, 26].map((n) => ({ value: String(n), label: String(n) }))}
        />
        <SelectField
          label="Fitted on the last"
          value={String(historyWeeks)}
          onChange={(e) => reloadWith(weeks, Number(e.target.value))}
          options={[8, 12, 26, 52].map((n) => ({ value: String(n), label: `${n} weeks` }))}
        />
      </div>
      <FormAlert error={data.error} />
      {data.loading && !d ? <Loading label="Loading module demand" /> : null}
      {d ? (
        <>
          <Chart
            title="Expected use of the most used parts"
            summary={`Per week over the next ${d.forecastWeeks.length} weeks, for the ${charted.length} parts with the highest expected use.`}
            kind="bar"
            x="week"
            series={charted.map((p) => ({ key: partKey(p), label: partKey(p) }))}
            rows={forecastRows(d, charted)}
            csvName="module-demand-chart"
          />
          <DataTable
            caption="Expected use of every part, per week"
            columns={partColumns}
            rows={partRows}
            csvName="module-demand"
            empty="No orders in the weeks the forecast is fitted on."
          />
          <DataTable
            caption="Use of every part in the weeks it was fitted on"
            columns={historyColumns}
            rows={historyRows}
            csvName="module-demand-history"
          />
          <DataTable
            caption="Order trend per product"
            columns={trendColumns}
            rows={trendRows}
            csvName="module-demand-trend"
          />
        </>
      ) : null}
    </>
  );
}
