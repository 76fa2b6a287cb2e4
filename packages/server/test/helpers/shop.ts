// Shop calls for tests of the studio and orders: load a published product, complete a preset
// with the engine the browser runs, quote and order it through the API.
import assert from 'node:assert/strict';
import {
  createSession,
  deserialize,
  type CompiledModel,
  type ProductModel,
  type Configuration,
} from '@customerize/engine';
import { enterDemoMeasurements } from '../../src/seed/demo-catalog.ts';
import type { TestApp } from './app.ts';

export type ShopProduct = {
  product: { id: string; slug: string; name: string };
  version: { id: string; number: number };
  model: { presets?: { id: string; choices: Configuration }[]; personalization?: unknown[] };
  /** The compact compiled model's immutable URL (`deserialize(bytes, model)`). */
  compiledUrl: string;
  popularity: Record<string, Record<string, number>>;
  topDesigns: { choices: Configuration; orders: number }[];
  assetsBase: string;
};

export type Quote = {
  valid: boolean;
  violations: { rule: string; message: string }[];
  currency: string;
  lines: { label: string; amount: number }[];
  total: number;
  leadTimeDays: number;
  promisedDate: string;
  workCenters: { center: string; hours: number; startDate: string; endDate: string }[];
};

export async function shopProduct(
  t: TestApp,
  tenant: string,
  slug: string,
): Promise<ShopProduct & { engine: CompiledModel }> {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/shop/${tenant}/products/${slug}` });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json<ShopProduct>();
  const bytes = await t.app.inject({ method: 'GET', url: body.compiledUrl });
  assert.equal(bytes.statusCode, 200, bytes.body);
  return {
    ...body,
    engine: deserialize(new Uint8Array(bytes.rawPayload), body.model as ProductModel),
  };
}

/** A preset completed to a full design the way the studio does: the customer enters their own
 * measurements (customer-input features), then the cheapest valid completion fills the rest. */
export function completePreset(
  p: ShopProduct & { engine: CompiledModel },
  presetIndex = 0,
): Configuration {
  const session = createSession(p.engine);
  for (const [f, v] of Object.entries(p.model.presets?.[presetIndex]?.choices ?? {}))
    session.select(f, v);
  enterDemoMeasurements(session);
  const config = session.optimize({ sense: 'min', weights: { price: 1 } });
  assert.ok(config, 'the preset completes to a valid product');
  return config;
}

export async function quote(
  t: TestApp,
  tenant: string,
  body: { versionId: string; choices: Configuration; personalization?: Record<string, string> },
): Promise<Quote> {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/shop/${tenant}/quote`,
    payload: body,
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json<Quote>();
}

export type PlacedOrder = {
  id: string;
  number: number;
  token: string;
  status: string;
  promisedDate: string;
  total: number;
};

/** Quotes, then orders as a guest with exactly what the quote said. */
export async function orderAsGuest(
  t: TestApp,
  tenant: string,
  versionId: string,
  choices: Configuration,
  personalization: Record<string, string> = {},
): Promise<PlacedOrder> {
  const q = await quote(t, tenant, { versionId, choices, personalization });
  assert.ok(q.valid, `the design is valid: ${JSON.stringify(q.violations)}`);
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/shop/${tenant}/orders`,
    payload: {
      versionId,
      choices,
      personalization,
      email: 'guest.buyer@example.com',
      expected: { total: q.total, currency: q.currency, promisedDate: q.promisedDate },
    },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json<PlacedOrder>();
}
