import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { ProductModel } from '../src/model/types.ts';
import { buildIR } from '../src/compile/ir.ts';
import { SatBackend } from '../src/sat/backend.ts';
import { Solver, fromDimacs } from '../src/sat/solver.ts';
import { importDimacs, parseDimacs } from '../src/import/dimacs.ts';
import { importUvl } from '../src/import/uvl.ts';
import { exportDimacs, ExportError } from '../src/export/dimacs.ts';
import { exportUvl } from '../src/export/uvl.ts';
import { BENCHMARKS } from './helpers/benchmarks.ts';

const FM = `${BENCHMARKS}/featuremodels`;

const bike: ProductModel = {
  id: 'bike',
  name: 'Bike',
  currency: 'EUR',
  features: [
    {
      id: 'frame',
      type: 'enum',
      options: [
        { id: 'steel', props: { weight: 9 } },
        { id: 'alu', props: { weight: 6 } },
        { id: 'carbon', props: { weight: 3 } },
      ],
    },
    { id: 'rack', type: 'bool', whenTrue: { props: { weight: 2 } } },
    { id: 'lights', type: 'bool', whenTrue: { props: { weight: 1 } } },
    {
      id: 'gears',
      type: 'enum',
      options: [{ id: 'g1' }, { id: 'g8' }, { id: 'g11', props: { weight: 1 } }],
    },
  ],
  properties: [{ name: 'weight' }],
  rules: [
    { id: 'carbon-no-rack', expr: 'frame = carbon -> not rack' },
    { id: 'light', expr: 'sum(weight) <= 10' },
    {
      id: 'gearing',
      table: { features: ['frame', 'gears'], mode: 'forbid', rows: [['steel', 'g11']] },
    },
  ],
};

function countDimacs(text: string, named: number[]): number {
  // Enumerates models projected on the named variables.
  const cnf = parseDimacs(text);
  const s = new Solver(cnf.numVars);
  for (const c of cnf.clauses) s.addClause(Array.from(c, fromDimacs));
  let n = 0;
  while (s.solve()) {
    n++;
    if (!s.addClause(named.map((v) => (s.model[v - 1] ? fromDimacs(-v) : fromDimacs(v))))) break;
  }
  return n;
}

test('DIMACS export keeps exactly the valid configurations, sums included', () => {
  const text = exportDimacs(bike);
  const named = [...text.matchAll(/^c (\d+) /gm)].map((m) => Number(m[1]));
  const { ir } = buildIR(bike);
  assert.equal(BigInt(countDimacs(text, named)), new SatBackend(ir).count({}));
  assert.match(text, /^c \d+ frame=carbon$/m);
  assert.match(text, /^c \d+ rack$/m);
});

test('DIMACS export of an imported DIMACS model gives back its clauses', () => {
  const original = readFileSync(`${BENCHMARKS}/dimacs/printer_Mendonca2009.dimacs`, 'utf8');
  const again = parseDimacs(exportDimacs(importDimacs(original)));
  const before = parseDimacs(original);
  assert.equal(again.numVars, before.numVars);
  const norm = (cs: Int32Array[]): string[] =>
    cs.map((c) => [...c].sort((a, b) => a - b).join(' ')).sort();
  assert.deepEqual(norm(again.clauses), norm(before.clauses));
  assert.deepEqual(again.names.slice(1), before.names.slice(1));
});

test('UVL export round-trips a feature model and an option model', () => {
  const printer = importUvl(readFileSync(`${FM}/uvl_printer_Mendonca2009.uvl`, 'utf8'));
  const back = importUvl(exportUvl(printer));
  const count = (m: ProductModel): bigint | null => new SatBackend(buildIR(m).ir).count({});
  assert.equal(count(back), count(printer));
  const noSums: ProductModel = { ...bike, rules: bike.rules!.filter((r) => r.id !== 'light') };
  assert.equal(count(importUvl(exportUvl(noSums))), count(noSums));
});

test('UVL export refuses what UVL cannot express', () => {
  assert.throws(() => exportUvl(bike), ExportError);
  assert.throws(
    () =>
      exportUvl({
        id: 'x',
        name: 'x',
        currency: 'EUR',
        features: [{ id: 'size', type: 'int', min: 1, max: 3 }],
      }),
    ExportError,
  );
});
