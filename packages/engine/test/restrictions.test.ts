// Restrictions in sessions (a provider's offer, a company-approved design space) and bounded
// optimization, on the fixture bike and every example model, for both backends. The random-model
// checks against brute force are in the conformance suite (conformance/restrictions.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import {
  compile,
  createSession,
  DeadlineExceededError,
  UnknownChoiceError,
  type ProductModel,
  type Restriction,
} from '../src/index.ts';
import { bike } from './fixtures.ts';

const plain: ProductModel = { ...bike, defaults: undefined, presets: undefined };
const approved: Restriction = {
  id: 'approved-frames',
  message: 'Your company approved aluminium and steel frames',
  allowed: { frame: ['alu', 'steel'] },
};
const rimOnly: Restriction = { id: 'rim-only', allowed: { brakes: ['rim'] } };

for (const backend of ['bdd', 'sat'] as const) {
  const compiled = compile(plain, { backend });

  test(`${backend}: a restricted session offers only the allowed values and counts only them`, () => {
    const free = createSession(compiled);
    const s = createSession(compiled, {}, { restrictions: [approved] });
    assert.deepEqual(s.domains().frame, ['alu', 'steel']);
    assert.ok(free.domains().frame!.includes('carbon'));
    assert.ok(s.count()! < free.count()!);
    for (const c of s.sample(20, 7)) assert.notEqual(c.frame, 'carbon');
    assert.notEqual(s.optimize({ sense: 'max', weights: { price: 1 } })?.frame, 'carbon');
  });

  test(`${backend}: choosing a value outside a restriction is refused, naming the restriction`, () => {
    const s = createSession(compiled, {}, { restrictions: [approved] });
    const res = s.select('frame', 'carbon');
    assert.equal(res.ok, false);
    if (res.ok) return;
    assert.deepEqual(res.explanation.restrictions, [
      { id: 'approved-frames', message: 'Your company approved aluminium and steel frames' },
    ]);
    assert.deepEqual(res.explanation.conflicting, []);
    assert.deepEqual(s.selectAnyway('frame', 'carbon'), [], 'even "anyway" cannot override it');
    assert.deepEqual(s.choices(), {});
    const carbon = s.values().frame!.find((v) => v.value === 'carbon')!;
    assert.equal(carbon.available, false);
    assert.equal(carbon.explanation?.restrictions?.[0]?.id, 'approved-frames');
  });

  test(`${backend}: a value the model excludes under a restriction names it with the rule`, () => {
    const s = createSession(compiled, {}, { restrictions: [rimOnly] });
    assert.equal(s.values().frame!.find((v) => v.value === 'carbon')!.available, false);
    const why = s.explain('frame', 'carbon');
    assert.deepEqual(why?.restrictions, [{ id: 'rim-only' }]);
    assert.deepEqual(why?.conflicting, []);
    assert.ok(why?.rules.some((r) => r.id === 'carbon-disc'));
  });

  test(`${backend}: a value the customer's own choice excludes gets the usual explanation`, () => {
    const s = createSession(
      compiled,
      {},
      {
        restrictions: [{ id: 'no-steel', allowed: { frame: ['alu', 'carbon'] } }],
      },
    );
    assert.deepEqual(s.select('brakes', 'rim'), { ok: true });
    const carbon = s.values().frame!.find((v) => v.value === 'carbon')!;
    assert.equal(carbon.available, false);
    assert.equal(carbon.explanation, undefined, 'a step carries no explanation');
    const why = s.explain('frame', 'carbon');
    assert.equal(why?.restrictions, undefined);
    assert.deepEqual(why?.conflicting, [{ feature: 'brakes', value: 'rim' }]);
    const changes = s.selectAnyway('frame', 'carbon');
    assert.deepEqual(s.choices().frame, 'carbon');
    assert.ok(changes.some((c) => c.feature === 'brakes'));
  });

  test(`${backend}: several restrictions intersect`, () => {
    const s = createSession(
      compiled,
      {},
      {
        restrictions: [approved, { id: 'no-alu', allowed: { frame: ['steel', 'carbon'] } }],
      },
    );
    assert.deepEqual(s.domains().frame, ['steel']);
  });

  test(`${backend}: a restriction naming an unknown feature or value is refused like a choice`, () => {
    assert.throws(
      () => createSession(compiled, {}, { restrictions: [{ id: 'x', allowed: { wheels: [1] } }] }),
      UnknownChoiceError,
    );
    assert.throws(
      () =>
        createSession(compiled, {}, { restrictions: [{ id: 'x', allowed: { frame: ['gold'] } }] }),
      UnknownChoiceError,
    );
  });

  test(`${backend}: validation reports a configuration outside a restriction`, () => {
    const s = createSession(compiled, {}, { restrictions: [approved] });
    const carbon = createSession(compiled, { frame: 'carbon' }).optimize({
      sense: 'min',
      weights: { price: 1 },
    })!;
    const v = s.validate(carbon);
    assert.equal(v.valid, false);
    assert.deepEqual(
      v.violations.map((x) => x.rule),
      ['restriction:approved-frames'],
    );
    assert.equal(v.violations[0]!.message, 'Your company approved aluminium and steel frames');
  });

  test(`${backend}: bounded optimize maximizes the price while the cost stays within a bid`, () => {
    const s = createSession(compiled);
    const best = s.optimize({ sense: 'max', weights: { price: 1 } })!;
    assert.equal(best.frame, 'carbon');
    const within = s.optimize(
      { sense: 'max', weights: { price: 1 } },
      { bounds: [{ weights: { cost: 1 }, max: 29_999 }] },
    )!;
    assert.notEqual(within.frame, 'carbon', 'carbon costs 30,000 alone');
    assert.equal(
      s.optimize(
        { sense: 'max', weights: { price: 1 } },
        { bounds: [{ weights: { cost: 1 }, max: -1 }] },
      ),
      null,
    );
  });

  test(`${backend}: a bounded search past its deadline throws DeadlineExceededError`, () => {
    const s = createSession(compiled);
    assert.throws(
      () =>
        s.optimize(
          { sense: 'max', weights: { price: 1 } },
          { bounds: [{ weights: { cost: 1 }, max: 50_000 }], deadlineMs: -1 },
        ),
      DeadlineExceededError,
    );
  });
}

const examples = join(dirname(fileURLToPath(import.meta.url)), '../../../examples');
const families = readdirSync(examples, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(examples, d.name, 'model.yaml')))
  .map((d) => d.name);

test('every example model: a fixed option restricts domains, counts and the optimum', () => {
  assert.ok(families.length > 0);
  for (const family of families) {
    const model = parse(readFileSync(join(examples, family, 'model.yaml'), 'utf8')) as ProductModel;
    const compiled = compile(model);
    const free = createSession(compiled);
    const dom = free.domains();
    const f = model.features.find((x) => x.type === 'enum' && (dom[x.id]?.length ?? 0) >= 2)!;
    const fixed = dom[f.id]![1]!;
    const s = createSession(
      compiled,
      {},
      { restrictions: [{ id: 'fixed', allowed: { [f.id]: [fixed] } }] },
    );
    assert.deepEqual(s.domains()[f.id], [fixed], `${family}: ${f.id} fixed`);
    const chosen = createSession(compiled, { [f.id]: fixed });
    assert.deepEqual(s.domains(), chosen.domains(), `${family}: like choosing it`);
    assert.equal(s.count(), chosen.count(), `${family}: count`);
    const best = s.optimize({ sense: 'min', weights: { price: 1 } });
    assert.equal(best?.[f.id], fixed, `${family}: optimum inside`);
  }
});
