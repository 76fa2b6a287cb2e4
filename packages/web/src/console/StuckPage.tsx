// `/console/stuck`: where customers get stuck — per rule of the product models, how often
// customers opened an option it excludes, read why, chose it anyway or left after the conflict;
// the share of studio sessions it touched and the revenue of the designs it blocked (the server's
// price of the design tried). The list R&D reads before the next model version
// (GET /insights/stuck, docs/studio-events.md). Numbers through the shared Chart and DataTable.
import { useRef, useState } from 'react';
import {
  percentText,
  studioInsights,
  type InsightRange,
  type StuckRule,
} from '../api/studioInsights.ts';
import { formatMoney } from '../studio/format.ts';
import { FormAlert, SelectField, TextField } from '../ui/forms.tsx';
import { Loading } from '../ui/Loading.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';
import { useResource } from '../ui/useResource.ts';
import { Chart } from './insight/Chart.tsx';
import { DataTable } from './insight/DataTable.tsx';
import type { Column } from './insight/csv.ts';
import type { ConsolePageProps } from './routes.tsx';

const DROP_LABELS: Record<string, string> = {
  unknown_type: 'Unknown event type',
  personal_field: 'Personal data (never stored)',
  unknown_field: 'Unknown field',
  malformed: 'Malformed',
  unknown_feature: 'Feature not in the model',
  unknown_value: 'Value not in the model',
  unknown_rule: 'Rule not in the model',
};

export function StuckPage({ session }: ConsolePageProps) {
  usePageTitle('Where customers get stuck', session.tenant.name);
  const [range, setRange] = useState<InsightRange>({});
  const current = useRef(range);
  current.current = range;
  const stuck = useResource(() => studioInsights.stuck(current.current));
  const change = (next: InsightRange) => {
    setRange(next);
    current.current = next;
    void stuck.reload();
  };
  const data = stuck.data;
  const columns: Column<StuckRule>[] = [
    { key: 'productName', label: 'Product' },
    { key: 'rule', label: 'Rule' },
    { key: 'message', label: 'What customers are told' },
    { key: 'sessions', label: 'Sessions touched' },
    { key: 'share', label: 'Share of sessions', format: (v) => percentText(Number(v)) },
    { key: 'excludedOpened', label: 'Excluded option opened' },
    { key: 'whyRead', label: '“Why” read' },
    { key: 'choseAnyway', label: 'Chose it anyway' },
    { key: 'abandoned', label: 'Abandoned after the conflict' },
    {
      key: 'revenueBlocked',
      label: 'Revenue of blocked designs',
      format: (v, row) => formatMoney(Number(v), row.currency),
    },
  ];
  const top = (data?.rules ?? []).slice(0, 10).map((r) => ({ ...r, label: r.rule }));
  return (
    <>
      <PageHeader title="Where customers get stuck">
        The rules that exclude what customers try to pick, most sessions first: what R&D reads
        before the next model version. Counted from studio events — per visit only with research
        consent, otherwise as anonymous totals.
      </PageHeader>
      <form className="form form--inline" aria-label="Period and product">
        <SelectField
          label="Product"
          value={range.product ?? ''}
          options={[
            { value: '', label: 'All products' },
            ...(data?.products ?? []).map((p) => ({ value: p.slug, label: p.name })),
          ]}
          onChange={(e) => change({ ...range, product: e.target.value || undefined })}
        />
        <TextField
          label="From"
          type="date"
          value={range.from ?? data?.period.from ?? ''}
          onChange={(e) => change({ ...range, from: e.target.value || undefined })}
        />
        <TextField
          label="To"
          type="date"
          value={range.to ?? data?.period.to ?? ''}
          onChange={(e) => change({ ...range, to: e.target.value || undefined })}
        />
      </form>
      <FormAlert error={stuck.error} />
      {stuck.loading && !data ? <Loading label="Loading where customers get stuck" /> : null}
      {data ? (
        <>
          <section className="section" aria-labelledby="stuck-chart-title">
            <h2 id="stuck-chart-title" className="visually-hidden">
              Rules touching the most sessions
            </h2>
            <Chart
              title="Rules touching the most studio sessions"
              summary="Sessions in which customers ran into each rule, the ten most first."
              kind="bar"
              x="label"
              series={[
                { key: 'sessions', label: 'Sessions touched' },
                { key: 'abandoned', label: 'Abandoned after the conflict' },
              ]}
              rows={top}
              columns={[
                { key: 'label', label: 'Rule' },
                { key: 'sessions', label: 'Sessions touched' },
                { key: 'abandoned', label: 'Abandoned after the conflict' },
              ]}
              csvName="stuck-top-rules"
            />
          </section>
          <section className="section" aria-labelledby="stuck-table-title">
            <h2 id="stuck-table-title">Every rule customers ran into</h2>
            <DataTable
              caption="Rules customers ran into, most sessions first"
              columns={columns}
              rows={data.rules}
              csvName="where-customers-get-stuck"
              empty="No customer has run into a rule in this period."
            />
          </section>
          <section className="section" aria-labelledby="stuck-sessions-title">
            <h2 id="stuck-sessions-title">Studio sessions per product</h2>
            <DataTable
              caption="Studio sessions opened per product"
              columns={[
                { key: 'name', label: 'Product' },
                { key: 'sessionsOpened', label: 'Sessions opened' },
              ]}
              rows={data.products}
              csvName="studio-sessions"
            />
          </section>
          <section className="section" aria-labelledby="stuck-dropped-title">
            <h2 id="stuck-dropped-title">Events dropped at the door</h2>
            <p className="muted">
              Events with unknown types, personal data or values not in the model are never stored;
              only how many there were.
            </p>
            <DataTable
              caption="Dropped studio events by reason"
              columns={[
                {
                  key: 'reason',
                  label: 'Reason',
                  format: (v) => DROP_LABELS[String(v)] ?? String(v),
                },
                { key: 'count', label: 'Events' },
              ]}
              rows={data.dropped}
              csvName="dropped-studio-events"
            />
          </section>
        </>
      ) : null}
    </>
  );
}
