// Recommendations in the studio, in Chromium against the real server (its CLI on a free port, a
// fresh demo folder): after four guests saved the same white commuter, a guest opening their own
// half-made aluminium bike sees the "Popular choices" panel (popular: a guest), applies a
// suggested value with one click — the editor then shows it chosen — and applies a whole design,
// which fills every open choice. Screenshots go to test-artifacts/recommendations/.
// Needs the built app in packages/web/dist and Chromium at /usr/bin/chromium or $CHROMIUM_PATH.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createSession, type Configuration } from '@customerize/engine';
import { browserSuite } from './helpers/browser-suite.ts';
import { compiledOf } from './helpers/compiled.ts';

const suite = browserSuite({ shots: 'recommendations' });

async function api<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${suite.baseUrl}/api/v1${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  assert.ok(res.ok, `${path}: ${res.status} ${await res.clone().text()}`);
  return (await res.json()) as T;
}

type Recs = {
  basis: string;
  next: { feature: string; featureLabel: string; value: unknown; valueLabel: string }[];
  designs: { choices: Configuration }[];
};

test('a guest applies a popular value and a whole design from the recommendations panel', async () => {
  const bike = await api<{
    version: { id: string };
    compiledUrl: string;
    model: { presets?: { choices: Configuration }[] };
  }>('/shop/demo/products/city-bike');
  const compiled = await compiledOf(suite.baseUrl, bike);
  const commuter = createSession(compiled, {
    ...bike.model.presets![0]!.choices,
    colour: 'white',
    rider_height: 175,
  }).optimize({ sense: 'min', weights: { price: 1 } });
  assert.ok(commuter && commuter.frame_material === 'aluminium', 'a white aluminium commuter');
  for (let i = 0; i < 4; i++)
    await api('/shop/demo/designs', {
      versionId: bike.version.id,
      name: `White commuter ${i}`,
      choices: commuter,
    });
  const start = { frame_material: 'aluminium', rider_height: 175 };
  const mine = await api<{ id: string; token: string }>('/shop/demo/designs', {
    versionId: bike.version.id,
    name: 'My bike',
    choices: start,
  });
  // What the panel will show (the same request the studio makes).
  const recs = await api<Recs>('/shop/demo/recommendations', {
    versionId: bike.version.id,
    choices: start,
    limit: 4,
  });
  assert.equal(recs.basis, 'popular');
  // An option of a list (its label is what the editor shows once chosen).
  const enums = new Set(compiled.ir.features.filter((f) => f.kind === 'enum').map((f) => f.id));
  const pick = recs.next.find((s) => enums.has(s.feature));
  assert.ok(pick, `an option is suggested: ${JSON.stringify(recs.next)}`);
  assert.ok(recs.designs.length > 0, 'a whole design is suggested');

  const page = await suite.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${suite.baseUrl}/designs/${mine.id}?token=${mine.token}`);
  const panel = page.getByRole('region', { name: 'Popular choices' });
  await panel.waitFor();
  await panel.getByText('customers', { exact: false }).first().waitFor();
  await panel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(suite.shots, '01-panel.png') });

  const legend = page.locator(`#feature-${pick.feature} legend`);
  assert.match((await legend.textContent()) ?? '', /to choose/);
  await panel
    .getByRole('button', { name: `Apply ${pick.featureLabel}: ${pick.valueLabel}` })
    .click();
  await page.locator(`#feature-${pick.feature} legend`, { hasText: pick.valueLabel }).waitFor();
  await page.screenshot({ path: join(suite.shots, '02-value-applied.png') });

  await panel.getByRole('button', { name: /^Use design 1/ }).click();
  await page.getByRole('button', { name: 'Order' }).and(page.locator(':enabled')).waitFor();
  assert.equal(
    await page.locator('.feature__todo').count(),
    0,
    'every choice is made after applying the whole design',
  );
  await page.screenshot({ path: join(suite.shots, '03-design-applied.png') });
  assert.deepEqual(problems, []);
});
