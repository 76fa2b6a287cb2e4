import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { importFeatureModel } from './import-helpers.ts';
import { importUvl } from '../src/import/uvl.ts';
import { importSxfm } from '../src/import/sxfm.ts';
import { importFeatureIde } from '../src/import/featureide.ts';
import { ImportError } from '../src/import/import-error.ts';
import { checkModel } from '../src/model/check.ts';
import { BENCHMARKS } from './helpers/benchmarks.ts';

const DIR = `${BENCHMARKS}/featuremodels`;

// Feature counts from the collection's SOURCE.md; the pc-richmond XML holds 377 feature
// elements (counted with grep), 13 more than its UVL conversion (364); the eShop SXFM holds
// 287 feature lines (the collection's 173 counts its own conversion).
const FEATURES: Record<string, number> = {
  'featureide_pc-richmond_Sprey2020_with-prices.xml': 377,
  'featureide_tankwar_Schulze2012.xml': 144,
  'featureide_busybox-1.18.0_Knueppel2017.xml': 854,
  'featureide_FinancialServices01-2018-05-09_Nieke2018.xml': 771,
  'sxfm_printer_Mendonca2009.xml': 172,
  'sxfm_routefinding_Mendonca2009.xml': 103,
  'sxfm_berkeleydb_Hierons2020.xml': 117,
  'sxfm_eshop_Lau2006.xml': 287,
  'sxfm_banking_SPLOT.sxfm': 176,
  'uvl_printer_Mendonca2009.uvl': 172,
  'uvl_pc-richmond_Sprey2020.uvl': 364,
};

test('every sample feature model imports with one boolean feature per feature', () => {
  const files = readdirSync(DIR).filter((f) => /^(featureide|sxfm|uvl)_/.test(f));
  assert.ok(files.length >= 17);
  for (const file of files) {
    const model = importFeatureModel(file, readFileSync(`${DIR}/${file}`, 'utf8'));
    assert.ok(model.features.length > 0, file);
    assert.ok(
      model.features.every((f) => f.type === 'bool'),
      file,
    );
    const ids = new Set(model.features.map((f) => f.id));
    assert.equal(ids.size, model.features.length, `${file}: feature ids are unique`);
    for (const r of model.rules ?? []) {
      for (const lit of r.clause ?? [])
        assert.ok(ids.has(lit.replace(/^!/, '')), `${file}: ${lit}`);
    }
    assert.deepEqual(
      checkModel(model).filter((i) => i.severity === 'error'),
      [],
      `${file}: a valid product model`,
    );
    const expected = FEATURES[file];
    if (expected !== undefined) assert.equal(model.features.length, expected, file);
  }
});

test('FeatureIDE Price attributes become prices in minor units', () => {
  const model = importFeatureIde(
    readFileSync(`${DIR}/featureide_pc-richmond_Sprey2020_with-prices.xml`, 'utf8'),
  );
  const f = model.features.find((x) => x.label === 'i3-7350K Kaby Lake');
  assert.ok(f && f.type === 'bool');
  assert.equal(f.id, 'i3-7350K_Kaby_Lake');
  assert.equal(f.whenTrue?.price, 9200);
  assert.equal(model.currency, 'EUR');
  const priced = model.features.filter((x) => x.type === 'bool' && x.whenTrue?.price !== undefined);
  assert.ok(priced.length >= 250, `${priced.length} priced features`);
});

test('UVL groups and constraints become clauses', () => {
  const model = importUvl(
    [
      'namespace Bike',
      'features',
      '\tBike',
      '\t\tmandatory',
      '\t\t\tFrame',
      '\t\t\t\talternative',
      '\t\t\t\t\tSteel',
      '\t\t\t\t\t"Carbon fibre" {Price 420.5}',
      '\t\toptional',
      '\t\t\tRack',
      'constraints',
      '\tRack => !"Carbon fibre"',
    ].join('\n'),
  );
  assert.deepEqual(
    model.features.map((f) => f.id),
    ['Bike', 'Frame', 'Steel', 'Carbon_fibre', 'Rack'],
  );
  assert.equal(model.features[3]!.label, 'Carbon fibre');
  const clauses = (model.rules ?? []).map((r) => r.clause!.join(' '));
  assert.ok(clauses.includes('Bike'));
  assert.ok(clauses.includes('!Bike Frame'));
  assert.ok(clauses.includes('!Frame Steel Carbon_fibre'));
  assert.ok(clauses.includes('!Steel !Carbon_fibre'));
  assert.ok(clauses.includes('!Rack !Carbon_fibre'));
  const carbon = model.features[3]!;
  assert.ok(carbon.type === 'bool' && carbon.whenTrue?.price === 42050);
});

test('import errors name the line', () => {
  assert.throws(
    () => importUvl('features\n\tA\n\t\tmandatory\n\t\t\tB\nconstraints\n\tA => (B |\n'),
    (e: unknown) => e instanceof ImportError && e.line === 6,
  );
  assert.throws(
    () => importUvl('features\n\tA\n\t\tsometimes\n\t\t\tB\n'),
    (e: unknown) => e instanceof ImportError && e.line === 3,
  );
  assert.throws(
    () => importUvl('features\n\tA\n\t\toptional\n\t\t\tB\nconstraints\n\tA => C\n'),
    (e: unknown) =>
      e instanceof ImportError && e.line === 6 && /unknown feature "C"/.test(e.message),
  );
  assert.throws(
    () =>
      importSxfm(
        '<feature_model name="x">\n<feature_tree>\n:r A(a)\n\t:x B(b)\n</feature_tree>\n<constraints>\n</constraints>\n</feature_model>\n',
      ),
    (e: unknown) => e instanceof ImportError && e.line === 4,
  );
  assert.throws(
    () =>
      importFeatureIde(
        '<featureModel>\n<struct>\n<and name="A">\n<feature name="B">\n</and>\n</struct>\n</featureModel>',
      ),
    (e: unknown) => e instanceof ImportError && e.line === 5,
  );
  assert.throws(
    () =>
      importFeatureIde(
        '<featureModel>\n<struct>\n<and name="A">\n<feature name="B"/>\n</and>\n</struct>\n<constraints>\n<rule><imp><var>B</var></imp></rule>\n</constraints>\n</featureModel>',
      ),
    (e: unknown) => e instanceof ImportError && e.line === 8,
  );
});
