import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Value } from '../src/model/types.ts';
import { compile } from '../src/compile/compile.ts';
import { buildIR } from '../src/compile/ir.ts';
import { SatBackend, mulberry32 } from '../src/sat/backend.ts';
import { importFeatureModel } from './import-helpers.ts';
import { BENCHMARKS } from './helpers/benchmarks.ts';

const S = BENCHMARKS;
const MODELS = [
  'dimacs/routefinding_Mendonca2009.dimacs',
  'dimacs/berkeleydb_Hierons2020.dimacs',
  'dimacs/printer_Mendonca2009.dimacs',
  'featuremodels/featureide_tankwar_Schulze2012.xml',
  'featuremodels/sxfm_eshop_Lau2006.xml',
  'featuremodels/uvl_pc-richmond_Sprey2020.uvl',
];

for (const path of MODELS) {
  test(`SAT and decision-diagram backends agree on ${path}`, () => {
    const model = importFeatureModel(path.split('/')[1]!, readFileSync(`${S}/${path}`, 'utf8'));
    const bdd = compile(model, { backend: 'bdd' }).backend;
    const { ir } = buildIR(model);
    const sat = new SatBackend(ir);
    const rnd = mulberry32(path.length);
    let choices: Record<string, Value> = {};
    for (let step = 0; step < 6; step++) {
      const expected = bdd.domains(choices);
      assert.deepEqual(sat.domains(choices), expected, `${path}: domains at step ${step}`);
      assert.equal(sat.count(choices), bdd.count(choices), `${path}: count at step ${step}`);
      assert.deepEqual(
        sat.ranges(choices).price,
        bdd.ranges(choices).price,
        `${path}: price range at step ${step}`,
      );
      const open = ir.features.filter(
        (f) => choices[f.id] === undefined && expected[f.id]!.length > 1,
      );
      if (open.length === 0) break;
      const f = open[Math.floor(rnd() * open.length)]!;
      choices = {
        ...choices,
        [f.id]: expected[f.id]![Math.floor(rnd() * expected[f.id]!.length)]!,
      };
    }
  });
}
