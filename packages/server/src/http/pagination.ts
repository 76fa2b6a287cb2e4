// Keyset pagination for lists that grow without bound (newest first): `?limit=&cursor=`, answered
// as `{ items, nextCursor }`. The cursor is opaque to clients: the sort key (a timestamp and the
// id that breaks ties) of the last item of the page, base64url-encoded.
import { Type } from 'typebox';
import { ValidationFailed } from './errors.ts';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export const PageQuery = Type.Object({
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, description: 'Items per page (20).' }),
  ),
  cursor: Type.Optional(
    Type.String({
      maxLength: 200,
      description: 'The nextCursor of the previous page; omit for the first page.',
    }),
  ),
});

export type PageKey = { at: Date; id: string };

export function encodeCursor(key: PageKey): string {
  return Buffer.from(JSON.stringify([key.at.toISOString(), key.id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The key a cursor carries; a cursor that is not one of ours answers 400 naming `cursor`. */
export function decodeCursor(cursor: string | undefined): PageKey | null {
  if (cursor === undefined || cursor === '') return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2) {
      const [at, id] = parsed as unknown[];
      const date = typeof at === 'string' ? new Date(at) : null;
      if (date && !Number.isNaN(date.getTime()) && typeof id === 'string' && UUID.test(id))
        return { at: date, id };
    }
  } catch {
    // Not JSON: answered below like any other foreign cursor.
  }
  throw new ValidationFailed([{ field: 'cursor', message: 'is not a cursor from this list' }]);
}

/**
 * One page from `limit + 1` rows fetched after the cursor: the first `limit` and, when there
 * were more, the cursor of the last one shown.
 */
export function pageOf<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => PageKey,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null,
  };
}
