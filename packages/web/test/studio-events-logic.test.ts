// The studio's event tracker (src/studio/studioEvents.ts) without a browser: events wait for the
// way in, carry first-of-visit marks instead of any id, never carry the customer's own
// measurements, and a conflict left open counts as abandoned when the page goes away.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { ProductModel } from '@customerize/engine';
import { createStudioTracker, startVisit, type Batch } from '../src/studio/studioEvents.ts';

const bike = parse(
  readFileSync(
    fileURLToPath(new URL('../../../examples/city-bike/model.yaml', import.meta.url)),
    'utf8',
  ),
) as ProductModel;

function tracker(options: { entry?: 'remix' } = {}) {
  const sent: { batch: Batch; leaving: boolean }[] = [];
  const timers: (() => void)[] = [];
  const t = createStudioTracker({
    model: bike,
    versionId: 'v1',
    visit: 'visit-1',
    send: (batch, leaving) => sent.push({ batch: structuredClone(batch), leaving }),
    setTimer: (fn) => timers.push(fn),
    clearTimer: () => undefined,
    ...options,
  });
  return { t, sent, tick: () => timers.splice(0).forEach((fn) => fn()) };
}

test('nothing is sent before the way in is known; then one batch with first-of-visit marks', () => {
  const { t, sent, tick } = tracker();
  tick();
  t.flush();
  assert.equal(sent.length, 0, 'the studio was only opened');
  t.enter('preset');
  t.excludedOpened('drivetrain', 'hub8', ['hub-gears-not-on-carbon'], {
    frame_material: 'carbon',
    rider_height: 180,
  });
  t.whyRead('drivetrain', 'hub8', ['hub-gears-not-on-carbon']);
  t.excludedOpened('brakes', 'rim', ['carbon-needs-disc-brakes', 'hub-gears-not-on-carbon'], {});
  t.designSaved();
  t.designSaved();
  tick();
  assert.equal(sent.length, 1);
  const { batch } = sent[0]!;
  assert.equal(batch.entry, 'preset');
  assert.equal(batch.visit, 'visit-1');
  assert.deepEqual(batch.events, [
    { type: 'studio_opened', first: true },
    {
      type: 'excluded_opened',
      first: true,
      feature: 'drivetrain',
      value: 'hub8',
      rules: ['hub-gears-not-on-carbon'],
      firstRules: ['hub-gears-not-on-carbon'],
      design: { frame_material: 'carbon' },
    },
    {
      type: 'why_read',
      first: true,
      feature: 'drivetrain',
      value: 'hub8',
      rules: ['hub-gears-not-on-carbon'],
    },
    {
      type: 'excluded_opened',
      feature: 'brakes',
      value: 'rim',
      rules: ['carbon-needs-disc-brakes', 'hub-gears-not-on-carbon'],
      firstRules: ['carbon-needs-disc-brakes'],
      design: {},
    },
    { type: 'design_saved', first: true },
    { type: 'design_saved' },
  ]);
});

test('a blank start gives way to naming a price; a remix link fixes the way in', () => {
  const blank = tracker();
  blank.t.enter('options', true);
  blank.t.enter('name_your_price');
  blank.t.flush();
  assert.equal(blank.sent[0]!.batch.entry, 'name_your_price');
  const remix = tracker({ entry: 'remix' });
  remix.t.enter('preset');
  remix.t.flush();
  assert.equal(remix.sent[0]!.batch.entry, 'remix');
});

test('a conflict left open is abandoned when the page goes away, unless resolved or ordered', () => {
  const open = tracker();
  open.t.excludedOpened('brakes', 'rim', ['carbon-needs-disc-brakes'], { colour: 'black' });
  open.t.leave();
  const last = open.sent.at(-1)!;
  assert.equal(last.leaving, true);
  assert.equal(last.batch.entry, 'options', 'a first action without a start is option by option');
  assert.deepEqual(last.batch.events.at(-1), {
    type: 'conflict_abandoned',
    first: true,
    feature: 'brakes',
    value: 'rim',
    rules: ['carbon-needs-disc-brakes'],
    design: { colour: 'black' },
  });
  for (const resolve of ['choseAnyway', 'ordered'] as const) {
    const r = tracker();
    r.t.excludedOpened('brakes', 'rim', ['carbon-needs-disc-brakes'], {});
    if (resolve === 'choseAnyway')
      r.t.choseAnyway('brakes', 'rim', ['carbon-needs-disc-brakes'], {});
    else r.t.ordered();
    r.t.leave();
    const types = r.sent.flatMap((s) => s.batch.events.map((e) => e.type));
    assert.ok(!types.includes('conflict_abandoned'), `${resolve}: ${types.join(', ')}`);
  }
});

test('the value of a personal measurement is never sent; explanations without rules are not events', () => {
  const { t, sent } = tracker();
  t.enter('options');
  t.excludedOpened('rider_height', 150, ['frame-size-from-height'], { rider_height: 150 });
  t.excludedOpened('frame_material', 'carbon', [], {});
  t.flush();
  const events = sent[0]!.batch.events;
  assert.deepEqual(events[1], {
    type: 'excluded_opened',
    first: true,
    feature: 'rider_height',
    rules: ['frame-size-from-height'],
    firstRules: ['frame-size-from-height'],
    design: {},
  });
  assert.equal(events.length, 2);
  assert.doesNotMatch(JSON.stringify(sent), /150/);
});

test('a visit that never began is replaced without a word; a begun one is ended and sent', () => {
  const untouched = tracker({ entry: 'remix' });
  startVisit(untouched.t);
  const again = tracker({ entry: 'remix' });
  startVisit(again.t);
  assert.equal(untouched.sent.length, 0, 'React made the page twice: nothing sent');
  again.t.enter('preset');
  const next = tracker();
  startVisit(next.t);
  assert.equal(again.sent.length, 1);
  assert.equal(again.sent[0]!.leaving, true);
  assert.equal(again.sent[0]!.batch.entry, 'remix');
});
