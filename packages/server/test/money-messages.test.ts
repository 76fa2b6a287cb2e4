// Money in messages people read (issue 10, item 9): amounts are integer minor units, and every
// sentence writes them with the currency's own minor units — EUR two, JPY none, BHD three —
// never a minor-unit count read as major units, never two decimals assumed for every currency.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatMoney } from '../src/http/money.ts';
import { money } from '../src/insights/timeline.ts';

test('the problem messages write money with the currency’s minor units', () => {
  assert.equal(formatMoney(103000, 'EUR'), 'EUR 1,030.00');
  assert.equal(formatMoney(125000, 'JPY'), 'JPY 125,000');
  assert.equal(formatMoney(1250, 'BHD'), 'BHD 1.250');
});

test('the customer timeline writes an order’s total with the currency’s minor units, as the messages do', () => {
  for (const [minor, currency] of [
    [103000, 'EUR'],
    [125000, 'JPY'],
    [1250, 'BHD'],
    [-4500, 'EUR'],
  ] as const)
    assert.equal(money(minor, currency), formatMoney(minor, currency), `${minor} ${currency}`);
});
