// The demo catalog: every `examples/<family>/model.yaml` published as a product, its
// `assets/*` uploaded under `<family>/<name>`, and the work centers of examples/work-centers.yaml.
// Families whose model does not check are skipped (examples.test.ts reports them).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { putAsset } from '../assets/assets.store.ts';
import { contentTypeOf, keyWithoutExtension, sha256Hex } from '../assets/assets.ts';
import { createSession, type Session } from '@customerize/engine';
import { randomToken, sha256 } from '../auth/tokens.ts';
import { compiledVersion, publishVersion } from '../catalog/catalog.ts';
import { placeOrder } from '../orders/place-order.ts';
import { quoteDesign } from '../studio/quote.ts';
import { insertProduct, insertVersion } from '../catalog/catalog.store.ts';
import { checkModelSource } from '../catalog/model-source.ts';
import { proveModel } from '../catalog/prove.ts';
import { defaultModelLimits } from '../catalog/serving.ts';
import { insertWorkCenter } from '../capacity/capacity.store.ts';
import { hoursToMinutes, WEEKDAY_NUMBERS } from '../capacity/capacity.ts';
import type { DemoSeedContext } from './demo.ts';

export const EXAMPLES_DIR = fileURLToPath(new URL('../../../../examples', import.meta.url));

export function exampleFamilies(dir = EXAMPLES_DIR): string[] {
  return familiesWith(dir, 'model.yaml');
}

/**
 * Families generated from a real industrial model, too large to write by hand (`model.json`:
 * the Renault Megane, 99 features and 113 factory tables). Seeded only on the first start of a
 * real server (a second or two of compiling and proving), not into every test firm.
 */
export function largeExampleFamilies(dir = EXAMPLES_DIR): string[] {
  return familiesWith(dir, 'model.json').filter((f) => !existsSync(join(dir, f, 'model.yaml')));
}

function familiesWith(dir: string, file: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, file)))
    .map((d) => d.name)
    .sort();
}

type CenterYaml = {
  id: string;
  name: string;
  description?: string;
  hoursPerDay: number;
  workingDays: string[];
};

export async function seedDemoCatalog(ctx: DemoSeedContext, dir = EXAMPLES_DIR): Promise<void> {
  const { db, clock, ids, tenant } = ctx;
  const now = clock.now();
  const centersFile = join(dir, 'work-centers.yaml');
  if (existsSync(centersFile)) {
    const doc = parse(readFileSync(centersFile, 'utf8')) as { workCenters?: CenterYaml[] };
    for (const c of doc.workCenters ?? []) {
      await insertWorkCenter(db, {
        id: ids.uuid(),
        tenantId: tenant.id,
        code: c.id,
        name: c.name,
        description: c.description ?? '',
        minutesPerDay: hoursToMinutes(c.hoursPerDay),
        workingDays: c.workingDays
          .map((d) => WEEKDAY_NUMBERS[d.toLowerCase()])
          .filter((d): d is number => d !== undefined),
        now,
      });
    }
  }
  const published: string[] = [];
  const families: Array<[string, 'yaml' | 'json']> = [
    ...exampleFamilies(dir).map((f): [string, 'yaml'] => [f, 'yaml']),
    ...(ctx.largeExamples ? largeExampleFamilies(dir) : []).map((f): [string, 'json'] => [
      f,
      'json',
    ]),
  ];
  for (const [family, format] of families) {
    const source = readFileSync(join(dir, family, `model.${format}`), 'utf8');
    const checked = checkModelSource(source, format);
    if (!checked.model || !checked.compiled) continue;
    const product = await insertProduct(db, {
      id: ids.uuid(),
      tenantId: tenant.id,
      slug: family,
      name: checked.model.name,
      description: checked.model.description ?? '',
      now,
    });
    const version = await insertVersion(db, {
      id: ids.uuid(),
      tenantId: tenant.id,
      productId: product.id,
      format,
      source,
      model: checked.model,
      issues: checked.issues,
      createdBy: ctx.owner?.id ?? null,
      createdAt: now,
    });
    // The bundled examples are trusted and small: proven in-process (timings not limited, so a
    // slow machine still seeds them). Anything a person uploads is proven in the compute pool.
    const limits = {
      ...defaultModelLimits,
      maxCompileMs: Infinity,
      maxFirstDomainsMs: Infinity,
      maxStepMs: Infinity,
    };
    const proof = proveModel(checked.model, limits, undefined, checked.compiled);
    if (proof.outcome !== 'proven') continue;
    published.push((await publishVersion(db, version, now, proof)).id);
    const assetsDir = join(dir, family, 'assets');
    if (!existsSync(assetsDir)) continue;
    for (const file of readdirSync(assetsDir).sort()) {
      let contentType: string;
      try {
        contentType = contentTypeOf(file, undefined);
      } catch {
        continue;
      }
      const bytes = new Uint8Array(readFileSync(join(assetsDir, file)));
      await putAsset(db, {
        id: ids.uuid(),
        tenantId: tenant.id,
        key: `${family}/${keyWithoutExtension(file)}`,
        contentType,
        size: bytes.byteLength,
        sha256: sha256Hex(bytes),
        bytes,
        now,
      });
    }
  }
  for (const versionId of published) await seedDemoOrder(ctx, versionId);
}

/**
 * One accepted order per product (its first preset, completed at the lowest price), so the
 * console has orders and the work centers a queue. Skipped when the preset needs personal text.
 */
async function seedDemoOrder(ctx: DemoSeedContext, versionId: string): Promise<void> {
  const { db, clock, ids, tenant } = ctx;
  const compiled = await compiledVersion(db, tenant.id, versionId);
  const preset = compiled.model.presets?.[0];
  const session = createSession(compiled);
  for (const [feature, value] of Object.entries(preset?.choices ?? {}))
    session.select(feature, value);
  enterDemoMeasurements(session);
  const choices = session.optimize({ sense: 'min', weights: { price: 1 } });
  if (!choices) return;
  const quote = await quoteDesign(db, tenant, compiled, choices, {}, clock.now());
  if (!quote.valid) return;
  const email = `demo.customer@${tenant.slug}.customerize.dev`;
  await placeOrder(db, { clock, ids }, tenant, {
    versionId,
    choices,
    personalization: {},
    designId: null,
    email,
    customerId: null,
    expected: { total: quote.total, currency: quote.currency, promisedDate: quote.promisedDate },
    tokenHash: sha256(randomToken()),
    by: { kind: 'guest', id: null, label: email },
  });
}

/**
 * What a demo customer enters as their own measurements (customer-input features, which the
 * engine never fills in): for each one still missing, the middle of the values still possible.
 */
export function enterDemoMeasurements(session: Session): void {
  for (const feature of session.missingInput()) {
    const values = session.domains()[feature] ?? [];
    const value = values[Math.floor(values.length / 2)];
    if (value !== undefined) session.select(feature, value);
  }
}
