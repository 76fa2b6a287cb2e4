// The quotes tables on every database target (PGlite; PostgreSQL when TEST_DATABASE_URL is set):
// numbers count per firm, the database refuses a quote of another firm's company and a won quote
// without its order, and "expired" is read from the date asked about.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getQuote, insertQuote, listQuotes, updateQuote } from '../src/quotes/quotes.store.ts';
import { listBusinessAccounts } from '../src/users/users.store.ts';
import { createTestApp, type Firm, type TestApp } from './helpers/app.ts';
import { testDatabaseTargets, type TestDatabase } from './helpers/db.ts';

for (const target of testDatabaseTargets()) {
  describe(`quotes on ${target.name}`, () => {
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

    const today = '2026-01-15';
    const row = (tenantId: string, companyId: string) => ({
      id: t.ids.uuid(),
      tenantId,
      companyId,
      customerId: null,
      status: 'open' as const,
      validUntil: '2026-01-20',
      paymentTerms: 'Net 30',
      notes: '',
      currency: 'EUR',
      priceListId: null,
      priceListName: null,
      lines: [],
      listTotal: 0,
      total: 0,
      costTotal: 0,
      minMarginBp: 1_500,
      approval: 'not_needed' as const,
      revision: 1,
      createdByKind: 'staff',
      createdById: null,
      createdByLabel: 'test',
      createdAt: t.clock.now(),
      updatedAt: t.clock.now(),
    });

    test('each firm counts its quotes from 1, and a quote for another firm’s company is refused', async () => {
      const [acmeA] = await listBusinessAccounts(t.db, alpha.tenant.id);
      const [acmeB] = await listBusinessAccounts(t.db, beta.tenant.id);
      // The demo seeder made Q-00001 in both firms.
      const a = await t.db.transaction((tx) => insertQuote(tx, row(alpha.tenant.id, acmeA!.id)));
      const b = await t.db.transaction((tx) => insertQuote(tx, row(beta.tenant.id, acmeB!.id)));
      assert.deepEqual([a.number, b.number], [2, 2]);
      await assert.rejects(
        t.db.transaction((tx) => insertQuote(tx, row(alpha.tenant.id, acmeB!.id))),
      );
      assert.equal(await getQuote(t.db, beta.tenant.id, a.id), null);
      assert.equal(await getQuote(t.db, alpha.tenant.id, a.id, { companyId: acmeB!.id }), null);
    });

    test('a won quote must name its order, and expired is open past its last day', async () => {
      const [acme] = await listBusinessAccounts(t.db, alpha.tenant.id);
      const q = await t.db.transaction((tx) => insertQuote(tx, row(alpha.tenant.id, acme!.id)));
      await assert.rejects(updateQuote(t.db, alpha.tenant.id, q.id, { status: 'won' }));
      const open = await listQuotes(t.db, alpha.tenant.id, { status: 'open', today, limit: 50 });
      assert.ok(open.some((x) => x.id === q.id));
      const later = await listQuotes(t.db, alpha.tenant.id, {
        status: 'expired',
        today: '2026-01-21',
        limit: 50,
      });
      assert.ok(later.some((x) => x.id === q.id));
      assert.ok(!open.some((x) => x.validUntil < today));
    });
  });
}
