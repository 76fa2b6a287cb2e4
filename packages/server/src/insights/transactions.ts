// Purchase histories as the customer-value models read them: a transactions CSV
// (`customer,date,amount`, ISO dates, amounts in integer minor units) read strictly — every bad
// row is reported with its line number, none is dropped — and summarized per customer as
// frequency, recency, age and mean repeat spend in days up to a calibration date.
import { parse } from 'csv-parse/sync';
import type { CustomerSummary } from './clv.ts';

export type Transaction = { customer: string; date: string; amount: number };
export type RowError = { line: number; field?: string; message: string };

export class BadTransactions extends Error {
  constructor(readonly errors: RowError[]) {
    super(
      `${errors.length} bad row${errors.length === 1 ? '' : 's'}: ` +
        errors
          .slice(0, 5)
          .map((e) => `line ${e.line}${e.field ? ` (${e.field})` : ''}: ${e.message}`)
          .join('; ') +
        (errors.length > 5 ? '; …' : ''),
    );
    this.name = 'BadTransactions';
  }
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Days since 1970-01-01 of an ISO calendar date, or null when it is not a real date. */
export function dayNumber(date: string): number | null {
  if (!ISO_DATE.test(date)) return null;
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) return null;
  return ms / DAY_MS;
}

/**
 * The transactions of a CSV text with the header `customer,date,amount` (in any column order,
 * more columns ignored). Throws BadTransactions listing every bad row (line numbers as an editor
 * shows them, the header being line 1).
 */
export function parseTransactionsCsv(text: string): Transaction[] {
  // With `info`, each record carries its own line number (empty lines are skipped).
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      relax_column_count: true,
      skip_empty_lines: true,
      bom: true,
      trim: true,
      info: true,
    }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    throw new BadTransactions([{ line, message: (error as Error).message }]);
  }
  const header = records[0]?.record.map((h) => h.toLowerCase());
  const column = (name: string) => header?.indexOf(name) ?? -1;
  const [ci, di, ai] = [column('customer'), column('date'), column('amount')];
  if (!header || ci < 0 || di < 0 || ai < 0)
    throw new BadTransactions([
      { line: 1, message: 'the first line must name the columns customer,date,amount' },
    ]);
  const out: Transaction[] = [];
  const errors: RowError[] = [];
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    const customer = record[ci] ?? '';
    const date = record[di] ?? '';
    const amountText = record[ai] ?? '';
    const before = errors.length;
    if (customer === '') errors.push({ line, field: 'customer', message: 'is empty' });
    if (dayNumber(date) === null)
      errors.push({ line, field: 'date', message: `"${date}" is not a date (YYYY-MM-DD)` });
    const amount = /^\d{1,15}$/.test(amountText) ? Number(amountText) : NaN;
    if (!Number.isSafeInteger(amount))
      errors.push({
        line,
        field: 'amount',
        message: `"${amountText}" is not an amount in minor units (a whole number ≥ 0)`,
      });
    if (errors.length === before) out.push({ customer, date, amount });
  }
  if (errors.length > 0) throw new BadTransactions(errors);
  return out;
}

export type Summaries = {
  rows: CustomerSummary[];
  calibrationEnd: string;
  /** Transactions dated after the calibration end (not used by the fit). */
  afterCalibration: number;
  /** Customers whose first purchase is after the calibration end (not in the fit). */
  newAfterCalibration: number;
};

/**
 * Per-customer summaries up to `calibrationEnd` (default: the last transaction's date), in days:
 * purchases on the same day are one purchase (their amounts added); the first purchase starts
 * the customer and is left out of the mean spend, as the models define it.
 */
export function summarize(
  transactions: readonly Transaction[],
  calibrationEnd?: string,
): Summaries {
  const days = transactions.map((t) => dayNumber(t.date)!);
  const endDay =
    calibrationEnd !== undefined
      ? dayNumber(calibrationEnd)
      : days.reduce((m, d) => Math.max(m, d), Number.NEGATIVE_INFINITY);
  if (endDay === null || !Number.isFinite(endDay))
    throw new BadTransactions([
      { line: 0, field: 'calibrationEnd', message: 'is not a date, or there are no transactions' },
    ]);
  const byCustomer = new Map<string, Map<number, number>>();
  const everyone = new Set<string>();
  let afterCalibration = 0;
  transactions.forEach((t, i) => {
    everyone.add(t.customer);
    const day = days[i]!;
    if (day > endDay) {
      afterCalibration++;
      return;
    }
    const perDay = byCustomer.get(t.customer) ?? new Map<number, number>();
    perDay.set(day, (perDay.get(day) ?? 0) + t.amount);
    byCustomer.set(t.customer, perDay);
  });
  const rows: CustomerSummary[] = [];
  for (const [customer, perDay] of byCustomer) {
    const sorted = [...perDay.keys()].sort((a, b) => a - b);
    const first = sorted[0]!;
    const repeat = sorted.slice(1);
    const spend = repeat.reduce((s, d) => s + perDay.get(d)!, 0);
    rows.push({
      customer,
      frequency: repeat.length,
      recency: sorted.at(-1)! - first,
      T: endDay - first,
      monetary: repeat.length > 0 ? spend / repeat.length : 0,
    });
  }
  return {
    rows,
    calibrationEnd: new Date(endDay * DAY_MS).toISOString().slice(0, 10),
    afterCalibration,
    newAfterCalibration: everyone.size - byCustomer.size,
  };
}
