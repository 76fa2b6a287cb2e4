// CSV (RFC 4180) of a table the console shows, so every insight table can be taken to a
// spreadsheet. Text cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR first)
// are prefixed with an apostrophe (OWASP "CSV injection"); numbers are written as they are.

export interface Column<Row> {
  key: keyof Row & string;
  label: string;
  /** How the cell is shown on screen; the CSV keeps the raw value. */
  format?: (value: Row[keyof Row], row: Row) => string;
}

const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  const lines = [columns.map((c) => cell(c.label)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => cell(row[c.key])).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** Offers `csv` as a file download named `name`.csv. */
export function downloadCsv(name: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${name}.csv`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
