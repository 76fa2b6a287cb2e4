import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toCsv, type Column } from '../src/console/insight/csv.ts';

interface Row {
  value: string;
  orders: number;
}
const columns: Column<Row>[] = [
  { key: 'value', label: 'Option value' },
  { key: 'orders', label: 'Orders' },
];

test('a table becomes CSV with a header row and CRLF line ends', () => {
  assert.equal(
    toCsv(columns, [
      { value: 'Carbon', orders: 12 },
      { value: 'Steel', orders: -3 },
    ]),
    'Option value,Orders\r\nCarbon,12\r\nSteel,-3\r\n',
  );
});

test('cells with commas, quotes and line breaks are quoted with doubled quotes', () => {
  assert.equal(
    toCsv(columns, [{ value: 'Red, "glossy"\nfinish', orders: 1 }]),
    'Option value,Orders\r\n"Red, ""glossy""\nfinish",1\r\n',
  );
});

test('text a spreadsheet would run as a formula is neutralised, numbers are not', () => {
  const csv = toCsv(columns, [
    { value: '=HYPERLINK("http://x")', orders: -1 },
    { value: '@SUM(A1)', orders: 0 },
    { value: '+1', orders: 2 },
  ]);
  assert.equal(
    csv,
    'Option value,Orders\r\n"\'=HYPERLINK(""http://x"")",-1\r\n\'@SUM(A1),0\r\n\'+1,2\r\n',
  );
});
