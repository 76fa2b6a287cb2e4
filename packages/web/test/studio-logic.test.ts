// The studio's in-browser logic on the real example models: needs answers → proposed design,
// availability without explanations agreeing with the engine's session, explanations and
// changes in words, money and date formatting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { compile, createSession, type ProductModel } from '@customerize/engine';
import { NoDesignFits, propose } from '../src/studio/needs.ts';
import { availability, snapshotOf } from '../src/studio/useStudio.ts';
import { changeText, explanationText } from '../src/studio/explain.ts';
import { formatDelta, formatMoney, formatMoneyRange, addDays } from '../src/studio/format.ts';
import { previewLayers, stepsOf, valueLabel } from '../src/studio/model.ts';
import { isMissingViolation, missingItems } from '../src/studio/missing.ts';

const examples = fileURLToPath(new URL('../../../examples', import.meta.url));
const load = (id: string) =>
  parse(readFileSync(`${examples}/${id}/model.yaml`, 'utf8')) as ProductModel;
const bike = load('city-bike');

test('needs answers become rules and preferences, and the proposal satisfies them', () => {
  const p = propose(bike, { riding: 'commute', storage: 'shed', height: 'medium' });
  const compiled = compile(bike);
  assert.equal(p.choices.rider_height, undefined, 'the rider’s height is never guessed');
  const size = Number(p.choices.frame_size);
  assert.ok(size >= 48 && size <= 56, 'a frame size for 165 to 180 cm');
  const height = { 48: 165, 50: 165, 52: 170, 54: 175, 56: 180 }[size];
  assert.equal(
    compiled.backend.validate({ ...p.choices, rider_height: height! }).valid,
    true,
    'with the height entered, a complete, valid bike',
  );
  assert.equal(p.choices.mudguards, true);
  assert.notEqual(p.choices.lights, 'none');
  assert.deepEqual(p.answers, [
    'Commuting every day, in any weather',
    'In a garage or bike shed',
    '165 to 180 cm',
  ]);
  const touring = propose(bike, { riding: 'touring' });
  assert.equal(touring.choices.frame_material, 'steel', 'touring prefers a steel frame');
  assert.equal(touring.choices.rack, true);
});

test('answers that cannot hold together are refused in words', () => {
  const model: ProductModel = {
    id: 'tiny',
    name: 'Tiny',
    currency: 'EUR',
    features: [{ id: 'a', type: 'enum', options: [{ id: 'x' }, { id: 'y' }] }],
    needs: [
      { id: 'q1', question: 'One?', answers: [{ id: 'x', label: 'Only x', require: ['a = x'] }] },
      { id: 'q2', question: 'Two?', answers: [{ id: 'y', label: 'Only y', require: ['a = y'] }] },
    ],
  };
  assert.throws(
    () => propose(model, { q1: 'x', q2: 'y' }),
    (e: unknown) => e instanceof NoDesignFits && e.answers.join() === 'Only x,Only y',
  );
});

test('availability without explanations agrees with the engine session on every example', () => {
  for (const dir of readdirSync(examples)) {
    if (!existsSync(`${examples}/${dir}/model.yaml`)) continue;
    const model = load(dir);
    const compiled = compile(model);
    const session = createSession(compiled, model.presets?.[0]?.choices ?? {});
    const mine = availability(session);
    const theirs = session.values();
    for (const [feature, infos] of Object.entries(theirs)) {
      infos.forEach((info, i) => {
        const got = mine[feature]![i]!;
        assert.equal(got.value, info.value);
        assert.equal(got.available, info.available, `${dir} ${feature}=${String(info.value)}`);
        assert.deepEqual(got.ranges, info.ranges, `${dir} ${feature}=${String(info.value)} ranges`);
      });
    }
  }
});

test('an excluded option explains itself in words and the minimal change reads as sentences', () => {
  const compiled = compile(bike);
  const session = createSession(compiled, { drivetrain: 'hub8', frame_material: 'aluminium' });
  const result = session.select('frame_material', 'carbon');
  assert.equal(result.ok, false);
  if (result.ok) return;
  const text = explanationText(bike, result.explanation);
  assert.ok(text.reasons.some((r) => r.startsWith('Hub gears need horizontal dropouts')));
  assert.deepEqual(text.conflicts, ['Gears: 8-speed hub gears']);
  const changes = session.selectAnyway('frame_material', 'carbon');
  assert.deepEqual(
    changes.map((c) => changeText(bike, c)),
    [
      'Gears: cleared, choose again (was 8-speed hub gears)',
      'Frame material: Carbon fibre (was Aluminium 6061)',
    ],
  );
});

test('steps follow the groups and the preview stacks the chosen options’ layers in feature order', () => {
  assert.deepEqual(
    stepsOf(bike).map((s) => s.label),
    ['Fit', 'Frame and colour', 'Gears and brakes', 'Equipment'],
  );
  assert.deepEqual(previewLayers(bike, { mudguards: true, colour: 'red', fork: 'suspension' }), [
    'frame-red',
    'fork-suspension',
    'mudguards',
  ]);
  const height = bike.features.find((f) => f.id === 'rider_height');
  assert.equal(valueLabel(height, 175), '175 cm');
});

test('money is written from minor units, deltas are signed, dates are local calendar days', () => {
  assert.match(formatMoney(54900, 'EUR'), /549/);
  assert.doesNotMatch(formatMoney(54900, 'EUR'), /549\.00|549,00/);
  assert.match(formatMoney(1150, 'EUR'), /11[.,]50/);
  assert.equal(formatDelta(0, 'EUR'), 'included');
  assert.match(formatDelta(4900, 'EUR'), /^\+.*49/);
  assert.match(formatDelta(-900, 'EUR'), /^−.*9/);
  assert.equal(formatMoneyRange(100, 100, 'EUR'), formatMoney(100, 'EUR'));
  assert.equal(addDays(10, new Date(2026, 11, 25)), '2027-01-04');
});

test('in a complete design each alternative shows the delivery it would bring', () => {
  const compiled = compile(bike);
  const preset = bike.presets!.find((p) => p.id === 'daily-commuter')!;
  const fromPreset = snapshotOf(createSession(compiled, preset.choices), {});
  assert.equal(fromPreset.complete, false, 'the preset leaves the rider’s height to the rider');
  assert.deepEqual(fromPreset.missingInput, ['rider_height']);
  const entered = { ...preset.choices, rider_height: 175, frame_size: 52 };
  const snap = snapshotOf(createSession(compiled, entered), {});
  assert.equal(snap.complete, true);
  assert.deepEqual(snap.missingInput, []);
  assert.equal(snap.quote.leadTimeDays, 7, 'sage paint sets the pace');
  assert.equal(snap.swapLead.frame_material!.steel, 8, 'a steel frame takes 8 days');
  assert.equal(snap.swapLead.colour!.black, 6, 'black is in every batch: the frame sets 6 days');
  assert.equal(
    snap.swapLead.frame_material!.aluminium,
    undefined,
    'the chosen value is not a swap',
  );
  assert.equal(
    snap.swapLead.frame_material!.carbon,
    undefined,
    'carbon is excluded here (hub gears), so it has no swap lead time',
  );
});

test('a prescription reads in dioptres wherever a value is named, and what is missing is listed as missing', () => {
  const glasses = load('eyeglasses');
  const compiled = compile(glasses);
  const sphere = glasses.features.find((f) => f.id === 'sphere_right');
  assert.equal(valueLabel(sphere, -10), '−2.50 D');
  assert.equal(valueLabel(sphere, 5), '+1.25 D');
  assert.equal(
    changeText(glasses, { feature: 'sphere_right', from: -10, to: -9 }),
    'Sphere, right eye (SPH): −2.25 D (was −2.50 D)',
  );

  const session = createSession(compiled, {
    sphere_right: -10,
    sphere_left: -10,
    cylinder_right: 0,
    addition: 0,
  });
  session.select('cylinder_left', -3);
  const config = session.optimize({ sense: 'min', weights: { price: 1 } })!;
  const missing = missingItems(glasses, compiled, config, {});
  assert.deepEqual(
    missing.map((m) => `${m.label} ${m.href}`),
    [
      'Axis, left eye #personal-axis_left',
      'Pupillary distance (PD) in mm #personal-pupillary_distance',
    ],
  );
  assert.ok(isMissingViolation('personalization:axis_left', missing));
  assert.ok(!isMissingViolation('index-over-4', missing));
  const open = missingItems(glasses, compiled, { sphere_right: -10 }, { pupillary_distance: '63' });
  assert.equal(open[0]?.label, 'Lens type');
  assert.ok(isMissingViolation('feature:lens_type', open));
});

test('a glasses proposal picks lenses, coatings and frame but leaves the prescription to the customer', () => {
  const glasses = load('eyeglasses');
  const p = propose(glasses, { purpose: 'distance', outdoors: 'indoors', priority: 'budget' });
  const prescription = [
    'sphere_right',
    'sphere_left',
    'cylinder_right',
    'cylinder_left',
    'addition',
  ];
  for (const f of prescription) assert.equal(p.choices[f], undefined, `${f} is not invented`);
  assert.equal(p.choices.lens_type, 'single_vision');
  const snap = snapshotOf(createSession(compile(glasses), p.choices), {});
  assert.equal(snap.complete, false);
  assert.deepEqual(snap.missingInput, prescription);
});
