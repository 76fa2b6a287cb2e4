// Learned statistics in memory, per tenant / product / published version: learned on first
// need, looked at again after STALE_CHECK_MS (one cheap fingerprint query) and relearned when
// the history changed. Bounded: the CAPACITY most recently used entries, each learned from at
// most HISTORY_ROWS rows. Concurrent requests share one learning.
import type { CompiledModel } from '@customerize/engine';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { learn, type LearnedStats } from './recommendations.ts';
import { historyFingerprint, productHistory } from './recommendations.store.ts';

export const STALE_CHECK_MS = 60_000;
export const CAPACITY = 32;
/** The newest rows of a product's history that are learned from. */
export const HISTORY_ROWS = 20_000;

type Entry = {
  stats: Promise<LearnedStats>;
  fingerprint: string;
  checkedAt: number;
};

export class StatsCache {
  readonly #entries = new Map<string, Entry>();
  #learnings = 0;

  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly capacity = CAPACITY,
  ) {}

  async get(
    tenantId: string,
    productId: string,
    versionId: string,
    compiled: CompiledModel,
  ): Promise<LearnedStats> {
    const key = `${tenantId}/${productId}/${versionId}`;
    const now = this.clock.now().getTime();
    let entry = this.#entries.get(key);
    if (entry && now - entry.checkedAt >= STALE_CHECK_MS) {
      const fingerprint = await historyFingerprint(this.db, tenantId, productId);
      if (fingerprint === entry.fingerprint) entry.checkedAt = now;
      else entry = undefined;
    }
    if (!entry) {
      const fingerprint = await historyFingerprint(this.db, tenantId, productId);
      this.#learnings += 1;
      const stats = productHistory(this.db, tenantId, productId, HISTORY_ROWS).then((rows) =>
        learn(compiled, rows),
      );
      entry = { stats, fingerprint, checkedAt: now };
      // A failed learning is not kept.
      stats.catch(() => {
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
      });
    }
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    while (this.#entries.size > this.capacity)
      this.#entries.delete(this.#entries.keys().next().value!);
    return entry.stats;
  }

  /** How many times this cache learned from a history (a batch's tests and metrics). */
  get learnings(): number {
    return this.#learnings;
  }

  get size(): number {
    return this.#entries.size;
  }
}
