// Personalization patterns are safe by construction: the model checker (and so `compile`)
// refuses every pattern shape that can backtrack exponentially, and a pattern only ever runs on
// text within bounds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkModel, compile, validatePersonalization, ModelError } from '../src/index.ts';
import { unsafePatternReason, MAX_PATTERN_LENGTH } from '../src/model/safe-regex.ts';
import { bike } from './fixtures.ts';

function withPattern(pattern: string, maxLength = 30) {
  const model = structuredClone(bike);
  model.personalization = [
    { id: 'engraving', label: 'Engraving', kind: 'text', maxLength, pattern },
  ];
  return model;
}

const patternIssues = (pattern: string) =>
  checkModel(withPattern(pattern)).filter((i) => i.path === 'personalization[0].pattern');

for (const pattern of [
  '([a-z]+)+',
  '(a|a)*',
  '(a*)*',
  '\\1',
  '(a)\\1',
  '(?=a)a',
  '(?<!x)a',
  '(a?){5}',
]) {
  test(`the pattern ${pattern} is refused by the model checker, naming its path`, () => {
    const issues = patternIssues(pattern);
    assert.equal(issues.length >= 1, true, `${pattern} is refused`);
    assert.equal(issues[0]!.severity, 'error');
  });
}

test('nested quantifiers, overlapping alternations, backreferences and lookarounds each say why', () => {
  assert.match(unsafePatternReason('([a-z]+)+')!, /nested quantifiers/);
  assert.match(unsafePatternReason('(a|a)*')!, /alternation/);
  assert.match(unsafePatternReason('(a*)*')!, /contains a quantifier/);
  assert.match(unsafePatternReason('(a)\\1')!, /backreference/);
  assert.match(unsafePatternReason('(?<n>a)\\k<n>')!, /backreference/);
  assert.match(unsafePatternReason('(?=a)a')!, /lookahead/);
  assert.match(unsafePatternReason('(?<=a)b')!, /lookbehind/);
});

test('a pattern longer than the bound is refused', () => {
  const long = 'a'.repeat(MAX_PATTERN_LENGTH + 1);
  assert.match(patternIssues(long)[0]!.message, /longer than 200 characters/);
});

test('ordinary patterns pass the checker and work', () => {
  for (const pattern of ['^[A-Z]{2,3}$', '^[a-z ]{1,30}$', '[A-Z ]*', '^[4-7][0-9](\\.5)?$']) {
    assert.deepEqual(patternIssues(pattern), [], pattern);
  }
  const compiled = compile(withPattern('^[a-z ]{1,30}$'));
  assert.deepEqual(validatePersonalization(compiled, { engraving: 'anna and ben' }), []);
  assert.equal(validatePersonalization(compiled, { engraving: 'ANNA' }).length, 1);
});

test('compile refuses a model with an unsafe pattern', () => {
  assert.throws(() => compile(withPattern('([a-z]+)+')), ModelError);
});

test('a field longer than its bound is refused without running the pattern', () => {
  assert.match(checkModel(withPattern('[a-z]*', 5000))[0]!.message, /at most 1000/);
});

test('an unsafe pattern of a model compiled before the check never runs on a quote', () => {
  const compiled = compile(withPattern('^[a-z]+$'));
  // A stored model from before the safety check, loaded as it is.
  compiled.model.personalization![0]!.pattern = '([a-z]+)+';
  const issues = validatePersonalization(compiled, { engraving: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaa!' });
  assert.equal(issues.length, 1);
  assert.match(issues[0]!.message, /refused as unsafe/);
});
