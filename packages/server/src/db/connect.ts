// Opens the database: an embedded PGlite in a data folder when no URL is given, else a pg Pool.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { lockDataDir, type DataDirLock } from './data-dir-lock.ts';
import * as schema from './schema.ts';
import type { Db } from './types.ts';

export type Database =
  | { driver: 'pglite'; db: Db; client: PGlite; close(): Promise<void> }
  | { driver: 'pg'; db: Db; pool: pg.Pool; schema: string | null; close(): Promise<void> };

export type ConnectOptions =
  | {
      databaseUrl: string;
      /** search_path for every connection (test isolation). */ schema?: string;
    }
  | {
      /** PGlite files go to `<dataDir>/pgdata`; null keeps everything in memory. */ dataDir:
        string | null;
    };

export async function connectDatabase(options: ConnectOptions): Promise<Database> {
  if ('databaseUrl' in options) {
    const searchPath = options.schema ? `-c search_path=${quoteIdent(options.schema)}` : undefined;
    const pool = new pg.Pool({ connectionString: options.databaseUrl, options: searchPath });
    // Fail now, with the server's message, rather than on the first request.
    const probe = await pool.connect().catch(async (error: unknown) => {
      await pool.end();
      throw new DatabaseUnreachable(options.databaseUrl, error);
    });
    probe.release();
    const db = drizzlePg({ client: pool, schema }) as unknown as Db;
    return { driver: 'pg', db, pool, schema: options.schema ?? null, close: () => pool.end() };
  }
  let client: PGlite;
  let lock: DataDirLock | null = null;
  if (options.dataDir === null) {
    client = new PGlite();
  } else {
    const dir = join(options.dataDir, 'pgdata');
    mkdirSync(dir, { recursive: true });
    // One process per folder: a second one refuses to start rather than lose commits.
    lock = lockDataDir(options.dataDir);
    client = new PGlite(dir);
  }
  try {
    await client.waitReady;
  } catch (error) {
    lock?.release();
    throw error;
  }
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    driver: 'pglite',
    db,
    client,
    close: async () => {
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

export class DatabaseUnreachable extends Error {
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(
      `cannot connect to PostgreSQL at ${redact(url)}: ${String((cause as Error)?.message ?? cause)}`,
      {
        cause,
      },
    );
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
