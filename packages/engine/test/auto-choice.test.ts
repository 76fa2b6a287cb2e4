// `auto` reads the model's structure before it builds a decision diagram: feature models whose
// clauses cross the whole variable order go to SAT at once, never after a diagram attempt that
// used up the time budget; Renault Megane, the small benchmarks and the examples keep the diagram.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  buildIR,
  compile,
  createSession,
  importDimacs,
  importXcsp,
  parseDomainNames,
  type ProductModel,
} from '../src/index.ts';
import { diagramHopeless, estimateStructure } from '../src/compile/structure.ts';
import { benchmark } from './helpers/benchmarks.ts';
import { bike } from './fixtures.ts';

const dimacs = (file: string): ProductModel =>
  importDimacs(readFileSync(benchmark('dimacs', file), 'utf8'), { id: file });

for (const file of [
  'linux-2.6.33.3_Knueppel2017.dimacs',
  'busybox-1.18.0_Berger2013.dimacs',
  'automotive02-v1_Knueppel2017.dimacs',
]) {
  test(`the structure of ${file} says a diagram is hopeless`, () => {
    const s = estimateStructure(buildIR(dimacs(file)).ir);
    assert.ok(diagramHopeless(s), JSON.stringify({ ...s, order: undefined }));
  });
}

test('auto serves a wide feature model with SAT without trying the diagram', () => {
  const compiled = compile(dimacs('busybox-1.18.0_Knueppel2017.dimacs'));
  assert.equal(compiled.stats.backend, 'sat');
  assert.equal(compiled.stats.auto?.diagram, 'skipped');
  assert.ok((compiled.stats.auto?.wideCuts ?? 0) >= 200);
});

test('auto still builds the diagram for Renault Megane, the small benchmarks and the examples', () => {
  const clib = benchmark('clib');
  const names = parseDomainNames(readFileSync(`${clib}/renault_domains.txt`, 'utf8'));
  const renault = importXcsp(readFileSync(`${clib}/megane.xml`, 'utf8'), names).model;
  const renaultStructure = estimateStructure(buildIR(renault).ir);
  assert.equal(diagramHopeless(renaultStructure), false);
  for (const [name, model] of [
    ['axTLS', dimacs('axTLS_Berger2013.dimacs')],
    ['printer', dimacs('printer_Mendonca2009.dimacs')],
    ['berkeleydb', dimacs('berkeleydb_Hierons2020.dimacs')],
    ['bike', bike],
  ] as const) {
    const compiled = compile(model, { backend: 'auto' });
    assert.equal(compiled.stats.backend, 'bdd', name);
    assert.equal(compiled.stats.auto?.diagram, 'built', name);
  }
});

test('the diagram built after the estimate answers like a forced one', () => {
  const model = dimacs('printer_Mendonca2009.dimacs');
  const auto = createSession(compile(model));
  const bdd = createSession(compile(model, { backend: 'bdd' }));
  assert.equal(auto.count(), bdd.count());
  assert.deepEqual(auto.domains(), bdd.domains());
});

test('a forced backend is not second-guessed, and its stats carry no auto choice', () => {
  const compiled = compile(dimacs('printer_Mendonca2009.dimacs'), { backend: 'bdd' });
  assert.equal(compiled.stats.auto, undefined);
});
