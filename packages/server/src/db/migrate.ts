// Applies the committed drizzle-kit migrations (packages/server/drizzle) with drizzle's migrator.
import { fileURLToPath } from 'node:url';
import { readMigrationFiles, type MigrationConfig, type MigrationMeta } from 'drizzle-orm/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
import type { Database } from './connect.ts';

export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** Arbitrary constant: the PostgreSQL advisory lock held while migrating or seeding. */
export const SCHEMA_LOCK = 724_311_907;

type Migrator = {
  dialect: {
    migrate(migrations: MigrationMeta[], session: unknown, config: MigrationConfig): Promise<void>;
  };
  session: unknown;
};

/**
 * Brings the schema up to date. On PostgreSQL several processes may start at once: an advisory
 * lock lets one migrate while the others wait. When the database was opened with a schema
 * (tests), tables and drizzle's journal both go to that schema instead of "public"/"drizzle".
 */
export async function migrateDatabase(database: Database): Promise<void> {
  const target = database.driver === 'pg' ? database.schema : null;
  const config: MigrationConfig = {
    migrationsFolder,
    ...(target ? { migrationsSchema: target } : {}),
  };
  const migrations = readMigrationFiles(config).map((m) =>
    target ? { ...m, sql: m.sql.map((s) => s.replaceAll('"public".', '')) } : m,
  );
  if (database.driver === 'pglite') {
    await (database.db as unknown as Migrator).dialect.migrate(
      migrations,
      (database.db as unknown as Migrator).session,
      config,
    );
    return;
  }
  const client = await database.pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [SCHEMA_LOCK]);
    const db = drizzlePg({ client }) as unknown as Migrator;
    await db.dialect.migrate(migrations, db.session, config);
  } finally {
    await client.query('select pg_advisory_unlock($1)', [SCHEMA_LOCK]).catch(() => undefined);
    client.release();
  }
}

/** Names of the tables of the current schema (used by tests to snapshot and reset). */
export async function listTables(database: Database): Promise<string[]> {
  const result = await database.db.execute(
    sql`select table_name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE'
          and table_name <> '__drizzle_migrations' order by table_name`,
  );
  return (result as { rows: { table_name: string }[] }).rows.map((r) => r.table_name);
}
