// The database handle every store function takes as its first argument. The same type covers
// PGlite and node-postgres, and a transaction (`db.transaction(async (tx) => …)`) is one too.
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
