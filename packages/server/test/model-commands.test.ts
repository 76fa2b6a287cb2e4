import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkModel } from '@customerize/engine';
import { benchModel, loadModel, ModelLoadError, pathSegments } from '../src/cli/model-commands.ts';

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
});
