// Identifiers as a dependency: random UUIDs in production, predictable ones in tests.
// Secrets (session tokens, API key secrets, passwords) never come from here: they are always random.
import { randomUUID } from 'node:crypto';

export type Ids = { uuid(): string };

export const randomIds: Ids = { uuid: () => randomUUID() };

/** 00000000-0000-4000-8000-000000000001, …002, …: valid v4-shaped UUIDs in creation order. */
export function sequentialIds(): Ids {
  let n = 0;
  return {
    uuid: () => {
      n += 1;
      return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
    },
  };
}
