// The Renault Megane in the studio, in Chromium: a real industrial model (99 choices, 113
// factory tables, 2,835,456,006,272 cars) loaded with its compact compiled model from its
// immutable URL, configured for 20 steps, then an excluded value opened and chosen anyway.
// Needs the built app in packages/web/dist and Chromium at /usr/bin/chromium or $CHROMIUM_PATH.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSuite } from './helpers/browser-suite.ts';

const suite = browserSuite({
  shots: 'renault-studio',
  server: { env: { DEMO_LARGE_EXAMPLES: 'on' } },
});

/**
 * Where a customer can click next: features still to choose with at least two values the design
 * allows, else (once every remaining choice is forced) a chosen feature's other allowed value.
 */
async function nextClicks(page: Page): Promise<Array<{ feature: string; option: string }>> {
  return page.locator('fieldset.feature').evaluateAll((sets) => {
    const todo: Array<{ feature: string; option: string }> = [];
    const change: Array<{ feature: string; option: string }> = [];
    for (const set of sets) {
      const open = [
        ...set.querySelectorAll<HTMLInputElement>('li.option:not(.option--blocked) input'),
      ];
      if (set.querySelector('.feature__todo')) {
        if (open.length >= 2) todo.push({ feature: set.id, option: open[open.length - 1]!.id });
      } else {
        const other = open.find((input) => !input.checked);
        if (other) change.push({ feature: set.id, option: other.id });
      }
    }
    return todo.length > 0 ? todo : change;
  });
}

test('a customer configures the Renault Megane for 20 steps and chooses an excluded value anyway', async () => {
  const page = await suite.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const compiled = page.waitForResponse((r) =>
    /\/product-versions\/[^/]+\/compiled$/.test(r.url()),
  );

  await page.goto(`${suite.baseUrl}/p/renault-megane`);
  await page.getByRole('heading', { level: 1, name: 'Renault Megane' }).waitFor();
  const download = await compiled;
  assert.equal(download.status(), 200);
  assert.equal(
    (await download.allHeaders())['cache-control'],
    'public, max-age=31536000, immutable',
  );
  await page.getByRole('button', { name: 'Choose option by option' }).click();
  await page.locator('fieldset#feature-fuel').waitFor();

  for (let step = 0; step < 20; step++) {
    const open = await nextClicks(page);
    assert.ok(open.length > 0, `step ${step}: something can still be clicked`);
    const { feature, option } = open[(step * 7) % open.length]!;
    await page.locator(`label[for="${option}"]`).click();
    await page.locator(`fieldset#${feature} .feature__chosen`).waitFor();
    assert.equal(await page.locator(`fieldset#${feature} [role="alert"]`).count(), 0);
  }
  await page.screenshot({ path: `${suite.shots}/20-steps.png` });

  // An excluded value: opened, explained, chosen anyway with the minimal change. (A value no car
  // can have offers no change: the next excluded value is tried then.)
  const blocked = page.locator('li.option--blocked');
  let chosenAnyway = false;
  for (let i = 0; i < 10 && !chosenAnyway; i++) {
    const option = blocked.nth(i);
    const feature = await option.evaluate((el) => el.closest('fieldset')!.id);
    await option.locator('label').click();
    const why = page.locator(`fieldset#${feature}`).getByRole('alert');
    await why.waitFor();
    const anyway = why.getByRole('button', { name: 'Choose it anyway' });
    if ((await anyway.count()) === 0) {
      await why.getByRole('button', { name: 'Keep my choices' }).click();
      continue;
    }
    assert.match((await why.textContent()) ?? '', /not possible with your current choices/);
    await anyway.click();
    const changed = page.locator(`fieldset#${feature}`).getByRole('status');
    await changed.waitFor();
    assert.match((await changed.textContent()) ?? '', /we changed/);
    chosenAnyway = true;
  }
  assert.ok(chosenAnyway, 'some excluded value could be chosen with a change');
  await page.screenshot({ path: `${suite.shots}/chosen-anyway.png` });
  assert.deepEqual(problems, []);
});
