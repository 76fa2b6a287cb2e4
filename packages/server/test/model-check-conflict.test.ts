// A model with no valid product is refused when it is checked (and so before it can be
// published), whichever backend compiles it: 30 integers 0–60 cannot sum to at most 900 and at
// least 901, which the SAT backend used to report as having no issues.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkModelSource } from '../src/catalog/model-source.ts';

test('the model check refuses 30 integers that must sum to at most 900 and at least 901', () => {
  const features = Array.from({ length: 30 }, (_, i) => ({
    id: `x${i}`,
    type: 'int',
    min: 0,
    max: 60,
  }));
  const total = features.map((f) => f.id).join(' + ');
  const model = {
    id: 'sums',
    name: 'Sums',
    currency: 'EUR',
    backend: 'sat',
    features,
    rules: [
      { id: 'at-most', expr: `${total} <= 900` },
      { id: 'at-least', expr: `${total} >= 901` },
    ],
  };
  const checked = checkModelSource(JSON.stringify(model), 'json');
  assert.equal(checked.model, null, 'the model is refused');
  assert.equal(checked.compiled, null);
  const errors = checked.issues.filter((i) => i.severity === 'error');
  assert.equal(errors.length, 1);
  assert.match(errors[0]!.message, /these rules conflict: at-most, at-least/);
});
