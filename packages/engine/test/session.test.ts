import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compile,
  createSession,
  deserialize,
  priceOf,
  validate,
  validatePersonalization,
  type Choices,
} from '../src/index.ts';
import { bike } from './fixtures.ts';

test('excluded option explains the minimal change and the responsible rule', () => {
  const s = createSession(compile(bike));
  assert.deepEqual(s.select('brakes', 'rim'), { ok: true });
  const res = s.select('frame', 'carbon');
  assert.deepEqual(res, {
    ok: false,
    explanation: {
      conflicting: [{ feature: 'brakes', value: 'rim' }],
      rules: [{ id: 'carbon-disc', message: 'Carbon frames need disc brakes' }],
    },
  });
  assert.deepEqual(s.choices(), { brakes: 'rim' }, 'a refused selection changes nothing');
});

test('ties are broken toward keeping the most recent choice', () => {
  const s = createSession(
    compile({
      ...bike,
      rules: [{ id: 'one', expr: 'not (rack and brakes = disc and frame = steel)' }],
    }),
  );
  s.select('rack', true);
  s.select('brakes', 'disc');
  assert.equal(s.values().frame!.find((v) => v.value === 'steel')!.available, false);
  const ex = s.explain('frame', 'steel')!;
  assert.deepEqual(ex.conflicting, [{ feature: 'rack', value: true }], 'drops the older choice');
});

test('choose it anyway applies the minimal change', () => {
  const s = createSession(compile(bike));
  s.select('rack', true);
  s.select('brakes', 'rim');
  const changes = s.selectAnyway('frame', 'carbon');
  assert.deepEqual(changes, [
    { feature: 'brakes', from: 'rim', to: undefined },
    { feature: 'frame', from: undefined, to: 'carbon' },
  ]);
  assert.deepEqual(s.choices(), { rack: true, frame: 'carbon' });
});

test('values show ranges for available options; excluded ones are explained on demand', () => {
  const s = createSession(compile(bike));
  s.select('frame', 'carbon');
  const brakes = s.values().brakes!;
  const rim = brakes.find((v) => v.value === 'rim')!;
  assert.equal(rim.available, false);
  assert.equal(rim.explanation, undefined, 'a step computes no explanation');
  assert.deepEqual(s.explain('brakes', 'rim')?.conflicting, [
    { feature: 'frame', value: 'carbon' },
  ]);
  assert.equal(s.explain('brakes', 'disc'), null, 'an available value needs none');
  const disc = brakes.find((v) => v.value === 'disc')!;
  // 50000 + 42000 carbon + 8000 disc + size 0..1800 + rack 0..3000
  assert.deepEqual(disc.ranges!.price, { min: 100000, max: 104800 });
  assert.deepEqual(disc.ranges!.leadTimeDays, { min: 12, max: 12 });
});

test('an empty model is reported with a minimal set of conflicting rules', () => {
  const c = compile({
    ...bike,
    rules: [
      ...bike.rules!,
      { id: 'must-carbon', expr: 'frame = carbon' },
      { id: 'no-fancy-brakes', expr: 'brakes = rim' },
    ],
  });
  assert.deepEqual([...c.stats.conflict!].sort(), [
    'carbon-disc',
    'must-carbon',
    'no-fancy-brakes',
  ]);
  assert.equal(createSession(c).count(), 0n);
});

test('a serialized model answers like the original', () => {
  const c = compile(bike);
  const d = deserialize(c.serialize());
  const sets: Choices[] = [{}, { frame: 'carbon' }, { rack: true, size: 50 }];
  for (const choices of sets) {
    assert.deepEqual(d.backend.domains(choices), c.backend.domains(choices));
    assert.equal(d.backend.count(choices), c.backend.count(choices));
    assert.deepEqual(d.backend.ranges(choices), c.backend.ranges(choices));
  }
});

test('price quote lists base, options and personalization with BOM and routing', () => {
  const c = compile(bike);
  const config = { frame: 'steel', brakes: 'disc', size: 50, rack: true };
  assert.equal(validate(c, config).valid, true);
  const q = priceOf(c, config, { engraving: 'ANNA' });
  assert.equal(q.currency, 'EUR');
  assert.deepEqual(
    q.lines.map((l) => [l.kind, l.amount]),
    [
      ['base', 50000],
      ['option', -5000],
      ['option', 8000],
      ['option', 600],
      ['option', 3000],
      ['personalization', 1500],
    ],
  );
  assert.equal(q.total, 58100);
  assert.equal(q.leadTimeDays, 5);
  assert.equal(q.props.weight, 12400);
  assert.deepEqual(q.bom, [{ sku: 'KIT', qty: 2 }]);
  assert.deepEqual(q.routing, [{ center: 'paint', hours: 0.5, final: true }]);
});

test('personalization is validated for length, pattern and availability', () => {
  const c = compile(bike);
  assert.deepEqual(validatePersonalization(c, { engraving: 'ANNA' }, { frame: 'alu' }), []);
  assert.equal(validatePersonalization(c, { engraving: 'anna' }, { frame: 'alu' }).length, 1);
  assert.equal(
    validatePersonalization(c, { engraving: 'ABCDEFGHIJK' }, { frame: 'alu' }).length,
    1,
  );
  assert.deepEqual(validatePersonalization(c, { engraving: 'ANNA' }, { frame: 'carbon' }), [
    { field: 'engraving', message: 'Engraving is not offered for this configuration' },
  ]);
});

test('validate names the violated rules of a full configuration', () => {
  const c = compile(bike);
  const r = validate(c, { frame: 'carbon', brakes: 'rim', size: 44, rack: true });
  assert.deepEqual(
    r.violations.map((v) => v.rule),
    ['carbon-disc', 'small-no-rack'],
  );
});

test('auto falls back to the registered SAT backend when the diagram exceeds its budget', () => {
  const c = compile(bike, { nodeBudget: 5 });
  assert.equal(c.stats.backend, 'sat');
  assert.equal(c.backend.count({}), compile(bike, { backend: 'bdd' }).backend.count({}));
  assert.deepEqual(
    c.backend.domains({ frame: 'carbon' }),
    compile(bike).backend.domains({ frame: 'carbon' }),
  );
});
