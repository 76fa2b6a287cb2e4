import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkModel, parseModel, productModelSchema, ModelError } from '../src/index.ts';
import { bike } from './fixtures.ts';

test('a correct model has no issues', () => {
  assert.deepEqual(checkModel(bike), []);
});

test('structural problems are reported with their JSON path', () => {
  const bad = {
    id: 'x',
    name: 'X',
    currency: 'euro',
    features: [
      { id: 'a', type: 'enum', options: [{ id: 'p', price: 9.5 }, { id: 'p' }] },
      { id: 'a', type: 'int', min: 5, max: 1 },
    ],
    rules: [{ id: 'r', expr: 'a = p', table: { features: ['a'], rows: [] } }],
  };
  const paths = checkModel(bad).map((i) => `${i.path}: ${i.message}`);
  assert.ok(
    paths.includes("currency: 'currency' must be an ISO 4217 code such as EUR"),
    paths.join('\n'),
  );
  assert.ok(paths.some((p) => p.startsWith('features[0].options[0].price: ')));
  assert.ok(paths.includes("features[0].options[1].id: duplicate option id 'p'"));
  assert.ok(paths.includes("features[1].id: duplicate feature id 'a'"));
  assert.ok(paths.includes("features[1].max: 'max' (1) is below 'min' (5)"));
  assert.ok(paths.includes('rules[0]: a rule needs exactly one of expr, table or clause'));
});

test('table rows are checked against the features', () => {
  const issues = checkModel({
    ...bike,
    rules: [
      { id: 't', table: { features: ['frame', 'brakes'], rows: [['alu', 'disk'], ['carbon']] } },
    ],
  });
  assert.deepEqual(
    issues.map((i) => i.path),
    ['rules[0].table.rows[0][1]', 'rules[0].table.rows[1]'],
  );
});

test('parseModel throws a ModelError listing the errors', () => {
  assert.throws(() => parseModel({ id: 'x' }), ModelError);
});

test('the published JSON Schema file equals the exported schema', () => {
  const file = JSON.parse(
    readFileSync(new URL('../schema/product-model.schema.json', import.meta.url), 'utf8'),
  );
  assert.deepEqual(file, JSON.parse(JSON.stringify(productModelSchema)));
});

test('fractional money anywhere in a model is refused with its path', () => {
  const model = structuredClone(bike) as unknown as {
    features: Array<Record<string, unknown>>;
    personalization: Array<Record<string, unknown>>;
    base: Record<string, unknown>;
  };
  model.features[2]!.linear = { price: { perUnit: 33.3 }, cost: { perUnit: 10, offset: 0.5 } };
  model.personalization[0]!.price = 1.5;
  model.base.cost = 199.99;
  const paths = checkModel(model).map((i) => i.path);
  assert.deepEqual(paths.sort(), [
    'base.cost',
    'features[2].linear.cost.offset',
    'features[2].linear.price.perUnit',
    'personalization[0].price',
  ]);
  assert.match(
    checkModel(model).find((i) => i.path === 'features[2].linear.price.perUnit')!.message,
    /must be an integer \(money is in minor units/,
  );
});

test('a fractional per-unit weight is not money and stays allowed', () => {
  const model = structuredClone(bike);
  (model.features[2] as { linear?: unknown }).linear = { weight: { perUnit: 0.25 } };
  assert.deepEqual(checkModel(model), []);
});
