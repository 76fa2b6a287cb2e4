// Learned statistics in memory, per tenant / product / published version: learned on first
// need, looked at again after STALE_CHECK_MS (one cheap fingerprint query) and relearned when
// the history changed. Bounded: the CAPACITY most recently used entries, each learned from at
// most HISTORY_ROWS rows. Concurrent requests share one learning. Learning is a `Learner`: in
// the server it runs in the compute pool (learnInPool), so a visitor whose request finds the
// history changed never holds the event loop for the ~0.5 s a large history takes.
import type { CompiledModel } from '@customerize/engine';
import { getCompiledBytes } from '../catalog/catalog.store.ts';
import type { Clock } from '../clock.ts';
import type { ComputePool } from '../compute/pool.ts';
import type { Db } from '../db/types.ts';
import { NotFound } from '../http/errors.ts';
import { learn, type HistoryRow, type LearnedStats } from './recommendations.ts';
import { historyFingerprint, productHistory } from './recommendations.store.ts';

/** Learns the statistics of `rows` against version `versionId` (whose model is `compiled`). */
export type Learner = (
  tenantId: string,
  versionId: string,
  compiled: CompiledModel,
  rows: HistoryRow[],
) => Promise<LearnedStats>;

/** On the calling thread: for tests and tools that have no pool. */
export const learnHere: Learner = async (_t, _v, compiled, rows) => learn(compiled, rows);

/** Deadline of one learning in a worker (20,000 rows take ~0.5 s on a 2-core machine). */
export const LEARN_DEADLINE_MS = 10_000;

/**
 * In a compute-pool worker. The version's compiled bytes are sent only when the worker does not
 * hold the model yet (published bytes never change).
 */
export function learnInPool(compute: ComputePool, db: Db): Learner {
  return async (tenantId, versionId, _compiled, rows) => {
    const key = `${tenantId}/${versionId}`;
    const options = { tenant: tenantId, deadlineMs: LEARN_DEADLINE_MS };
    let result = await compute.run('recommendation-stats', { key, bytes: null, rows }, options);
    if (result.kind === 'need-model') {
      const bytes = await getCompiledBytes(db, tenantId, versionId);
      if (!bytes) throw new NotFound('published product version', versionId);
      result = await compute.run('recommendation-stats', { key, bytes, rows }, options);
    }
    if (result.kind !== 'learned') throw new Error('the worker lost the model it was just sent');
    return result.stats;
  };
}

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
    readonly learner: Learner = learnHere,
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
        this.learner(tenantId, versionId, compiled, rows),
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
