// The studio inside a company's approved space (issue 12), on the real laptop model: values the
// approval leaves out are unavailable and say "Not approved by <company>" on the value, apart
// from values the model itself excludes, and the words of an explanation keep the two apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { compile, createSession, type ProductModel, type Restriction } from '@customerize/engine';
import { availability } from '../src/studio/useStudio.ts';
import { explanationText } from '../src/studio/explain.ts';

const examples = fileURLToPath(new URL('../../../examples', import.meta.url));
const laptop = parse(readFileSync(`${examples}/laptop/model.yaml`, 'utf8')) as ProductModel;
const compiled = compile(laptop);
const acme: Restriction = {
  id: 'approved:acme',
  label: 'Acme',
  message: 'Not approved by Acme',
  allowed: { ram: ['gb16', 'gb32'], chassis: ['c14'] },
};

test('a value the company left out is unavailable and names the company, not a rule', () => {
  const session = createSession(compiled, {}, { restrictions: [acme] });
  const ram = availability(session).ram!;
  const gb64 = ram.find((v) => v.value === 'gb64')!;
  assert.equal(gb64.available, false);
  assert.deepEqual(gb64.explanation?.restrictions, [
    { id: 'approved:acme', message: 'Not approved by Acme' },
  ]);
  assert.deepEqual(
    ram.filter((v) => v.available).map((v) => v.value),
    ['gb16', 'gb32'],
  );
  // A dedicated graphics card needs the 16" chassis, which Acme did not approve: the card is
  // excluded by the model's rules under the approval, not by the approval itself.
  const rtx = availability(session).gpu!.find((v) => v.value === 'rtx4070')!;
  assert.equal(rtx.available, false);
  assert.equal(rtx.explanation, undefined);
});

test('the words of an explanation list the company apart from technical reasons', () => {
  const session = createSession(compiled, {}, { restrictions: [acme] });
  const result = session.select('ram', 'gb64');
  assert.equal(result.ok, false);
  const words = explanationText(laptop, result.ok ? assert.fail() : result.explanation);
  assert.deepEqual(words.notApproved, ['Not approved by Acme']);
  assert.deepEqual(words.reasons, []);
  const free = createSession(compiled, { chassis: 'c14' }).select('gpu', 'rtx4070');
  assert.equal(free.ok, false);
  const technical = explanationText(laptop, free.ok ? assert.fail() : free.explanation);
  assert.deepEqual(technical.notApproved, []);
  assert.ok(technical.reasons.length > 0);
});
