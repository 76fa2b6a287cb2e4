// `auto` gives the decision diagram a node budget and a time budget, then falls back to SAT.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  BackendUnavailableError,
  compile,
  createSession,
  importDimacs,
  type ProductModel,
} from '@customerize/engine';
import { benchmark } from './helpers/benchmarks.ts';

const AXTLS = benchmark('dimacs', 'axTLS_Berger2013.dimacs');
// 684 features; its diagram takes well over the 65,536 node operations between two looks at
// the clock, so a budget of 0 ms is always exceeded, whatever the machine's speed.
const axtls: ProductModel = importDimacs(readFileSync(AXTLS, 'utf8'), { id: 'axtls' });

test('auto serves a model with the diagram when it fits the budgets', () => {
  assert.equal(compile(axtls).stats.backend, 'bdd');
});

test('auto falls back to SAT once the time budget runs out, with the same valid domains', () => {
  const sat = compile(axtls, { timeBudgetMs: 0 });
  assert.equal(sat.stats.backend, 'sat');
  const bdd = compile(axtls, { backend: 'bdd' });
  assert.deepEqual(createSession(sat).domains(), createSession(bdd).domains());
});

test('a forced diagram past its time budget is refused, not silently switched', () => {
  assert.throws(
    () => compile(axtls, { backend: 'bdd', timeBudgetMs: 0 }),
    (e: unknown) => e instanceof BackendUnavailableError && /within 0 ms/.test(e.message),
  );
});
