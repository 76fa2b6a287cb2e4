// The companies tables on every database target (PGlite; PostgreSQL when TEST_DATABASE_URL is
// set): a company's slug is unique within its firm only, and the database itself refuses a
// location or an approved configuration linking a company or product of another firm.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  insertApprovedConfiguration,
  insertLocation,
  updateCompany,
} from '../src/companies/companies.store.ts';
import { findProductBySlug } from '../src/catalog/catalog.store.ts';
import { insertBusinessAccount, listBusinessAccounts } from '../src/users/users.store.ts';
import { createTestApp, type Firm, type TestApp } from './helpers/app.ts';
import { testDatabaseTargets, type TestDatabase } from './helpers/db.ts';

for (const target of testDatabaseTargets()) {
  describe(`companies on ${target.name}`, () => {
    let testDb: TestDatabase;
    let t: TestApp;
    let alpha: Firm;
    let beta: Firm;
    before(async () => {
      testDb = await target.open();
      t = await createTestApp({ testDb });
      alpha = await t.seedFirm('alpha');
      beta = await t.seedFirm('beta');
    });
    after(async () => {
      await t.close();
      await testDb.close();
    });

    const address = { label: 'x', lines: ['1 Road'], postalCode: '1', city: 'x', country: 'x' };
    const now = () => t.clock.now();

    test('a slug is unique within a firm, and two firms may use the same one', async () => {
      const [acmeA] = await listBusinessAccounts(t.db, alpha.tenant.id);
      const [acmeB] = await listBusinessAccounts(t.db, beta.tenant.id);
      assert.equal(acmeA!.slug, 'acme');
      assert.equal(acmeB!.slug, 'acme', 'each firm’s demo company is at /company/acme');
      const other = await insertBusinessAccount(t.db, {
        id: t.ids.uuid(),
        tenantId: alpha.tenant.id,
        name: 'Globex',
        now: now(),
      });
      await assert.rejects(updateCompany(t.db, alpha.tenant.id, other.id, { slug: 'acme' }));
    });

    test('the database refuses links to another firm’s company or product', async () => {
      const [acmeB] = await listBusinessAccounts(t.db, beta.tenant.id);
      const laptopA = (await findProductBySlug(t.db, alpha.tenant.id, 'laptop'))!;
      await assert.rejects(
        insertLocation(t.db, {
          id: t.ids.uuid(),
          tenantId: alpha.tenant.id,
          companyId: acmeB!.id,
          name: 'Cross-firm',
          billingAddress: address,
          shippingAddress: address,
          budget: 100,
          currency: 'EUR',
          createdAt: now(),
          updatedAt: now(),
        }),
        'a location of firm A for firm B’s company',
      );
      await assert.rejects(
        insertApprovedConfiguration(t.db, {
          id: t.ids.uuid(),
          tenantId: beta.tenant.id,
          companyId: acmeB!.id,
          productId: laptopA.id,
          name: 'Cross-firm',
          kind: 'space',
          allowed: {},
          fixed: {},
          rules: [],
          version: 1,
          createdAt: now(),
          updatedAt: now(),
        }),
        'an approval of firm B on firm A’s product',
      );
    });
  });
}
