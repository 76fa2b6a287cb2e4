// Test databases: an in-memory PGlite (always) and, when TEST_DATABASE_URL is set, a private
// schema on that PostgreSQL server. Open one per test FILE (PGlite takes seconds to start) and
// `reset()` between tests.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { connectDatabase, quoteIdent, type Database } from '../../src/db/connect.ts';
import { listTables, migrateDatabase } from '../../src/db/migrate.ts';

export type TestDatabase = {
  name: 'pglite' | 'postgres';
  database: Database;
  /** Empties every table (keeps the schema). */
  reset(): Promise<void>;
  close(): Promise<void>;
};

export async function openPgliteTestDatabase(): Promise<TestDatabase> {
  const database = await connectDatabase({ dataDir: null });
  await migrateDatabase(database);
  return {
    name: 'pglite',
    database,
    reset: () => truncateAll(database),
    close: () => database.close(),
  };
}

/**
 * A fresh schema `test_<random>` on the server at `url`, migrated, used through search_path so
 * test files running in parallel never see each other's rows. Dropped on close. Throws when the
 * server is unreachable: a set TEST_DATABASE_URL that does not work must fail the run.
 */
export async function openPostgresTestDatabase(url: string): Promise<TestDatabase> {
  const schema = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create schema ${quoteIdent(schema)}`);
  } finally {
    await admin.end();
  }
  const database = await connectDatabase({ databaseUrl: url, schema });
  await migrateDatabase(database);
  return {
    name: 'postgres',
    database,
    reset: () => truncateAll(database),
    close: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      try {
        await cleanup.query(`drop schema ${quoteIdent(schema)} cascade`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

/** The databases a store suite runs against: PGlite always, PostgreSQL when configured. */
export function testDatabaseTargets(): {
  name: TestDatabase['name'];
  open(): Promise<TestDatabase>;
}[] {
  const url = process.env.TEST_DATABASE_URL;
  return [
    { name: 'pglite', open: openPgliteTestDatabase },
    ...(url ? [{ name: 'postgres' as const, open: () => openPostgresTestDatabase(url) }] : []),
  ];
}

export async function truncateAll(database: Database): Promise<void> {
  const tables = await listTables(database);
  if (tables.length === 0) return;
  await database.db.execute(sql.raw(`truncate ${tables.map(quoteIdent).join(', ')} cascade`));
}

/** Row count and a checksum of every table: equal snapshots mean nothing was written. */
export async function snapshotDatabase(database: Database): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of await listTables(database)) {
    // Rate-limit counters count every request, refused ones too; they are not what it wrote.
    if (table === 'rate_limit_buckets') continue;
    const result = await database.db.execute(
      sql.raw(
        `select count(*)::text as n, coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as sum from ${quoteIdent(table)} t`,
      ),
    );
    const row = (result as unknown as { rows: { n: string; sum: string }[] }).rows[0]!;
    out[table] = `${row.n}:${row.sum}`;
  }
  return out;
}
