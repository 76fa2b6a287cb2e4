// Fault injection for idempotency tests: while `answersLost` runs, the database refuses to store
// any answer to an Idempotency-Key, as when the server dies between doing the work and storing
// its answer. A route that answers atomically keeps neither; one that does not keeps the work
// without its answer, and the retry does it again.
import { sql } from 'drizzle-orm';
import type { TestApp } from './app.ts';

export async function answersLost<T>(t: TestApp, during: () => Promise<T>): Promise<T> {
  await t.db.execute(
    sql.raw(`create or replace function test_lose_answer() returns trigger language plpgsql as $$
      begin raise exception 'the server died before its answer was stored'; end $$`),
  );
  await t.db.execute(
    sql.raw(`create trigger test_lose_answer before insert or update on idempotency_records
      for each row when (new.response_status is not null) execute function test_lose_answer()`),
  );
  try {
    return await during();
  } finally {
    await t.db.execute(sql.raw('drop trigger test_lose_answer on idempotency_records'));
    await t.db.execute(sql.raw('drop function test_lose_answer()'));
  }
}
