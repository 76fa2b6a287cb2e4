// `/console/funnel`: the studio funnel — sessions opened → design saved → quoted → ordered, per
// product and per way in (needs questions, option by option, preset, gallery remix, name your
// price), with each step's conversion (GET /insights/funnel, docs/studio-events.md). The saved,
// quoted and ordered events are sent by the studio after the server answered.
import { useRef, useState } from 'react';
import {
  ENTRY_LABELS,
  percentText,
  studioInsights,
  type FunnelRow,
  type InsightRange,
} from '../api/studioInsights.ts';
import { FormAlert, TextField } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import { Chart } from './insight/Chart.tsx';
import { DataTable } from './insight/DataTable.tsx';
import type { Column } from './insight/csv.ts';
import type { ConsolePageProps } from './routes.tsx';

export function FunnelPage({ session }: ConsolePageProps) {
  usePageTitle('Studio funnel', session.tenant.name);
  const [range, setRange] = useState<InsightRange>({});
  const current = useRef(range);
  current.current = range;
  const funnel = useResource(() => studioInsights.funnel(current.current));
  const change = (next: InsightRange) => {
    setRange(next);
    current.current = next;
    void funnel.reload();
  };
  const rows = funnel.data?.rows ?? [];
  const columns: Column<FunnelRow>[] = [
    { key: 'productName', label: 'Product' },
    { key: 'entry', label: 'Way in', format: (v) => ENTRY_LABELS[String(v)] ?? String(v) },
    { key: 'opened', label: 'Studio opened' },
    { key: 'saved', label: 'Design saved' },
    { key: 'quoted', label: 'Quoted' },
    { key: 'ordered', label: 'Ordered' },
    { key: 'savedRate', label: 'Saved %', format: (v) => percentText(Number(v)) },
    { key: 'quotedRate', label: 'Quoted %', format: (v) => percentText(Number(v)) },
    { key: 'orderedRate', label: 'Ordered %', format: (v) => percentText(Number(v)) },
  ];
  return (
    <>
      <PageHeader title="Studio funnel">
        How many studio sessions get to a saved design, a quote and an order — per product and per
        way in. Sessions, not people: counted without identifiers.
      </PageHeader>
      <form className="form form--inline" aria-label="Period">
        <TextField
          label="From"
          type="date"
          value={range.from ?? funnel.data?.period.from ?? ''}
          onChange={(e) => change({ ...range, from: e.target.value || undefined })}
        />
        <TextField
          label="To"
          type="date"
          value={range.to ?? funnel.data?.period.to ?? ''}
          onChange={(e) => change({ ...range, to: e.target.value || undefined })}
        />
      </form>
      <FormAlert error={funnel.error} />
      {funnel.loading && !funnel.data ? <Loading label="Loading the funnel" /> : null}
      {funnel.data ? (
        <>
          <section className="section" aria-labelledby="funnel-chart-title">
            <h2 id="funnel-chart-title" className="visually-hidden">
              Funnel per product
            </h2>
            <Chart
              title="Funnel per product"
              summary="Studio sessions opened, with a saved design, quoted and ordered, per product."
              kind="bar"
              x="productName"
              series={[
                { key: 'opened', label: 'Studio opened' },
                { key: 'saved', label: 'Design saved' },
                { key: 'quoted', label: 'Quoted' },
                { key: 'ordered', label: 'Ordered' },
              ]}
              rows={rows.filter((r) => r.entry === 'all')}
              csvName="studio-funnel-per-product"
            />
          </section>
          <section className="section" aria-labelledby="funnel-table-title">
            <h2 id="funnel-table-title">Per product and way in</h2>
            <DataTable
              caption="Studio funnel per product and way in"
              columns={columns}
              rows={rows}
              csvName="studio-funnel"
            />
          </section>
        </>
      ) : null}
    </>
  );
}
