// Every backend proves at compile whether any product exists, and names a minimal set of
// conflicting rules when none does (the model checker reports them by path).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, productIssues, type ProductModel } from '../src/index.ts';

function sums(n: number, max: number, extra: ProductModel['rules'] = []): ProductModel {
  const features = Array.from({ length: n }, (_, i) => ({
    id: `x${i}`,
    type: 'int' as const,
    min: 0,
    max,
  }));
  const total = features.map((f) => f.id).join(' + ');
  const half = (n * max) / 2;
  return {
    id: 'sums',
    name: 'Sums',
    currency: 'EUR',
    features,
    rules: [
      { id: 'small-enough', expr: `x0 + x1 <= ${2 * max}` },
      { id: 'at-most-half', expr: `${total} <= ${half}` },
      ...(extra ?? []),
      { id: 'more-than-half', expr: `${total} >= ${half + 1}` },
    ],
  };
}

const flags: ProductModel = {
  id: 'flags',
  name: 'Flags',
  currency: 'EUR',
  features: [
    { id: 'a', type: 'bool' },
    { id: 'b', type: 'bool' },
    { id: 'c', type: 'bool' },
    { id: 'colour', type: 'enum', options: [{ id: 'red' }, { id: 'blue' }, { id: 'green' }] },
  ],
  rules: [
    { id: 'a-needs-b', expr: 'a -> b' },
    { id: 'c-or-red', expr: 'c or colour = red' },
    { id: 'a-is-on', expr: 'a' },
    { id: 'not-blue', expr: 'colour != blue' },
    { id: 'b-is-off', expr: 'not b' },
  ],
};

test('the SAT backend proves that 30 integers 0–60 cannot sum to at most 900 and at least 901', () => {
  const compiled = compile(sums(30, 60), { backend: 'sat' });
  assert.deepEqual(compiled.stats.conflict, ['at-most-half', 'more-than-half']);
  const issues = productIssues(compiled);
  assert.deepEqual(
    issues.map((i) => [i.severity, i.path]),
    [
      ['error', 'rules[1]'],
      ['error', 'rules[2]'],
    ],
  );
  assert.match(issues[0]!.message, /no valid product: rules 'at-most-half', 'more-than-half'/);
});

test('the decision diagram names the same minimal conflict for a smaller instance', () => {
  const compiled = compile(sums(4, 10), { backend: 'bdd' });
  assert.deepEqual(compiled.stats.conflict, ['at-most-half', 'more-than-half']);
  assert.equal(productIssues(compiled).length, 2);
});

test('the SAT backend finds a minimal conflict among clauses by deleting rules', () => {
  const compiled = compile(flags, { backend: 'sat' });
  assert.deepEqual([...compiled.stats.conflict!].sort(), ['a-is-on', 'a-needs-b', 'b-is-off']);
  assert.deepEqual(
    productIssues(compiled).map((i) => i.path),
    ['rules[0]', 'rules[2]', 'rules[4]'],
  );
});

test('both backends agree on the minimal conflict of the clause model', () => {
  const sat = compile(flags, { backend: 'sat' }).stats.conflict;
  const bdd = compile(flags, { backend: 'bdd' }).stats.conflict;
  assert.deepEqual([...sat!].sort(), [...bdd!].sort());
});

test('a model with products has no conflict and no issues on either backend', () => {
  const ok = { ...flags, rules: flags.rules!.filter((r) => r.id !== 'b-is-off') };
  for (const backend of ['sat', 'bdd'] as const) {
    const compiled = compile(ok, { backend });
    assert.equal(compiled.stats.conflict, undefined, backend);
    assert.deepEqual(productIssues(compiled), [], backend);
  }
});

test('a single impossible sum is its own minimal conflict', () => {
  const model = sums(5, 10, [{ id: 'impossible', expr: 'x0 + x1 + x2 >= 31' }]);
  model.rules = model.rules!.filter((r) => r.id !== 'more-than-half');
  assert.deepEqual(compile(model, { backend: 'sat' }).stats.conflict, ['impossible']);
  assert.deepEqual(compile(model, { backend: 'bdd' }).stats.conflict, ['impossible']);
});
