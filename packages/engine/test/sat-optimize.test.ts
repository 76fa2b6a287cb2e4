import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Configuration } from '../src/api.ts';
import { compile } from '../src/compile/compile.ts';
import { buildIR, type IR } from '../src/compile/ir.ts';
import { SatBackend } from '../src/sat/backend.ts';
import { importFeatureIde } from '../src/import/featureide.ts';
import { BENCHMARKS } from './helpers/benchmarks.ts';

const PC = `${BENCHMARKS}/featuremodels/featureide_pc-richmond_Sprey2020_with-prices.xml`;

function priceOf(ir: IR, config: Configuration): number {
  const p = ir.properties.find((x) => x.name === 'price')!;
  return ir.features.reduce((t, f, i) => t + p.w[i]![f.values.indexOf(config[f.id]!)]!, p.base);
}

test('the cheapest valid PC is found exactly: the SAT backend and the decision diagram agree', () => {
  const model = importFeatureIde(readFileSync(PC, 'utf8'));
  const { ir } = buildIR(model);
  const sat = new SatBackend(ir);
  const cheapest = sat.optimize({}, { sense: 'min', weights: { price: 1 } });
  assert.ok(cheapest);
  assert.deepEqual(sat.validate(cheapest), { valid: true, violations: [] });
  const bdd = compile(model, { backend: 'bdd' }).backend;
  const other = bdd.optimize({}, { sense: 'min', weights: { price: 1 } });
  assert.ok(other);
  assert.equal(priceOf(ir, cheapest), priceOf(ir, other));
  // Both equal the lower end of the price range, computed by each backend on its own.
  assert.equal(sat.ranges({}).price.min, priceOf(ir, cheapest));
  assert.equal(bdd.ranges({}).price.min, priceOf(ir, cheapest));
  // The root's price (841.90 €) is part of every PC; the cheapest adds only free options.
  assert.equal(priceOf(ir, cheapest), 84190);
});

test('the most expensive valid PC agrees between the backends too', () => {
  const model = importFeatureIde(readFileSync(PC, 'utf8'));
  const { ir } = buildIR(model);
  const sat = new SatBackend(ir);
  const bdd = compile(model, { backend: 'bdd' }).backend;
  const a = sat.optimize({}, { sense: 'max', weights: { price: 1 } })!;
  const b = bdd.optimize({}, { sense: 'max', weights: { price: 1 } })!;
  assert.equal(priceOf(ir, a), priceOf(ir, b));
  assert.equal(sat.ranges({}).price.max, priceOf(ir, a));
});
