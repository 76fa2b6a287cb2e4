// The customer's own input (`customerInput` features): the model may not set one, and no query
// of the engine ever fills one in. Both backends are covered by the conformance suite
// (runCustomerInput); these tests cover the model check, sessions and serialization.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkModel,
  compile,
  createSession,
  customerInputFeatures,
  deserialize,
  missingCustomerInput,
  type ProductModel,
} from '../src/index.ts';
import { bike } from './fixtures.ts';

/** The fixture bike with the frame size as the customer's own measurement. */
const sized: ProductModel = {
  ...bike,
  features: bike.features.map((f) => (f.id === 'size' ? { ...f, customerInput: true } : f)),
  defaults: undefined,
  presets: undefined,
  needs: undefined,
};

const errorsOf = (model: unknown) =>
  checkModel(model)
    .filter((i) => i.severity === 'error')
    .map((i) => `${i.path}: ${i.message}`);

test('a model with a customer-input feature and nothing that sets it is correct', () => {
  assert.deepEqual(errorsOf(sized), []);
});

test('customerInput must be true or false', () => {
  const bad = {
    ...sized,
    features: sized.features.map((f) => (f.id === 'size' ? { ...f, customerInput: 'yes' } : f)),
  };
  assert.deepEqual(errorsOf(bad), [
    "features[2].customerInput: 'customerInput' must be true or false",
  ]);
});

test('defaults, presets and needs answers that set a customer-input feature are refused, naming it', () => {
  const errors = errorsOf({
    ...sized,
    defaults: { size: 52, rack: true },
    presets: [{ id: 'tall', label: 'Tall', choices: { frame: 'alu', size: 60 } }],
    needs: [
      {
        id: 'height',
        question: 'How tall are you?',
        answers: [
          { id: 'short', label: 'Short', require: ['size <= 48'] },
          { id: 'tall', label: 'Tall', prefer: { 'size=60': 100, 'rack=true': 5 } },
        ],
      },
    ],
  });
  const own = (what: string) =>
    `'size' is the customer's own input (customerInput): ${what} must not set it — only the customer enters it`;
  assert.deepEqual(errors, [
    `defaults.size: ${own('a default')}`,
    `presets[0].choices.size: ${own('a preset')}`,
    `needs[0].answers[0].require[0]: ${own('a needs answer')}`,
    `needs[0].answers[1].prefer.size=60: ${own('a needs answer')}`,
  ]);
});

test('a session leaves the input open in its optimum and samples and lists it as missing until entered', () => {
  for (const backend of ['bdd', 'sat'] as const) {
    const compiled = compile(sized, { backend });
    assert.deepEqual(customerInputFeatures(compiled.ir), ['size']);
    const session = createSession(compiled);
    const best = session.optimize({ sense: 'min', weights: { price: 1 } });
    assert.ok(best, backend);
    assert.equal('size' in best, false, `${backend}: the optimum leaves the size open`);
    assert.deepEqual(Object.keys(best).sort(), ['brakes', 'frame', 'rack']);
    for (const s of session.sample(10, 7))
      assert.equal('size' in s, false, `${backend}: a sample leaves the size open`);
    assert.deepEqual(session.missingInput(), ['size']);
    assert.ok(session.select('size', 56).ok);
    assert.deepEqual(session.missingInput(), []);
    assert.equal(session.optimize({ sense: 'min', weights: { price: 1 } })?.size, 56);
    assert.deepEqual(missingCustomerInput(compiled, { frame: 'alu' }), ['size']);
  }
});

test('the flag survives serialization: a restored model still leaves the input open', () => {
  const restored = deserialize(compile(sized, { backend: 'bdd' }).serialize());
  assert.equal(restored.model.features.find((f) => f.id === 'size')?.customerInput, true);
  const best = restored.backend.optimize({}, { sense: 'max', weights: { price: 1 } });
  assert.ok(best);
  assert.equal('size' in best, false);
});
