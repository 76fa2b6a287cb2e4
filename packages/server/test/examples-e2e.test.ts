// Every example family (examples/*/model.yaml) checks and compiles through the console API, is
// published in the demo firm with its preview layers, and one of its presets orders end to end:
// shop product → engine completion in "the browser" → server quote → guest order → the console
// sees it with BOM and routing → operations confirm it → the customer's page shows it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validatePersonalization, type PersonalizationField } from '@customerize/engine';
import { EXAMPLES_DIR, exampleFamilies } from '../src/seed/demo-catalog.ts';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { completePreset, orderAsGuest, shopProduct } from './helpers/shop.ts';

const families = exampleFamilies();

/** Texts a customer might type; the first the model accepts fills each required field. */
const SAMPLE_TEXTS = [
  '64',
  '90',
  'AB',
  'Happy birthday, Sam!',
  'Sam Jansen, Keizersgracht 1, Amsterdam',
];

let t: TestApp;
let firm: Firm;
let designer: SignedIn;
let operations: SignedIn;

before(async () => {
  t = await createTestApp();
  firm = await t.seedFirm('demo');
  designer = await t.signIn(firm, 'designer');
  operations = await t.signIn(firm, 'operations');
});
after(() => t.close());

test('the examples folder has the eight families of the demo catalog', () => {
  assert.ok(families.length >= 8, `found ${families.join(', ')}`);
});

for (const family of families) {
  describe(family, () => {
    test('checks and compiles through the console API', async () => {
      const source = readFileSync(join(EXAMPLES_DIR, family, 'model.yaml'), 'utf8');
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/products/model-check',
        headers: designer.headers,
        payload: { source, format: 'yaml' },
      });
      const body = res.json<{ ok: boolean; issues: unknown[]; stats: { count: string | null } }>();
      assert.equal(body.ok, true, JSON.stringify(body.issues));
      assert.notEqual(body.stats.count, '0');
    });

    test('a preset orders end to end through the API', async () => {
      const product = await shopProduct(t, 'demo', family);
      const choices = completePreset(product);
      const fields = (product.model.personalization ?? []) as PersonalizationField[];
      const personalization: Record<string, string> = {};
      for (const field of fields) {
        if (!field.required) continue;
        if (validatePersonalization(product.engine, {}, choices).every((i) => i.field !== field.id))
          continue;
        const text = SAMPLE_TEXTS.find(
          (s) =>
            !validatePersonalization(
              product.engine,
              { ...personalization, [field.id]: s },
              choices,
            ).some((i) => i.field === field.id),
        );
        assert.ok(text, `a sample text fits ${field.id}`);
        personalization[field.id] = text;
      }
      const order = await orderAsGuest(t, 'demo', product.version.id, choices, personalization);

      const detail = await t.app.inject({
        method: 'GET',
        url: `/api/v1/orders/${order.id}`,
        headers: operations.headers,
      });
      assert.equal(detail.statusCode, 200);
      const d = detail.json<{
        product: { slug: string };
        bom: unknown[];
        routing: { final: boolean }[];
        total: number;
      }>();
      assert.equal(d.product.slug, family);
      assert.equal(d.total, order.total);
      assert.ok(d.routing.length > 0, 'the order has a routing');
      assert.equal(d.routing.at(-1)!.final, true, 'ending with the final customization step');

      const confirm = await t.app.inject({
        method: 'POST',
        url: `/api/v1/orders/${order.id}/transitions`,
        headers: operations.headers,
        payload: { to: 'confirmed' },
      });
      assert.equal(confirm.statusCode, 200, confirm.body);
      const page = await t.app.inject({
        method: 'GET',
        url: `/api/v1/shop/demo/orders/${order.id}?token=${order.token}`,
      });
      assert.equal(page.json<{ status: string }>().status, 'confirmed');

      const base = await t.app.inject({ method: 'GET', url: `${product.assetsBase}base` });
      assert.equal(base.statusCode, 200, 'the preview base layer is served');
    });
  });
}
