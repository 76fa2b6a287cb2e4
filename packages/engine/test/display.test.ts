// Display scales of int features: the engine keeps integers (quarter dioptres), people read and
// type the scaled number (−2.50 D). Formatting and parsing are exact inverses on the feature's
// values, and what cannot be a value says why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  checkModel,
  compile,
  formatIntValue,
  formatScaled,
  parseScaled,
  priceOf,
  type IntDisplay,
  type ProductModel,
} from '../src/index.ts';

const dioptres: IntDisplay = { step: 0.25, unit: 'D', decimals: 2, signed: true };
const sphere = { min: -40, max: 24 };

test('a stored quarter-dioptre integer reads as dioptres with a sign and the unit', () => {
  assert.equal(formatScaled(-10, dioptres), '−2.50 D');
  assert.equal(formatScaled(5, dioptres), '+1.25 D');
  assert.equal(formatScaled(0, dioptres), '0.00 D');
  assert.equal(formatScaled(-10, dioptres, { unit: false }), '−2.50');
  assert.equal(formatScaled(5, { step: 0.25 }), '1.25', 'decimals follow the step by default');
  assert.equal(formatScaled(3, { step: 0.1, unit: 'mm' }), '0.3 mm');
  assert.equal(formatScaled(7, { step: 5, unit: '°' }), '35 °');
  assert.equal(formatScaled(-10, dioptres, { decimal: ',' }), '−2,50 D', 'a German reader');
});

test('what a customer types becomes the stored integer, with a point or a comma', () => {
  for (const text of ['-2.50', '-2,50', '−2.50', ' -2.5 D', '-2.50d', '−2,50 D'])
    assert.deepEqual(parseScaled(text, dioptres, sphere), { ok: true, value: -10 }, text);
  assert.deepEqual(parseScaled('+1.25', dioptres, sphere), { ok: true, value: 5 });
  assert.deepEqual(parseScaled('1.25', dioptres, sphere), { ok: true, value: 5 });
  assert.deepEqual(parseScaled('0', dioptres, sphere), { ok: true, value: 0 });
  assert.deepEqual(parseScaled('-0', dioptres, sphere), { ok: true, value: 0 });
  assert.deepEqual(parseScaled('.75', dioptres, sphere), { ok: true, value: 3 });
});

test('a value between two steps names the nearest values a customer can choose', () => {
  const result = parseScaled('-2.30', dioptres, sphere);
  assert.equal(result.ok, false);
  assert.equal(
    !result.ok && result.message,
    '−2.30 D is between two steps of 0.25 D: choose −2.50 D or −2.25 D',
  );
});

test('out of range, empty and non-numbers are refused in words', () => {
  const far = parseScaled('-12', dioptres, sphere);
  assert.equal(!far.ok && far.message, '−12.00 D is out of range: choose from −10.00 D to +6.00 D');
  assert.equal(parseScaled('', dioptres).ok, false);
  const word = parseScaled('minus two', dioptres);
  assert.match(!word.ok ? word.message : '', /is not a number/);
  assert.equal(parseScaled('1.2.3', dioptres).ok, false);
  assert.equal(parseScaled('--2', dioptres).ok, false);
});

test('messages write numbers with the reader’s decimal separator', () => {
  const result = parseScaled('-2,30', dioptres, sphere, { decimal: ',' });
  assert.equal(
    !result.ok && result.message,
    '−2,30 D is between two steps of 0,25 D: choose −2,50 D or −2,25 D',
  );
  const word = parseScaled('x', dioptres, sphere, { decimal: ',' });
  assert.equal(!word.ok && word.message, '“x” is not a number, e.g. -2,50');
  assert.deepEqual(parseScaled(formatScaled(7, dioptres, { decimal: ',' }), dioptres), {
    ok: true,
    value: 7,
  });
});

test('a domain step of the integers is respected too', () => {
  const everyHalf = { min: -8, max: 8, step: 2 };
  assert.deepEqual(parseScaled('-1.50', dioptres, everyHalf), { ok: true, value: -6 });
  const off = parseScaled('-1.25', dioptres, everyHalf);
  assert.equal(
    !off.ok && off.message,
    '−1.25 D is between two steps of 0.50 D: choose −1.50 D or −1.00 D',
  );
});

test('formatting then parsing gives back every integer', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: -100_000, max: 100_000 }),
      fc.constantFrom(0.25, 0.1, 0.5, 1, 0.125, 2.5, 0.01),
      fc.boolean(),
      (value, step, signed) => {
        const display = { step, signed, unit: 'u' };
        assert.deepEqual(parseScaled(formatScaled(value, display), display), {
          ok: true,
          value,
        });
      },
    ),
  );
});

const glasses: ProductModel = {
  id: 'glasses',
  name: 'Glasses',
  currency: 'EUR',
  base: { price: 1000 },
  features: [
    {
      id: 'sphere',
      type: 'int',
      label: 'Sphere',
      min: -40,
      max: 24,
      display: dioptres,
      linear: { price: { perUnit: 0, offset: 500 } },
    },
    {
      id: 'size',
      type: 'int',
      label: 'Size',
      min: 40,
      max: 60,
      unit: 'mm',
      linear: { price: { perUnit: 10 } },
    },
  ],
};

test('a model with a display scale checks, and its price lines read the scaled value', () => {
  assert.deepEqual(checkModel(glasses), []);
  const lines = priceOf(compile(glasses), { sphere: -10, size: 52 }).lines.map((l) => l.label);
  assert.ok(lines.includes('Sphere: −2.50 D'), lines.join(', '));
  assert.ok(lines.includes('Size: 52 mm'), lines.join(', '));
  assert.equal(formatIntValue(glasses.features[0] as never, 8), '+2.00 D');
});

test('checkModel refuses a display without a positive step, odd decimals or unknown settings', () => {
  const bad = structuredClone(glasses) as unknown as { features: Array<Record<string, unknown>> };
  bad.features[0]!.display = { step: 0, decimals: 7, signed: 'yes', unit: 3, scale: 2 };
  bad.features[1]!.display = 'quarters';
  const issues = checkModel(bad).map((i) => `${i.path}: ${i.message}`);
  assert.deepEqual(issues.sort(), [
    "features[0].display.decimals: 'decimals' must be a whole number from 0 to 6",
    "features[0].display.scale: unknown display setting 'scale' (step, unit, decimals, signed)",
    "features[0].display.signed: 'signed' must be true or false",
    "features[0].display.step: 'step' must be a number greater than 0, e.g. 0.25",
    "features[0].display.unit: 'unit' must be a string",
    "features[1].display: 'display' must be a map with step, unit, decimals and signed",
  ]);
  bad.features[0]!.display = { unit: 'D' };
  assert.ok(
    checkModel(bad).some(
      (i) => i.path === 'features[0].display.step' && i.message === "'step' is required",
    ),
  );
});
