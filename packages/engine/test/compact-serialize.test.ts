// The compact compiled model browsers download: the same diagrams without the product model in
// the header (the studio has the model from the product already), restored with the model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compile,
  createSession,
  deserialize,
  FormatError,
  modelFingerprint,
  withoutModel,
  type ProductModel,
} from '../src/index.ts';
import { bike } from './fixtures.ts';

const contains = (bytes: Uint8Array, text: string): boolean =>
  Buffer.from(bytes).includes(Buffer.from(text, 'utf8'));

test('the compact form leaves the product model out of the header and is smaller', () => {
  const full = compile(bike).serialize();
  const compact = withoutModel(full);
  const label = bike.rules?.find((r) => r.message)?.message;
  assert.ok(label, 'the fixture has a rule message');
  assert.ok(contains(full, label), 'the full form carries the model');
  assert.ok(!contains(compact, label), 'the compact form does not');
  assert.ok(compact.length < full.length);
});

test('restored with its model, the compact form answers every query like the original', () => {
  const compiled = compile(bike);
  const restored = deserialize(withoutModel(compiled.serialize()), bike);
  const a = createSession(compiled);
  const b = createSession(restored);
  assert.deepEqual(b.domains(), a.domains());
  assert.equal(b.count(), a.count());
  assert.deepEqual(b.select('frame', 'carbon'), a.select('frame', 'carbon'));
  assert.deepEqual(b.ranges(), a.ranges());
});

test('the compact form is refused without its model or with another model', () => {
  const compact = withoutModel(compile(bike).serialize());
  assert.throws(() => deserialize(compact), FormatError);
  const other: ProductModel = {
    ...bike,
    features: bike.features.map((f) => (f.id === 'frame' ? { ...f, id: 'frame2' } : f)),
  };
  assert.notEqual(modelFingerprint(other), modelFingerprint(bike));
  assert.throws(() => deserialize(compact, other), /another product model/);
});

test('the fingerprint does not depend on the order of object keys (a model read back from JSONB)', () => {
  const reordered = JSON.parse(
    JSON.stringify(bike, (_k, v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).reverse())
        : v,
    ),
  ) as ProductModel;
  assert.equal(modelFingerprint(reordered), modelFingerprint(bike));
  const compact = withoutModel(compile(bike).serialize());
  assert.equal(
    createSession(deserialize(compact, reordered)).count(),
    createSession(compile(bike)).count(),
  );
});

test('bytes that carry their model still deserialize without one (stored before the compact form)', () => {
  const compiled = compile(bike);
  assert.equal(
    createSession(deserialize(compiled.serialize())).count(),
    createSession(compiled).count(),
  );
});
