import { test } from 'node:test';
import { createTestApp } from './helpers/app.ts';
import { completePreset, shopProduct, orderAsGuest } from './helpers/shop.ts';
test('bench', async () => {
  const t = await createTestApp();
  await t.seedFirm('demo');
  const bike = await shopProduct(t, 'demo', 'city-bike');
  const choices = completePreset(bike);
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    await t.app.inject({ method: 'POST', url: '/api/v1/shop/demo/quote', payload: { versionId: bike.version.id, choices } });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log('quote p50', times[100]!.toFixed(1), 'p95', times[190]!.toFixed(1));
  const ot: number[] = [];
  for (let i = 0; i < 30; i++) { const t0 = performance.now(); await orderAsGuest(t, 'demo', bike.version.id, choices); ot.push(performance.now() - t0); }
  ot.sort((a, b) => a - b);
  console.log('quote+order p50', ot[15]!.toFixed(1), 'p95', ot[28]!.toFixed(1));
  const pt: number[] = [];
  for (let i = 0; i < 30; i++) { const t0 = performance.now(); await t.app.inject({ method: 'GET', url: '/api/v1/shop/demo/products/city-bike' }); pt.push(performance.now() - t0); }
  pt.sort((a, b) => a - b);
  console.log('product detail p50', pt[15]!.toFixed(1));
  await t.close();
});
