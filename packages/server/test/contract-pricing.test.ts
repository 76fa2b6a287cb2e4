// Contract pricing is a pure function over the engine's list lines: each line says which term
// set it, amounts are integer minor units rounded half up per line, and the total is the sum.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { PriceLine } from '@customerize/engine';
import {
  contractPrice,
  percentOf,
  type ContractTerms,
  type PriceListRef,
} from '../src/contracts/contract-pricing.ts';

const laptop: PriceLine[] = [
  { kind: 'base', label: 'Laptop', amount: 99_900 },
  { kind: 'option', feature: 'ram', value: 'gb32', label: '32 GB', amount: 12_000 },
  { kind: 'option', feature: 'gpu', value: 'rtx4050', label: 'RTX 4050', amount: 19_999 },
  { kind: 'option', feature: 'os', value: 'none', label: 'No OS', amount: -5_000 },
];
const terms = (over: Partial<ContractTerms> = {}): ContractTerms => ({
  percentOffBp: 0,
  optionPrices: {},
  designPrices: {},
  tiers: [],
  ...over,
});
const list = (over: Partial<ContractTerms> = {}, currency = 'EUR'): PriceListRef => ({
  id: 'list-1',
  name: 'Acme',
  currency,
  terms: terms(over),
});

test('percent off is taken from each positive line per unit, half up, and credits stay as listed', () => {
  const p = contractPrice({
    currency: 'EUR',
    lines: laptop,
    quantity: 3,
    list: list({ percentOffBp: 500 }),
  });
  assert.deepEqual(
    p.lines.map((l) => [l.label, l.unitAmount, l.amount, l.term.kind]),
    [
      ['Laptop', 94_905, 284_715, 'percent-off'],
      ['32 GB', 11_400, 34_200, 'percent-off'],
      // 5 % of 19 999 is 999.95: 1 000 off.
      ['RTX 4050', 18_999, 56_997, 'percent-off'],
      ['No OS', -5_000, -15_000, 'list'],
    ],
  );
  assert.equal(p.total, 284_715 + 34_200 + 56_997 - 15_000);
  assert.equal(p.listTotal, (99_900 + 12_000 + 19_999 - 5_000) * 3);
  assert.ok(p.lines.filter((l) => l.term.kind !== 'list').every((l) => l.priceListId === 'list-1'));
});

test('an option override sets that option’s unit price and the percent applies to the others', () => {
  const p = contractPrice({
    currency: 'EUR',
    lines: laptop,
    quantity: 1,
    list: list({ percentOffBp: 1_000, optionPrices: { 'ram=gb32': 9_000 } }),
  });
  const ram = p.lines.find((l) => l.feature === 'ram')!;
  assert.deepEqual(
    [ram.unitList, ram.unitAmount, ram.term],
    [12_000, 9_000, { kind: 'option-price', key: 'ram=gb32' }],
  );
  assert.equal(p.lines.find((l) => l.kind === 'base')!.unitAmount, 89_910);
});

test('an approved design’s price replaces base and options; personalization keeps its own line', () => {
  const p = contractPrice({
    currency: 'EUR',
    lines: [
      ...laptop,
      { kind: 'personalization', feature: 'engraving', label: 'Engraving', amount: 1_500 },
    ],
    quantity: 40,
    list: list({ percentOffBp: 500, designPrices: { 'cfg-1': 100_000 } }),
    approvedConfigurationId: 'cfg-1',
  });
  assert.deepEqual(
    p.lines.map((l) => [l.kind, l.unitAmount, l.amount, l.term.kind]),
    [
      ['design', 100_000, 4_000_000, 'design-price'],
      ['personalization', 1_425, 57_000, 'percent-off'],
    ],
  );
  assert.equal(p.lines[0]!.unitList, 99_900 + 12_000 + 19_999 - 5_000);
});

test('the largest volume tier the quantity reaches adds its percent of the unit subtotal', () => {
  const tiers = [
    { minQuantity: 10, percentOffBp: 500 },
    { minQuantity: 50, percentOffBp: 800 },
  ];
  const lines: PriceLine[] = [{ kind: 'base', label: 'Chair', amount: 10_000 }];
  const at = (quantity: number) =>
    contractPrice({ currency: 'EUR', lines, quantity, list: list({ tiers }) });
  assert.equal(at(9).lines.length, 1);
  assert.deepEqual(at(10).lines[1], {
    kind: 'volume-tier',
    label: 'Volume price from 10 units: 5 % off',
    quantity: 10,
    unitList: 0,
    unitAmount: -500,
    amount: -5_000,
    term: { kind: 'volume-tier', minQuantity: 10, percentOffBp: 500 },
    priceListId: 'list-1',
  });
  assert.equal(at(49).total, 49 * 9_500);
  assert.equal(at(50).total, 50 * 9_200);
});

test('a list in another currency does not apply: list prices stand', () => {
  const p = contractPrice({
    currency: 'EUR',
    lines: laptop,
    quantity: 2,
    list: list({ percentOffBp: 5_000 }, 'USD'),
  });
  assert.ok(p.lines.every((l) => l.term.kind === 'list' && l.priceListId === undefined));
  assert.equal(p.total, p.listTotal);
});

test('a total that would go below zero gets a floor line bringing it to zero', () => {
  const lines: PriceLine[] = [
    { kind: 'base', label: 'Base', amount: 1_000 },
    { kind: 'option', feature: 'trade-in', value: true, label: 'Trade-in', amount: -900 },
  ];
  const p = contractPrice({
    currency: 'EUR',
    lines,
    quantity: 2,
    list: list({ percentOffBp: 10_000 }),
  });
  assert.equal(p.total, 0);
  assert.deepEqual(p.lines.at(-1)!.term, { kind: 'floor' });
  assert.equal(p.lines.at(-1)!.amount, 1_800);
});

test('percent rounding is half up on the discount', () => {
  assert.equal(percentOf(1_999, 500), 100); // 99.95
  assert.equal(percentOf(1_989, 500), 99); // 99.45
  assert.equal(percentOf(10, 5_000), 5);
  assert.equal(percentOf(1, 5_000), 1); // 0.5 → 1
});

const lineArb = fc.record({
  kind: fc.constantFrom('base' as const, 'option' as const, 'personalization' as const),
  feature: fc.constantFrom('a', 'b', 'c'),
  value: fc.constantFrom('x', 'y', 1, true),
  label: fc.string({ maxLength: 5 }),
  amount: fc.integer({ min: -50_000, max: 5_000_000 }),
});
const discountTermsArb = fc.record({
  percentOffBp: fc.integer({ min: 0, max: 10_000 }),
  optionPrices: fc.constant({}),
  designPrices: fc.constant({}),
  tiers: fc.array(
    fc.record({
      minQuantity: fc.integer({ min: 2, max: 200 }),
      percentOffBp: fc.integer({ min: 0, max: 10_000 }),
    }),
    { maxLength: 4 },
  ),
});

test('property: lines are integers, the total is their sum, and a discount-only list never exceeds list nor goes below zero', () => {
  fc.assert(
    fc.property(
      fc
        .array(lineArb, { maxLength: 12 })
        .filter((ls) => ls.reduce((s, l) => s + l.amount, 0) >= 0),
      discountTermsArb,
      fc.integer({ min: 1, max: 500 }),
      (lines, t, quantity) => {
        const p = contractPrice({
          currency: 'EUR',
          lines,
          quantity,
          list: { id: 'l', name: 'L', currency: 'EUR', terms: t },
        });
        assert.ok(
          p.lines.every((l) => Number.isInteger(l.amount) && Number.isInteger(l.unitAmount)),
        );
        assert.equal(
          p.total,
          p.lines.reduce((s, l) => s + l.amount, 0),
        );
        assert.ok(p.total <= p.listTotal, `${p.total} > ${p.listTotal}`);
        assert.ok(p.total >= 0);
      },
    ),
    { numRuns: 500 },
  );
});

test('property: with any terms (overrides too), the total is the sum of the lines and never below zero', () => {
  const anyTerms = fc.record({
    percentOffBp: fc.integer({ min: 0, max: 10_000 }),
    optionPrices: fc.dictionary(
      fc.constantFrom('a=x', 'b=y', 'c=1', 'a=true'),
      fc.integer({ min: 0, max: 1_000_000 }),
    ),
    designPrices: fc.dictionary(fc.constantFrom('cfg'), fc.integer({ min: 0, max: 1_000_000 })),
    tiers: discountTermsArb.map((d) => d.tiers),
  });
  fc.assert(
    fc.property(
      fc.array(lineArb, { maxLength: 12 }),
      anyTerms,
      fc.integer({ min: 1, max: 500 }),
      fc.constantFrom(null, 'cfg', 'other'),
      (lines, t, quantity, approved) => {
        const p = contractPrice({
          currency: 'EUR',
          lines,
          quantity,
          list: { id: 'l', name: 'L', currency: 'EUR', terms: t },
          approvedConfigurationId: approved,
        });
        assert.equal(
          p.total,
          p.lines.reduce((s, l) => s + l.amount, 0),
        );
        assert.ok(p.total >= 0);
      },
    ),
    { numRuns: 500 },
  );
});
