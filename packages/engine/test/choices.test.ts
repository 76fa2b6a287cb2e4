// Choices enter the engine once, through normalizeChoices, and every query reads canonical
// values only: an encoding that is accepted is priced, validated, scheduled (lead time,
// routing) and costed (BOM) exactly like the canonical design; any other is refused everywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compile,
  createSession,
  normalizeChoices,
  priceOf,
  validate,
  UnknownChoiceError,
  type Configuration,
} from '../src/index.ts';
import { bike } from './fixtures.ts';
import { rng } from './conformance/random-models.ts';

const compiled = compile(bike);

test('the text "true" and "52" are not values of a bool or int feature', () => {
  const design = { frame: 'alu', brakes: 'rim', size: '52', rack: 'true' };
  const { choices, errors } = normalizeChoices(compiled, design);
  assert.deepEqual(choices, { frame: 'alu', brakes: 'rim' });
  assert.deepEqual(
    errors.map((e) => [e.field, e.code]),
    [
      ['size', 'wrong-type'],
      ['rack', 'wrong-type'],
    ],
  );
  assert.equal(validate(compiled, design).valid, false);
  assert.throws(() => priceOf(compiled, design), UnknownChoiceError);
  assert.throws(() => createSession(compiled).select('size', '52'), UnknownChoiceError);
  assert.throws(() => compiled.backend.domains({ rack: 'true' }), UnknownChoiceError);
});

test('the most expensive bike cannot be validated as one design and priced as another', () => {
  const priciest: Configuration = { frame: 'carbon', brakes: 'hydraulic', size: 62, rack: true };
  const tampered = { ...priciest, size: '62', rack: 'true' };
  // Before: validate read "62"/"true" as valid while the quote dropped them (a cheaper price).
  assert.equal(validate(compiled, priciest).valid, true);
  assert.equal(validate(compiled, tampered).valid, false);
});

test('unknown features and values outside the domain are named by feature', () => {
  const { errors } = normalizeChoices(compiled, { frame: 'gold', size: 53, colour: 'red' });
  assert.deepEqual(
    errors.map((e) => [e.field, e.code]),
    [
      ['frame', 'not-a-value'],
      ['size', 'not-a-value'],
      ['colour', 'unknown-feature'],
    ],
  );
  assert.match(errors[1]!.message, /an integer from 44 to 62 in steps of 2/);
  assert.deepEqual(normalizeChoices(compiled, ['alu']).errors[0]!.field, '');
});

test('canonical choices come back in the model feature order', () => {
  const { choices } = normalizeChoices(compiled, { rack: false, size: 50, frame: 'steel' });
  assert.deepEqual(Object.keys(choices), ['frame', 'size', 'rack']);
});

/** Every way a client might encode one value: the canonical one first. */
function encodings(v: unknown): unknown[] {
  if (typeof v === 'boolean') return [v, String(v), v ? 1 : 0, v ? 'yes' : '', null];
  if (typeof v === 'number') return [v, v + 0.0, String(v), ` ${v}`, `${v}.0`, [v], { v }];
  return [v, ` ${String(v)}`, String(v).toUpperCase(), 0, true];
}

test('any accepted encoding of a design is priced, scheduled and validated identically (seeded)', () => {
  const r = rng(20261206);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const domains = compiled.ir.features.map((f) => f.values);
  let accepted = 0;
  let refused = 0;
  for (let i = 0; i < 400; i++) {
    const canonical: Configuration = {};
    compiled.ir.features.forEach((f, fi) => (canonical[f.id] = pick(domains[fi]!)));
    const encoded: Record<string, unknown> = {};
    const ids = Object.keys(canonical).sort(() => r() - 0.5);
    for (const id of ids) encoded[id] = r() < 0.6 ? canonical[id] : pick(encodings(canonical[id]));
    const { choices, errors } = normalizeChoices(compiled, encoded);
    if (errors.length > 0) {
      refused++;
      // Refused at the boundary, and refused by every query behind it too.
      const raw = encoded as Configuration;
      assert.equal(validate(compiled, raw).valid, false, JSON.stringify(encoded));
      assert.throws(() => priceOf(compiled, raw), UnknownChoiceError, JSON.stringify(encoded));
      continue;
    }
    accepted++;
    assert.deepEqual(choices, canonical);
    const raw = encoded as Configuration;
    assert.deepEqual(validate(compiled, raw), validate(compiled, canonical));
    assert.deepEqual(
      priceOf(compiled, raw, { engraving: 'ANNA' }),
      priceOf(compiled, canonical, { engraving: 'ANNA' }),
    );
    assert.deepEqual(compiled.backend.count(raw), compiled.backend.count(canonical));
  }
  // The generator exercises both sides of the boundary.
  assert.ok(accepted > 50 && refused > 50, `accepted ${accepted}, refused ${refused}`);
});
