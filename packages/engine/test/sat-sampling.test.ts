// SAT samples beyond 5,000 valid configurations (the default enumeration limit) are drawn
// through the exact component counter and are uniform; where no exact count exists the backend
// refuses with SamplingUnavailableError instead of returning a biased sample.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildIR, SamplingUnavailableError, type ProductModel } from '../src/index.ts';
import { SatBackend } from '../src/sat/backend.ts';
import { chiSquare, chiSquareThreshold } from './conformance/suite.ts';
import { allConfigs } from './conformance/random-models.ts';

const N = 14;
const ids = Array.from({ length: N }, (_, i) => `b${i}`);
const clauses: ProductModel = {
  id: 'clauses',
  name: 'Clauses',
  currency: 'EUR',
  features: ids.map((id) => ({ id, type: 'bool' as const })),
  rules: [
    { id: 'r0', clause: ['b0', 'b1', '!b2'] },
    { id: 'r1', clause: ['!b3', 'b4'] },
    { id: 'r2', clause: ['b5', 'b6', 'b7'] },
    { id: 'r3', clause: ['!b8', '!b9'] },
    { id: 'r4', clause: ['b10', '!b11', 'b12', 'b13'] },
  ],
};

test('beyond 5,000 configurations the SAT backend samples uniformly through the exact counter', () => {
  const ir = buildIR(clauses).ir;
  const sat = new SatBackend(ir);
  const valid = allConfigs(Object.fromEntries(ids.map((id) => [id, [false, true]]))).filter(
    (c) => sat.validate(c).valid,
  );
  assert.ok(valid.length > 5000, `${valid.length} valid configurations`);
  assert.equal(sat.count({}), BigInt(valid.length));
  // 64 buckets of configurations (by the first six features): expected counts are exact.
  const bucket = (c: Record<string, unknown>) =>
    ids.slice(0, 6).reduce((b, id, i) => b | ((c[id] ? 1 : 0) << i), 0);
  const sizes = new Array<number>(64).fill(0);
  for (const c of valid) sizes[bucket(c)]!++;
  const n = 6400;
  const samples = sat.sample({}, n, 42);
  assert.deepEqual(sat.sample({}, n, 42), samples, 'samples repeat with the seed');
  const observed = new Array<number>(64).fill(0);
  for (const c of samples) {
    assert.ok(sat.validate(c).valid);
    observed[bucket(c)]!++;
  }
  const cells = sizes.map((s, i) => [s, observed[i]!] as const).filter(([s]) => s > 0);
  const x2 = chiSquare(
    cells.map(([, o]) => o),
    cells.map(([s]) => (n * s) / valid.length),
  );
  assert.ok(x2 <= chiSquareThreshold(cells.length - 1), `χ² = ${x2.toFixed(1)}`);
});

test('a model with auxiliary variables and too many configurations refuses to sample', () => {
  const model: ProductModel = {
    ...clauses,
    rules: [{ id: 'few', expr: 'count(b0, b1, b2, b3, b4, b5) <= 3' }],
  };
  const sat = new SatBackend(buildIR(model).ir);
  assert.throws(() => sat.sample({}, 10, 1), SamplingUnavailableError);
  // Under choices that leave few enough to enumerate, it samples again.
  const fixed = Object.fromEntries(ids.slice(0, 12).map((id) => [id, false]));
  assert.equal(sat.sample(fixed, 10, 1).length, 10);
});
