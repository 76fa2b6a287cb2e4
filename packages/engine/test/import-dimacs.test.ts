import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { importDimacs, parseDimacs } from '../src/import/dimacs.ts';
import { ImportError } from '../src/import/import-error.ts';
import { checkModel } from '../src/model/check.ts';
import { BENCHMARKS } from './helpers/benchmarks.ts';

const DIR = `${BENCHMARKS}/dimacs`;

// Variable and clause counts from the collection's SOURCE.md.
const SIZES: Record<string, [number, number]> = {
  routefinding_Mendonca2009: [103, 185],
  berkeleydb_Hierons2020: [117, 417],
  printer_Mendonca2009: [172, 309],
  axTLS_Berger2013: [684, 2155],
  'FinancialServices01-2018-05-09_Nieke2018': [771, 7238],
  'busybox-1.18.0_Knueppel2017': [854, 1163],
  embtoolkit_Knueppel2017: [1179, 5414],
  'ecos-icse11_Berger2013': [1244, 3146],
  'freebsd-8.0.0-icse11_Berger2013': [1396, 62183],
  'uClinux-distribution_Knueppel2017': [1580, 2062],
  automotive01_Kowal2016: [2513, 10300],
  'linux-2.6.33.3_Knueppel2017': [6467, 40121],
  'busybox-1.18.0_Berger2013': [6796, 17836],
  'uClinux-config_Berger2013': [11254, 31637],
  'automotive02-v1_Knueppel2017': [14010, 237685],
};

test('every benchmark DIMACS file parses with its declared size and named variables', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.dimacs'));
  assert.equal(files.length, 15);
  for (const file of files) {
    const cnf = parseDimacs(readFileSync(`${DIR}/${file}`, 'utf8'));
    const expected = SIZES[file.replace('.dimacs', '')];
    assert.ok(expected, file);
    assert.deepEqual([cnf.numVars, cnf.clauses.length], expected, file);
    for (let v = 1; v <= cnf.numVars; v++)
      assert.ok(cnf.names[v], `${file}: variable ${v} is named`);
  }
});

test('a DIMACS model becomes a valid product model: a boolean feature per variable, a clause rule per clause', () => {
  const text = readFileSync(`${DIR}/berkeleydb_Hierons2020.dimacs`, 'utf8');
  const model = importDimacs(text, { id: 'berkeleydb', name: 'BerkeleyDB' });
  assert.equal(model.features.length, 117);
  assert.equal(model.rules!.length, 417);
  assert.ok(model.features.every((f) => f.type === 'bool'));
  assert.deepEqual(
    checkModel(model).filter((i) => i.severity === 'error'),
    [],
  );
  const first = /^(-?\d+(?: -?\d+)*) 0$/m.exec(text)![1]!.split(' ').map(Number);
  const names = parseDimacs(text).names;
  assert.deepEqual(
    model.rules![0]!.clause,
    first.map((l) => (l > 0 ? names[l]! : `!${names[-l]!}`)),
  );
});

test('DIMACS errors name the line', () => {
  const bad = (text: string, line: number): void =>
    assert.throws(
      () => parseDimacs(text),
      (e: unknown) => e instanceof ImportError && e.line === line,
      JSON.stringify(text),
    );
  bad('c 1 a\n1 0\n', 2);
  bad('p cnf 2 1\n1 x 0\n', 2);
  bad('p cnf 2 1\n1 3 0\n', 2);
  bad('p cnf 2 2\n1 2 0\n', 2);
  bad('p cnf 2 1\n1 2\n', 2);
  bad('p dnf 2 1\n', 1);
  assert.deepEqual(
    parseDimacs('p cnf 2 1\n1\n-2 0\n').clauses.map((c) => [...c]),
    [[1, -2]],
  );
});
