import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { checkModel } from '@customerize/engine';
import {
  benchModel,
  featureNames,
  loadModel,
  ModelLoadError,
  pathSegments,
  sniffXml,
} from '../src/cli/model-commands.ts';
import { BENCHMARKS } from '../../engine/test/helpers/benchmarks.ts';

const dir = mkdtempSync(join(tmpdir(), 'customerize-model-'));
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const yaml = `id: bike
name: Bike
currency: EUR
features:
  - id: frame
    type: enum
    options: [{ id: alu }, { id: carbon }]
  - id: brakes
    type: enum
    options: [{ id: rim }, { id: disc }]
rules:
  - id: carbon-disc
    expr: frame = carbon -> brakes in {disc, hydrolic}
  - id: broken
    expr: "frame = alu and"
`;

test('JSON paths split into keys and indices', () => {
  assert.deepEqual(pathSegments('rules[3].table.rows[0][1]'), ['rules', 3, 'table', 'rows', 0, 1]);
});

test('expression errors are located at file, line and column', () => {
  const file = write('bike.yaml', yaml);
  const loaded = loadModel(file);
  const where = checkModel(loaded.model).map((i) => `${loaded.locate(i)} ${i.message}`);
  assert.deepEqual(where, [
    `${file}:13:46 'hydrolic' is not a value of 'brakes' (one of rim, disc)`,
    `${file}:15:27 expected an operand, found the end of the expression`,
  ]);
});

test('YAML syntax errors name the line and column', () => {
  const file = write('bad.yaml', 'id: x\nname: [unclosed\n');
  assert.throws(
    () => loadModel(file),
    (e: unknown) => e instanceof ModelLoadError && /bad\.yaml:\d+:\d+: error:/.test(e.lines[0]!),
  );
});

test('the format comes from the extension unless given', () => {
  const file = write('model.txt', yaml);
  assert.throws(() => loadModel(file), /--format/);
  assert.equal(loadModel(file, { format: 'yaml' }).model.id, 'bike');
});

test('the benchmark reports compile time, nodes, count and step percentiles', () => {
  const file = write(
    'ok.yaml',
    yaml
      .replace(', hydrolic', '')
      .replace('"frame = alu and"', 'not (frame = carbon and brakes = rim)'),
  );
  const r = benchModel(loadModel(file).model, { sessions: 2, steps: 5, seed: 1 });
  assert.equal(r.count, '3');
  assert.ok(r.steps > 0 && r.nodes > 0);
  assert.ok(r.stepMs.p50 <= r.stepMs.p95 && r.stepMs.p95 <= r.stepMs.max);
  assert.ok(r.explained > 0, 'excluded values were explained on demand');
  assert.ok(r.explainMs.p50 <= r.explainMs.p95 && r.explainMs.p95 <= r.explainMs.max);
});

// ---- every format, through the `customerize` binary as a user runs it

const bin = fileURLToPath(new URL('../bin/customerize.mjs', import.meta.url));
const SHARED = `${BENCHMARKS}/`;
const ROUTEFINDING = `${SHARED}dimacs/routefinding_Mendonca2009.dimacs`;
const PRINTER_UVL = `${SHARED}featuremodels/uvl_printer_Mendonca2009.uvl`;
const BANKING_SXFM = `${SHARED}featuremodels/sxfm_banking_SPLOT.sxfm`;
const TANKWAR_FEATUREIDE = `${SHARED}featuremodels/featureide_tankwar_Schulze2012.xml`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function customerize(...args: string[]): Promise<Run> {
  try {
    const r = await promisify(execFile)(process.execPath, [bin, ...args]);
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1)!;

test('each feature-model format is read by its extension, .xml by its root element', () => {
  const cases: Array<[string, string, number]> = [
    [ROUTEFINDING, 'dimacs', 103],
    [PRINTER_UVL, 'uvl', 172],
    [BANKING_SXFM, 'sxfm', 176],
    [TANKWAR_FEATUREIDE, 'featureide', 144],
    [`${SHARED}featuremodels/sxfm_routefinding_Mendonca2009.xml`, 'sxfm', 103],
  ];
  for (const [file, format, features] of cases) {
    const loaded = loadModel(file);
    assert.equal(loaded.format, format, file);
    assert.equal(loaded.model.features.length, features, file);
  }
  assert.equal(sniffXml('<?xml version="1.0"?>\n<!-- c -->\n<instance>'), 'xcsp');
  assert.equal(sniffXml('<extendedFeatureModel>'), 'featureide');
  assert.equal(sniffXml('<catalog>'), undefined);
  const odd = write('odd.xml', '<catalog/>');
  assert.throws(() => loadModel(odd), /root element.*--format/);
});

test('an import error names the file and line', () => {
  const file = write('broken.cnf', 'p cnf 2 1\n1 x 0\n');
  assert.throws(
    () => loadModel(file),
    (e: unknown) => e instanceof ModelLoadError && e.lines[0]!.startsWith(`${file}:2`),
  );
});

test('count prints the exact routefinding count alone on its last line, as in SOURCE.md', async () => {
  // SOURCE.md gives the number of decimal digits (13); the same model in SXFM, counted through
  // another importer, and the SAT backend's exact counter must agree with it to the unit.
  const source = readFileSync(`${SHARED}dimacs/SOURCE.md`, 'utf8');
  const digits = Number(/routefinding (\d+)/.exec(source)![1]);
  const [dimacs, sxfm, sat] = await Promise.all([
    customerize('model', 'count', ROUTEFINDING),
    customerize('model', 'count', `${SHARED}featuremodels/sxfm_routefinding_Mendonca2009.xml`),
    customerize('model', 'count', ROUTEFINDING, '--backend', 'sat'),
  ]);
  for (const r of [dimacs, sxfm, sat]) assert.equal(r.code, 0, r.stderr);
  const count = lastLine(dimacs.stdout);
  assert.match(count, /^\d+$/);
  assert.equal(count.length, digits);
  assert.equal(lastLine(sxfm.stdout), count);
  assert.equal(lastLine(sat.stdout), count);
});

test('the SAT backend counts the same as the decision diagram on UVL, SXFM and FeatureIDE', async () => {
  for (const file of [PRINTER_UVL, BANKING_SXFM, TANKWAR_FEATUREIDE]) {
    const [bdd, sat] = await Promise.all([
      customerize('model', 'count', file, '--backend', 'bdd'),
      customerize('model', 'count', file, '--backend', 'sat'),
    ]);
    assert.equal(bdd.code, 0, bdd.stderr);
    assert.equal(sat.code, 0, sat.stderr);
    assert.match(lastLine(bdd.stdout), /^\d+$/);
    assert.equal(lastLine(sat.stdout), lastLine(bdd.stdout), file);
  }
});

test('count fails clearly when the SAT backend cannot count exactly', async () => {
  // Two 80-value features: 6,399 products, more than the SAT backend enumerates for a model
  // with auxiliary variables; the decision diagram counts them.
  const options = Array.from({ length: 80 }, (_, i) => `{ id: o${i} }`).join(', ');
  const file = write(
    'wide.yaml',
    `id: wide\nname: Wide\ncurrency: EUR\nfeatures:\n` +
      `  - { id: a, type: enum, options: [${options}] }\n` +
      `  - { id: b, type: enum, options: [${options}] }\n` +
      `rules:\n  - { id: r, expr: a = o1 -> b != o2 }\n`,
  );
  const [sat, bdd] = await Promise.all([
    customerize('model', 'count', file, '--backend', 'sat'),
    customerize('model', 'count', file),
  ]);
  assert.equal(sat.code, 1);
  assert.equal(sat.stdout, '');
  assert.match(sat.stderr, /too large to count exactly with the SAT backend/);
  assert.equal(lastLine(bdd.stdout), '6399');
});

test('check says which backend serves the model', async () => {
  const [auto, sat, bad] = await Promise.all([
    customerize('model', 'check', TANKWAR_FEATUREIDE),
    customerize('model', 'check', TANKWAR_FEATUREIDE, '--backend', 'sat'),
    customerize('model', 'check', TANKWAR_FEATUREIDE, '--backend', 'fast'),
  ]);
  assert.equal(auto.code, 0, auto.stderr);
  assert.match(
    auto.stdout,
    /ok: 144 features, .*backend bdd .*\b4213417192067818800 valid products/,
  );
  assert.equal(sat.code, 0, sat.stderr);
  assert.match(sat.stdout, /ok: 144 features, .*backend sat .*has valid products/);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /unknown backend 'fast'/);
});

test('domains --json names features as written in the file and --select accepts those names', async () => {
  const file = write('names.cnf', 'c 1 big(1)\nc 2 small\nc 3 extra\np cnf 3 2\n-1 -2 0\n1 2 0\n');
  const loaded = loadModel(file);
  assert.deepEqual([...featureNames(loaded).values()], ['big(1)', 'small', 'extra']);
  assert.notEqual(loaded.model.features[0]!.id, 'big(1)');
  const r = await customerize('model', 'domains', file, '--json', '--select', 'big(1)=true');
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), {
    'big(1)': [true],
    small: [false],
    extra: [false, true],
  });
});

test('our own formats keep printing feature ids, not their labels', () => {
  const file = write(
    'labelled.yaml',
    'id: m\nname: M\ncurrency: EUR\nfeatures:\n  - { id: frame, label: Frame material, type: bool }\n',
  );
  assert.deepEqual([...featureNames(loadModel(file)).values()], ['frame']);
});
