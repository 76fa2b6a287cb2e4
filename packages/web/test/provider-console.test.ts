// Managing partners on the console's Providers page, in Chromium against the real server (its CLI
// on a free port, a fresh data folder with the demo firm): the owner narrows what the frame
// builder makes (steel only) and sets its costs with the checkboxes and fields drawn from the
// city bike's model, adds a work center, and sets the firm's accept deadline on the Settings page;
// the API then shows exactly that. Screenshots go to test-artifacts/provider-console/.
// Needs the built app in packages/web/dist and Chromium at /usr/bin/chromium or $CHROMIUM_PATH.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { browserSuite } from './helpers/browser-suite.ts';

const suite = browserSuite({ shots: 'provider-console' });

type Provider = {
  id: string;
  name: string;
  products: {
    productId: string;
    allowed: Record<string, unknown[]>;
    baseCost: number;
    optionCosts: Record<string, number>;
  }[];
  workCenters: { code: string; name: string; hoursPerDay: number; workingDays: number[] }[];
};

test('the owner edits a partner’s capabilities and costs, adds its work center and sets the firm’s accept deadline', async () => {
  const owner = suite.server.accounts.get('staff owner');
  assert.ok(owner);
  const page = await suite.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const signIn = await page.request.post(`${suite.baseUrl}/api/v1/auth/login`, {
    data: { tenant: 'demo', email: owner.email, password: owner.password, kind: 'staff' },
  });
  assert.equal(signIn.status(), 200, await signIn.text());
  await page.goto(`${suite.baseUrl}/console/providers`);
  const card = page.getByRole('region', { name: /Velo Frames Ltd\./ });
  await card.getByText('Edit what Velo Frames Ltd. builds and its costs').click();
  const offer = card.getByRole('form', { name: 'What Velo Frames Ltd. builds' });
  const frame = offer.getByRole('group', { name: 'Frame material' });
  await frame.getByRole('checkbox', { name: 'Aluminium 6061' }).waitFor();
  assert.equal(await frame.getByRole('checkbox', { name: 'Aluminium 6061' }).isChecked(), true);
  assert.equal(await frame.getByRole('checkbox', { name: /Carbon/ }).isChecked(), false);
  await frame.getByRole('checkbox', { name: 'Aluminium 6061' }).uncheck();
  await offer.getByLabel('Base cost (EUR)').fill('300.00');
  await offer.getByLabel(/^Cost of Frame material: Chromoly steel/).fill('95.50');
  await page.screenshot({ path: join(suite.shots, '01-offer.png'), fullPage: true });
  await offer.getByRole('button', { name: 'Save what Velo Frames Ltd. builds' }).click();
  await page.getByText(/Saved what Velo Frames Ltd\. builds of City bike/).waitFor();

  await card.getByText('Add a work center to Velo Frames Ltd.').click();
  const center = card.getByRole('form', { name: 'Add a work center to Velo Frames Ltd.' });
  await center.getByLabel('Code').fill('wheel-truing');
  await center.getByLabel('Name').fill('Velo wheel stand');
  await center.getByLabel('Hours per day').fill('6');
  await center.getByRole('checkbox', { name: 'Fri' }).uncheck();
  await center.getByRole('button', { name: 'Add work center' }).click();
  await card.getByRole('cell', { name: 'Velo wheel stand' }).waitFor();

  const providers = (await (
    await page.request.get(`${suite.baseUrl}/api/v1/providers`)
  ).json()) as Provider[];
  const velo = providers.find((p) => p.name === 'Velo Frames Ltd.')!;
  const bike = velo.products[0]!;
  assert.deepEqual(bike.allowed, { frame_material: ['steel'] });
  assert.equal(bike.baseCost, 30_000);
  assert.equal(bike.optionCosts['frame_material=steel'], 9_550);
  assert.deepEqual(
    velo.workCenters.find((c) => c.code === 'wheel-truing'),
    {
      ...velo.workCenters.find((c) => c.code === 'wheel-truing'),
      name: 'Velo wheel stand',
      hoursPerDay: 6,
      workingDays: [1, 2, 3, 4],
    },
  );

  await page.goto(`${suite.baseUrl}/console/settings`);
  await page.getByLabel('Partners accept orders within (hours)').fill('12');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('Settings saved.').waitFor();
  const tenant = (await (await page.request.get(`${suite.baseUrl}/api/v1/tenant`)).json()) as {
    settings: { providerAcceptHours: number };
  };
  assert.equal(tenant.settings.providerAcceptHours, 12);
  assert.deepEqual(problems, [], 'no errors in the pages');
});
