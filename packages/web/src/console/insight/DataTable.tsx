// A console table with its CSV download: the one way insight pages show numbers.
import { downloadCsv, toCsv, type Column } from './csv.ts';

export function DataTable<Row>({
  caption,
  columns,
  rows,
  csvName,
  empty = 'Nothing yet.',
}: {
  caption: string;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  /** File name (without .csv) of the download; the caption's words when omitted. */
  csvName?: string;
  empty?: string;
}) {
  const name = csvName ?? caption.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return (
    <div className="data-table">
      <table>
        <caption>
          {caption}{' '}
          <button
            type="button"
            className="link"
            onClick={() => downloadCsv(name, toCsv(columns, rows))}
            disabled={rows.length === 0}
          >
            Download CSV
          </button>
        </caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="muted">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((row, i) => (
              <tr key={i}>
                {columns.map((c) => (
                  <td key={c.key}>
                    {c.format ? c.format(row[c.key], row) : String(row[c.key] ?? '')}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
