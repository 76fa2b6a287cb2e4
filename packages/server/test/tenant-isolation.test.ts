// Every route that takes an id, called by firm A's owner with firm B's ids, answers 404 and
// shows nothing of B. Routes come from the OpenAPI document and both firms are made by the demo
// seeders, so new modules are covered as they land.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { snapshotDatabase } from './helpers/db.ts';
import { apiOperations, isIdParam, sampleValue, type Operation } from './helpers/openapi.ts';

/**
 * GET-by-id routes whose records the demo seeders do not create, so the positive control below
 * cannot find one of firm A's own. Add a route here only with the reason.
 */
const WITHOUT_DEMO_RECORDS = new Set<string>([
  // Public shop routes address a firm by slug, not a record by id (the shop's own isolation
  // tests, with firm A's slug and firm B's ids, are in test/studio.test.ts).
  '/api/v1/shop/{tenant}/products',
  '/api/v1/shop/{tenant}/assets/{*}',
  '/api/v1/shop/{tenant}/needs-answers',
]);

let t: TestApp;
let alpha: Firm;
let beta: Firm;
let owner: SignedIn;
let buyer: SignedIn;

before(async () => {
  t = await createTestApp();
  alpha = await t.seedFirm('alpha', 'Alpha Joinery');
  beta = await t.seedFirm('beta', 'Beta Metalworks');
  owner = await t.signIn(alpha, 'owner');
  buyer = await t.signIn(alpha, 'buyer');
});
after(() => t.close());

/**
 * Ids of the tenant's rows: up to `perTable` from every table with `id` and `tenant_id`, so every
 * kind of record is represented without calling each route once per row.
 */
async function idsOfTenant(tenantId: string, perTable: number): Promise<string[]> {
  const tables = await t.db.execute(
    sql`select table_name from information_schema.columns where table_schema = current_schema()
        and column_name in ('id', 'tenant_id') group by table_name having count(*) = 2`,
  );
  const ids: string[] = [];
  for (const { table_name } of (tables as unknown as { rows: { table_name: string }[] }).rows) {
    const rows = await t.db.execute(
      sql`select id::text as id from ${sql.identifier(table_name)} where tenant_id = ${tenantId}
          order by id limit ${perTable}`,
    );
    ids.push(...(rows as unknown as { rows: { id: string }[] }).rows.map((r) => r.id));
  }
  return ids;
}

/** The URL with every id parameter set to `id` and other parameters (numbers) to a sample. */
function urlWith(op: Operation, id: string): string {
  return op.url((name) => {
    const schema = op.paramSchemas[name] ?? {};
    return isIdParam(schema) ? id : String(sampleValue(schema, name));
  });
}

/** Sends as A's owner, or as A's customer when the route is for customers only. */
async function callAsAlpha(method: string, url: string, payload: unknown) {
  let res;
  for (const who of [owner, buyer]) {
    res = await t.app.inject({
      method: method as 'GET',
      url,
      headers: who.headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    if (res.statusCode !== 401 && res.statusCode !== 403) return res;
  }
  return res!;
}

test('every route with an id answers 404 for another firm’s ids and reveals none of its data', async () => {
  const operations = apiOperations(t.app).filter((op) =>
    op.pathParams.some((p) => isIdParam(op.paramSchemas[p] ?? {})),
  );
  assert.ok(operations.length >= 4, 'the OpenAPI document lists the id routes');
  const betaIds = [beta.tenant.id, ...(await idsOfTenant(beta.tenant.id, 2))];
  assert.ok(betaIds.length >= 8, `firm B has rows of several kinds (${betaIds.length} ids)`);
  const candidates = [...betaIds, '7f3c2a4e-1111-4abc-8def-0123456789ab'];
  const before = await snapshotDatabase(t.testDb.database);

  for (const op of operations) {
    const body = op.body ? sampleValue(op.body) : undefined;
    for (const id of candidates) {
      const res = await callAsAlpha(op.method, urlWith(op, id), body);
      const what = `${op.method} ${op.path} with firm B's ${id}`;
      assert.equal(res.statusCode, 404, `${what} answered ${res.statusCode}: ${res.body}`);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/, what);
      assert.doesNotMatch(res.body, /beta/i, `${what} mentions firm B`);
    }
  }
  assert.deepEqual(
    await snapshotDatabase(t.testDb.database),
    before,
    'nothing of either firm changed',
  );
});

test('the same routes find the firm’s own records, so the 404s above are not a broken lookup', async () => {
  const alphaIds = await idsOfTenant(alpha.tenant.id, 5);
  const reads = apiOperations(t.app).filter(
    (op) =>
      op.method === 'GET' &&
      op.pathParams.length === 1 &&
      isIdParam(op.paramSchemas[op.pathParams[0]!] ?? {}) &&
      !WITHOUT_DEMO_RECORDS.has(op.path),
  );
  const notFound: string[] = [];
  for (const op of reads) {
    let found = false;
    for (const id of alphaIds) {
      if ((await callAsAlpha('GET', urlWith(op, id), undefined)).statusCode === 200) {
        found = true;
        break;
      }
    }
    if (!found) notFound.push(op.path);
  }
  assert.deepEqual(notFound, [], 'each GET-by-id route finds one of firm A’s own demo records');
});
