// Recognizing PostgreSQL errors through drizzle's wrapping (DrizzleQueryError keeps the driver
// error as `cause`).

/** 23505: a unique constraint or index refused the row. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}
