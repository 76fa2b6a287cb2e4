// The demo catalog: every `examples/<family>/model.yaml` must check clean, compile, offer presets
// that complete to valid products, needs answers that can be met, price every design above its
// cost with a routing that ends in the final customization step, and ship its preview layers.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import {
  checkModel,
  compile,
  createSession,
  customerInputFeatures,
  missingCustomerInput,
  priceOf,
  validate,
  validatePersonalization,
  type CompiledModel,
  type Configuration,
  type FeatureDef,
  type NeedAnswer,
  type NeedQuestion,
  type Objective,
  type OptionProps,
  type ProductModel,
} from '@customerize/engine';

const here = dirname(fileURLToPath(import.meta.url));

/** A family's model: `model.yaml`, or `model.json` for a generated model too large for YAML. */
function modelFile(family: string): string | null {
  for (const name of ['model.yaml', 'model.json']) {
    const file = join(here, family, name);
    if (existsSync(file)) return file;
  }
  return null;
}

const families = readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory() && modelFile(d.name) !== null)
  .map((d) => d.name)
  .sort();

function loadModel(family: string): ProductModel {
  const file = modelFile(family)!;
  const text = readFileSync(file, 'utf8');
  return (file.endsWith('.json') ? JSON.parse(text) : parse(text)) as ProductModel;
}

interface WorkCenter {
  id: string;
  name: string;
  hoursPerDay: number;
  workingDays: string[];
}

function loadWorkCenters(): WorkCenter[] {
  const doc = parse(readFileSync(join(here, 'work-centers.yaml'), 'utf8')) as {
    workCenters: WorkCenter[];
  };
  return doc.workCenters;
}

/** Every option-like property block of a model: base, enum options, bool sides. */
function propertyBlocks(model: ProductModel): Array<{ where: string; props: OptionProps }> {
  const out: Array<{ where: string; props: OptionProps }> = [];
  if (model.base) out.push({ where: 'base', props: model.base });
  for (const f of model.features) {
    if (f.type === 'enum')
      for (const o of f.options) out.push({ where: `${f.id}=${o.id}`, props: o });
    if (f.type === 'bool') {
      if (f.whenTrue) out.push({ where: `${f.id}=true`, props: f.whenTrue });
      if (f.whenFalse) out.push({ where: `${f.id}=false`, props: f.whenFalse });
    }
  }
  return out;
}

function assetKeys(f: FeatureDef): string[] {
  if (f.type === 'enum') return f.options.flatMap((o) => o.assets ?? []);
  if (f.type === 'bool') return [...(f.whenTrue?.assets ?? []), ...(f.whenFalse?.assets ?? [])];
  return [];
}

/** Why a `prefer` key names nothing in the model, or null when it names an option or property. */
function unknownPreference(model: ProductModel, key: string): string | null {
  const eq = key.indexOf('=');
  if (eq < 0) {
    const declared = new Set([
      'price',
      'cost',
      'leadTimeDays',
      ...(model.properties ?? []).map((p) => p.name),
    ]);
    return declared.has(key) ? null : `'${key}' is not a declared property`;
  }
  const [id, value] = [key.slice(0, eq), key.slice(eq + 1)];
  const f = model.features.find((x) => x.id === id);
  if (!f) return `no feature '${id}'`;
  const ok =
    f.type === 'enum'
      ? f.options.some((o) => o.id === value)
      : f.type === 'bool'
        ? value === 'true' || value === 'false'
        : Number.isInteger(Number(value)) &&
          Number(value) >= f.min &&
          Number(value) <= f.max &&
          (Number(value) - f.min) % (f.step ?? 1) === 0;
  return ok ? null : `'${value}' is not a value of ${id}`;
}

/** The bool feature standing for "the customer gave this answer" in the needs test model. */
function answerFeature(q: NeedQuestion, a: NeedAnswer): string {
  return `need__${q.id}__${a.id}`;
}

/**
 * The model plus one bool feature per needs answer, with a rule that the answer's `require`
 * expressions hold when it is chosen — so one compiled model answers every combination.
 */
function withNeeds(model: ProductModel): ProductModel {
  const features = [...model.features];
  const rules = [...(model.rules ?? [])];
  for (const q of model.needs ?? [])
    for (const a of q.answers) {
      const id = answerFeature(q, a);
      features.push({ id, type: 'bool' });
      if (a.require?.length)
        rules.push({
          id: `${id}__require`,
          expr: `${id} -> (${a.require.map((r) => `(${r})`).join(' and ')})`,
        });
    }
  return { ...model, features, rules };
}

/** The proposal objective for a set of answers: their preference weights summed, minus the price. */
function proposalObjective(answers: NeedAnswer[]): Objective {
  const weights: Record<string, number> = { price: -1 };
  for (const a of answers)
    for (const [k, w] of Object.entries(a.prefer ?? {})) weights[k] = (weights[k] ?? 0) + w;
  return { sense: 'max', weights };
}

function withoutNeeds(config: Configuration): Configuration {
  return Object.fromEntries(Object.entries(config).filter(([k]) => !k.startsWith('need__')));
}

/**
 * A design the engine proposed, with the customer's own inputs entered as a customer would: each
 * missing one takes a value still possible. Fails the test when the engine assigned any input.
 */
function entered(c: CompiledModel, design: Configuration, what: string): Configuration {
  assert.deepEqual(
    missingCustomerInput(c, design),
    customerInputFeatures(c.ir),
    `${what}: every customer-input feature is left open`,
  );
  const session = createSession(c, design);
  for (const f of customerInputFeatures(c.ir)) {
    const value = session.domains()[f]?.[0];
    assert.ok(value !== undefined, `${what}: the customer can still enter ${f}`);
    assert.ok(session.select(f, value).ok, `${what}: enter ${f}`);
  }
  return session.choices();
}

/** Every way of answering all questions (one answer per question). */
function answerCombinations(needs: NeedQuestion[]): Array<Array<[NeedQuestion, NeedAnswer]>> {
  let combos: Array<Array<[NeedQuestion, NeedAnswer]>> = [[]];
  for (const q of needs)
    combos = combos.flatMap((c) =>
      q.answers.map((a) => [...c, [q, a] as [NeedQuestion, NeedAnswer]]),
    );
  return combos;
}

test('the catalog holds at least eight product families', () => {
  assert.ok(families.length >= 8, `found ${families.join(', ')}`);
});

test('work centers are declared once, with capacity and working days', () => {
  const centers = loadWorkCenters();
  const ids = centers.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length, 'duplicate work-center id');
  for (const c of centers) {
    assert.ok(c.name, `${c.id} has a name`);
    assert.ok(c.hoursPerDay > 0 && c.hoursPerDay <= 24, `${c.id} works 0–24 hours a day`);
    assert.ok(c.workingDays.length > 0, `${c.id} works on some days`);
    for (const d of c.workingDays)
      assert.match(d, /^(mon|tue|wed|thu|fri|sat|sun)$/, `${c.id}: day ${d}`);
  }
});

for (const family of families) {
  describe(family, () => {
    const model = loadModel(family);
    let compiledModel: CompiledModel | undefined;
    const compiled = (): CompiledModel => (compiledModel ??= compile(model));
    let compiledWithNeeds: CompiledModel | undefined;
    const withNeedsCompiled = (): CompiledModel =>
      (compiledWithNeeds ??= compile(withNeeds(model)));

    test('the model checks without any issue', () => {
      assert.deepEqual(checkModel(model), []);
      assert.equal(model.id, family, 'the family id matches its folder');
    });

    test('is rich enough to teach: six features, five explained rules, two presets, two needs questions', () => {
      assert.ok(model.features.length >= 6, 'at least 6 features');
      const rules = model.rules ?? [];
      assert.ok(rules.length >= 5, 'at least 5 rules');
      for (const r of rules) assert.ok(r.message, `rule ${r.id} tells the customer why`);
      assert.ok((model.presets ?? []).length >= 2, 'at least 2 presets');
      assert.ok((model.needs ?? []).length >= 2, 'at least 2 needs questions');
      for (const f of model.features) assert.ok(f.label, `feature ${f.id} has a label`);
      const grouped = new Set((model.groups ?? []).flatMap((g) => g.features ?? []));
      for (const f of model.features) assert.ok(grouped.has(f.id), `feature ${f.id} is in a step`);
    });

    test('compiles to a model with valid products', () => {
      const c = compiled();
      const count = createSession(c).count();
      assert.ok(count !== null && count > 0n, `count ${count}`);
    });

    test('the defaults are a valid starting point together', () => {
      const defaults = model.defaults ?? {};
      const session = createSession(compiled(), defaults);
      assert.deepEqual(session.choices(), defaults, 'every default applies');
    });

    for (const preset of model.presets ?? []) {
      test(`preset "${preset.id}" is a valid starting point that completes to a valid product`, () => {
        const c = compiled();
        const session = createSession(c);
        for (const [feature, value] of Object.entries(preset.choices)) {
          const res = session.select(feature, value);
          assert.ok(
            res.ok,
            `${feature}=${String(value)} refused: ${JSON.stringify(res.ok ? null : res.explanation)}`,
          );
        }
        const count = session.count();
        assert.ok(count !== null && count > 0n, `count ${count}`);
        const proposed = session.optimize({ sense: 'min', weights: { price: 1 } });
        assert.ok(proposed, 'a cheapest completion exists');
        const cheapest = entered(c, proposed, `preset ${preset.id}`);
        assert.deepEqual(validate(c, cheapest), { valid: true, violations: [] });
        for (const [feature, value] of Object.entries(preset.choices))
          assert.equal(cheapest[feature], value, `the completion keeps ${feature}`);
      });
    }

    test('every needs answer can be met, and its proposal is a valid design that meets it', () => {
      const needs = model.needs ?? [];
      const ext = withNeedsCompiled();
      const allAnswers = needs.flatMap((q) => q.answers.map((a) => answerFeature(q, a)));
      for (const q of needs)
        for (const a of q.answers) {
          const mine = answerFeature(q, a);
          const session = createSession(ext);
          for (const f of allAnswers)
            assert.ok(session.select(f, f === mine).ok, `${mine}: select ${f}`);
          const count = session.count();
          assert.ok(count !== null && count > 0n, `answer ${q.id}/${a.id} admits no product`);
          const proposal = session.optimize(proposalObjective([a]));
          assert.ok(proposal, `answer ${q.id}/${a.id} has a proposal`);
          const design = entered(ext, proposal, `${q.id}/${a.id}`);
          assert.deepEqual(
            validate(ext, design).violations,
            [],
            `${q.id}/${a.id} proposal meets the answer`,
          );
          assert.deepEqual(validate(compiled(), withoutNeeds(design)).violations, []);
        }
    });

    test('any combination of needs answers still leads to a product', () => {
      const needs = model.needs ?? [];
      const ext = withNeedsCompiled();
      const allAnswers = needs.flatMap((q) => q.answers.map((a) => answerFeature(q, a)));
      for (const combo of answerCombinations(needs)) {
        const chosen = new Set(combo.map(([q, a]) => answerFeature(q, a)));
        const session = createSession(ext);
        for (const f of allAnswers) assert.ok(session.select(f, chosen.has(f)).ok, `select ${f}`);
        const proposal = session.optimize(proposalObjective(combo.map(([, a]) => a)));
        assert.ok(proposal, `no product for answers ${[...chosen].join(', ')}`);
        const design = entered(ext, proposal, [...chosen].join(', '));
        assert.deepEqual(validate(compiled(), withoutNeeds(design)).violations, []);
      }
    });

    test('even the design with the thinnest margin sells above its cost', () => {
      const c = compiled();
      const open = createSession(c).optimize({ sense: 'max', weights: { cost: 1, price: -1 } });
      assert.ok(open, 'a design exists');
      const worst = entered(c, open, 'thinnest margin');
      const quote = priceOf(c, worst);
      assert.ok(
        quote.total > quote.cost,
        `${JSON.stringify(worst)}: price ${quote.total} ≤ cost ${quote.cost}`,
      );
    });

    test('sampled designs take some days and end their routing with the final customization step', () => {
      const c = compiled();
      for (const sample of createSession(c).sample(40, 7)) {
        const quote = priceOf(c, entered(c, sample, 'sample'));
        assert.ok(quote.leadTimeDays > 0, 'a lead time');
        assert.ok(quote.routing.length > 0, 'a routing');
        assert.equal(quote.routing.at(-1)?.final, true, 'the routing ends with the final step');
      }
    });

    test('personal input: optimum, samples, defaults, presets and needs never set a customer-input feature', () => {
      const c = compiled();
      const inputs = customerInputFeatures(c.ir);
      const session = createSession(c);
      for (const objective of [
        { sense: 'min', weights: { price: 1 } },
        { sense: 'max', weights: { price: 1 } },
      ] as const) {
        const best = session.optimize(objective);
        assert.ok(best);
        assert.deepEqual(missingCustomerInput(c, best), inputs, `${objective.sense} price`);
      }
      for (const sample of session.sample(40, 11))
        assert.deepEqual(missingCustomerInput(c, sample), inputs, 'a sample');
      assert.deepEqual(missingCustomerInput(c, model.defaults ?? {}), inputs, 'the defaults');
      for (const p of model.presets ?? [])
        assert.deepEqual(missingCustomerInput(c, p.choices), inputs, `preset ${p.id}`);
      for (const q of model.needs ?? [])
        for (const a of q.answers)
          for (const key of Object.keys(a.prefer ?? {}))
            assert.ok(!inputs.includes(key.split('=')[0]!), `${q.id}/${a.id} prefers ${key}`);
    });

    test('every needs preference names an option or a property of the model', () => {
      for (const q of model.needs ?? [])
        for (const a of q.answers)
          for (const key of Object.keys(a.prefer ?? {}))
            assert.equal(unknownPreference(model, key), null, `${q.id}/${a.id}: ${key}`);
    });

    test('every option uses declared work centers, and BOM lines have a SKU and a positive quantity', () => {
      const centers = new Set(loadWorkCenters().map((c) => c.id));
      for (const { where, props } of propertyBlocks(model)) {
        for (const w of props.work ?? []) {
          assert.ok(centers.has(w.center), `${where}: unknown work center ${w.center}`);
          assert.ok(w.hours > 0, `${where}: hours`);
        }
        for (const b of props.bom ?? [])
          assert.ok(b.sku && b.qty > 0, `${where}: BOM line ${JSON.stringify(b)}`);
      }
    });

    test('every preview layer exists as an SVG on the shared 400×300 canvas', () => {
      const keys = ['base', ...model.features.flatMap(assetKeys)];
      for (const key of keys) {
        const file = join(here, family, 'assets', `${key}.svg`);
        assert.ok(existsSync(file), `missing asset ${family}/assets/${key}.svg`);
        assert.match(
          readFileSync(file, 'utf8'),
          /<svg [^>]*viewBox="0 0 400 300"/,
          `${key}.svg canvas`,
        );
      }
    });
  });
}

describe('personalization fields in the catalog', () => {
  test('sneaker initials are one to three capitals, asked only with a monogram', () => {
    const c = compile(loadModel('sneakers'));
    const withMonogram = { monogram: true };
    assert.deepEqual(validatePersonalization(c, { monogram_text: 'JMK' }, withMonogram), []);
    assert.equal(validatePersonalization(c, { monogram_text: 'jmk' }, withMonogram).length, 1);
    assert.equal(validatePersonalization(c, { monogram_text: 'ABCD' }, withMonogram).length, 2);
    assert.equal(
      validatePersonalization(c, {}, withMonogram).length,
      1,
      'required with a monogram',
    );
    assert.deepEqual(validatePersonalization(c, {}, { monogram: false }), []);
    assert.equal(
      validatePersonalization(c, { monogram_text: 'JMK' }, { monogram: false }).length,
      1,
    );
  });

  test('personal measurements are the customer’s own input: the prescription, the rider’s height, the shoe size', () => {
    const inputs = (family: string) => customerInputFeatures(compile(loadModel(family)).ir);
    assert.deepEqual(inputs('eyeglasses'), [
      'sphere_right',
      'sphere_left',
      'cylinder_right',
      'cylinder_left',
      'addition',
    ]);
    assert.deepEqual(inputs('city-bike'), ['rider_height']);
    assert.deepEqual(inputs('sneakers'), ['size']);
    for (const family of [
      'laptop',
      'coffee-subscription',
      'vitamin-pack',
      'greeting-card',
      'fitness-programme',
    ])
      assert.deepEqual(inputs(family), [], `${family} has options only`);
  });

  test('a glasses axis is asked only for an eye with a cylinder, and lies between 0 and 180', () => {
    const c = compile(loadModel('eyeglasses'));
    const astigmatic = { cylinder_right: -4, cylinder_left: 0 };
    assert.deepEqual(
      validatePersonalization(c, { axis_right: '175', pupillary_distance: '63.5' }, astigmatic),
      [],
    );
    assert.equal(
      validatePersonalization(c, { axis_right: '181', pupillary_distance: '63' }, astigmatic)
        .length,
      1,
    );
    assert.equal(
      validatePersonalization(c, { pupillary_distance: '63' }, astigmatic).length,
      1,
      'axis required',
    );
    assert.equal(
      validatePersonalization(
        c,
        { axis_left: '90', axis_right: '10', pupillary_distance: '63' },
        astigmatic,
      ).length,
      1,
      'no axis for an eye without cylinder',
    );
  });

  test('the card message is optional, priced when written, and the address needs an envelope', () => {
    const c = compile(loadModel('greeting-card'));
    const config = createSession(c).optimize({ sense: 'min', weights: { price: 1 } });
    assert.ok(config);
    const plain = priceOf(c, config).total;
    assert.equal(priceOf(c, config, { message: 'Happy birthday, Ada!' }).total, plain + 150);
    assert.deepEqual(validatePersonalization(c, {}, config), []);
    assert.equal(validatePersonalization(c, { message: 'x'.repeat(201) }, config).length, 1);
    assert.equal(config.envelope, 'none', 'the cheapest card is a postcard without envelope');
    assert.equal(
      validatePersonalization(c, { envelope_address: 'Ada, 1 Main St' }, config).length,
      1,
    );
  });
});

describe('the Renault Megane, a real car configurator', () => {
  const model = loadModel('renault-megane');
  const domainNames = join(here, '../../shared/benchmarks/configuration/clib/renault_domains.txt');

  test('has the 2,835,456,006,272 valid cars the CLib benchmark documents', () => {
    const compiled = compile(model);
    assert.equal(compiled.stats.backend, 'bdd');
    assert.equal(createSession(compiled).count(), 2_835_456_006_272n);
    assert.equal(model.features.length, 99);
    assert.equal(model.rules?.length, 113);
  });

  test(
    'offers exactly Renault’s value codes of renault_domains.txt, one feature per variable',
    {
      skip: existsSync(domainNames)
        ? false
        : 'the shared benchmarks are not next to the repository',
    },
    () => {
      const lines = readFileSync(domainNames, 'utf8').trim().split('\n');
      const codes = lines.map((l) =>
        l
          .split(':')[1]!
          .split(',')
          .map((s) => s.trim()),
      );
      const options = model.features.map((f) =>
        f.type === 'enum' ? f.options.map((o) => o.id) : [],
      );
      assert.deepEqual(options, codes);
    },
  );

  test('every feature sits in one of the sections, and no section is empty', () => {
    const groups = model.groups ?? [];
    assert.ok(groups.length >= 6);
    for (const g of groups) assert.ok((g.features ?? []).length > 0, `${g.id} has features`);
    const placed = groups.flatMap((g) => g.features ?? []);
    assert.deepEqual([...placed].sort(), model.features.map((f) => f.id).sort());
  });

  test('says its prices are invented', () => {
    assert.match(model.description ?? '', /price.*invented/);
  });
});
