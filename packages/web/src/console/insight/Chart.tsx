// An insight chart (recharts, SVG) whose numbers are always available as a table with a CSV
// download: the chart is labelled by its title and summary for screen readers, and the
// "Show the numbers" toggle renders the same rows through DataTable.
import { useId, useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { Column } from './csv.ts';
import { DataTable } from './DataTable.tsx';

const PALETTE = ['#2f6fdf', '#e07b39', '#3a9d5d', '#b0413e', '#7a5cc7', '#8a8a8a'];

export interface Series<Row> {
  key: keyof Row & string;
  label: string;
}

export function Chart<Row extends object>({
  title,
  summary,
  kind,
  x,
  series,
  rows,
  columns,
  csvName,
  height = 260,
}: {
  title: string;
  /** One sentence saying what the chart shows (read by screen readers). */
  summary: string;
  kind: 'bar' | 'line';
  /** The row field on the horizontal axis. */
  x: keyof Row & string;
  series: readonly Series<Row>[];
  rows: readonly Row[];
  /** Columns of the table view; the x field and the series when omitted. */
  columns?: readonly Column<Row>[];
  csvName?: string;
  height?: number;
}) {
  const [asTable, setAsTable] = useState(false);
  const id = useId();
  const tableColumns: readonly Column<Row>[] = columns ?? [
    { key: x, label: String(x) },
    ...series.map((s) => ({ key: s.key, label: s.label })),
  ];
  const data = rows as unknown as Record<string, unknown>[];
  const body = series.map((s, i) =>
    kind === 'bar' ? (
      <Bar
        key={s.key}
        dataKey={s.key as string}
        name={s.label}
        fill={PALETTE[i % PALETTE.length]}
      />
    ) : (
      <Line
        key={s.key}
        dataKey={s.key as string}
        name={s.label}
        stroke={PALETTE[i % PALETTE.length]}
        dot={false}
        isAnimationActive={false}
      />
    ),
  );
  return (
    <figure className="insight-chart" aria-labelledby={`${id}-t`} aria-describedby={`${id}-s`}>
      <figcaption>
        <strong id={`${id}-t`}>{title}</strong> <span id={`${id}-s`}>{summary}</span>{' '}
        <button type="button" className="link" onClick={() => setAsTable((v) => !v)}>
          {asTable ? 'Show the chart' : 'Show the numbers'}
        </button>
      </figcaption>
      {asTable ? (
        <DataTable caption={title} columns={tableColumns} rows={rows} csvName={csvName} />
      ) : rows.length === 0 ? (
        <p className="muted">Nothing to chart yet.</p>
      ) : (
        <div role="img" aria-label={`${title}: ${summary}`} style={{ width: '100%', height }}>
          <ResponsiveContainer>
            {kind === 'bar' ? (
              <BarChart data={data}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey={x as string} />
                <YAxis allowDecimals={false} />
                <Tooltip />
                {series.length > 1 && <Legend />}
                {body}
              </BarChart>
            ) : (
              <LineChart data={data}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey={x as string} />
                <YAxis />
                <Tooltip />
                {series.length > 1 && <Legend />}
                {body}
              </LineChart>
            )}
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}
