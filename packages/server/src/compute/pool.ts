// A small pool of worker threads for untrusted computation (compiling, counting, measuring a
// model a firm uploaded). Each worker has a heap cap (`resourceLimits`); each task a hard
// deadline after which its worker is terminated and replaced. The queue is bounded: when it is
// full the caller gets 503 with Retry-After instead of waiting behind work that may never end.
// The event loop only posts messages, so every other request stays fast meanwhile.
import { Worker } from 'node:worker_threads';
import { ComputeBusy, ModelTooExpensive, ValidationFailed } from '../http/errors.ts';
import type { TaskName, Tasks } from './tasks.ts';

export type ComputeConfig = {
  /** Worker threads; 0 turns computing off (every task answers 503). */
  workers: number;
  /** Hard deadline of one task, milliseconds (from when a started worker takes it). */
  deadlineMs: number;
  /** Heap cap of a worker (old generation), megabytes. */
  heapMb: number;
  /** Tasks that may wait for a free worker; more are refused with 503. */
  maxQueue: number;
  /** Tasks one firm may have running or waiting at once, so no firm takes the whole pool. */
  maxPerTenant: number;
};

export type ComputeStats = {
  /** Tasks handed to a worker. */
  started: number;
  completed: number;
  /** Workers terminated at the deadline or lost to the heap cap. */
  terminated: number;
  refused: number;
};

type Job = {
  id: number;
  tenant: string | null;
  task: TaskName;
  input: unknown;
  deadlineMs: number;
  figures: Record<string, unknown>;
  resolve(value: unknown): void;
  reject(error: Error): void;
};

/** A worker is `ready` once it has loaded its code: deadlines count from there. */
type Slot = { worker: Worker; ready: boolean; job: Job | null; timer: NodeJS.Timeout | null };

const WORKER_URL = new URL('./worker-bootstrap.mjs', import.meta.url);

export class ComputePool {
  readonly #slots = new Set<Slot>();
  readonly #queue: Job[] = [];
  #nextId = 1;
  #closed = false;
  readonly stats: ComputeStats = { started: 0, completed: 0, terminated: 0, refused: 0 };

  constructor(readonly config: ComputeConfig) {}

  /** Runs a task in a worker; rejects with ModelTooExpensive or ComputeBusy. */
  run<T extends TaskName>(
    task: T,
    input: Tasks[T]['input'],
    options: { deadlineMs?: number; tenant?: string } = {},
  ): Promise<Tasks[T]['result']> {
    const deadlineMs = Math.min(options.deadlineMs ?? Infinity, this.config.deadlineMs);
    const retryAfter = Math.max(1, Math.ceil(deadlineMs / 1000));
    if (this.#closed || this.config.workers <= 0) {
      this.stats.refused++;
      return Promise.reject(
        new ComputeBusy(retryAfter, 'Model computation is not available on this server now.'),
      );
    }
    // Room for a task: a worker that will be free (running fewer than `workers`), or the queue.
    const free = Math.max(0, this.config.workers - this.running);
    if (this.#queue.length >= free + this.config.maxQueue) {
      this.stats.refused++;
      return Promise.reject(
        new ComputeBusy(
          retryAfter,
          `Every model worker is busy and ${this.#queue.length} task(s) are waiting; try again in ${retryAfter} s.`,
        ),
      );
    }
    const tenant = options.tenant ?? null;
    if (tenant !== null && this.#ofTenant(tenant) >= this.config.maxPerTenant) {
      this.stats.refused++;
      return Promise.reject(
        new ComputeBusy(
          retryAfter,
          `This firm already has ${this.config.maxPerTenant} model task(s) running or waiting; try again in ${retryAfter} s.`,
        ),
      );
    }
    return new Promise((resolve, reject) => {
      this.#queue.push({
        id: this.#nextId++,
        tenant,
        task,
        input,
        deadlineMs,
        figures: {},
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      this.#dispatch();
    });
  }

  /** Terminates every worker; waiting and running tasks are refused. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#queue.splice(0))
      job.reject(new ComputeBusy(1, 'The server is shutting down.'));
    await Promise.all(
      [...this.#slots].map((slot) => {
        if (slot.timer) clearTimeout(slot.timer);
        slot.job?.reject(new ComputeBusy(1, 'The server is shutting down.'));
        slot.job = null;
        return slot.worker.terminate();
      }),
    );
    this.#slots.clear();
  }

  /** Worker threads alive (running, idle or starting). */
  get workers(): number {
    return this.#slots.size;
  }

  /** Tasks waiting for a worker. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Tasks running in a worker now. */
  get running(): number {
    return [...this.#slots].filter((s) => s.job).length;
  }

  #ofTenant(tenant: string): number {
    const running = [...this.#slots].filter((s) => s.job?.tenant === tenant).length;
    return running + this.#queue.filter((j) => j.tenant === tenant).length;
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      const slot = [...this.#slots].find((s) => s.ready && !s.job);
      if (!slot) {
        if (this.#slots.size < this.config.workers) this.#spawn();
        return;
      }
      const job = this.#queue.shift()!;
      slot.job = job;
      this.stats.started++;
      slot.timer = setTimeout(() => this.#expire(slot, job), job.deadlineMs);
      slot.worker.postMessage({ id: job.id, task: job.task, input: job.input });
    }
  }

  #spawn(): Slot {
    const worker = new Worker(WORKER_URL, {
      resourceLimits: { maxOldGenerationSizeMb: this.config.heapMb },
      stdout: false,
      stderr: false,
    });
    worker.unref();
    const slot: Slot = { worker, ready: false, job: null, timer: null };
    this.#slots.add(slot);
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'ready') {
        slot.ready = true;
        this.#dispatch();
      } else this.#receive(slot, message);
    });
    worker.on('error', (error: Error & { code?: string }) => {
      const job = this.#release(slot);
      this.#slots.delete(slot);
      if (!job) {
        // A worker that cannot even start: refuse what waits rather than retry forever.
        for (const waiting of this.#queue.splice(0))
          waiting.reject(new ComputeBusy(5, `A model worker could not start: ${error.message}`));
        return;
      }
      this.stats.terminated++;
      job.reject(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new ModelTooExpensive(
              `Computing this model needed more than the ${this.config.heapMb} MB a model may use.`,
              job.figures,
              [{ limit: 'heapMb', allowed: this.config.heapMb, measured: null }],
            )
          : error,
      );
      this.#dispatch();
    });
    worker.on('exit', () => {
      if (!this.#slots.has(slot)) return;
      this.#slots.delete(slot);
      const job = this.#release(slot);
      job?.reject(new ComputeBusy(1, 'A model worker stopped unexpectedly; try again.'));
      this.#dispatch();
    });
    return slot;
  }

  #receive(slot: Slot, message: Exclude<WorkerMessage, { kind: 'ready' }>): void {
    const job = slot.job;
    if (!job || job.id !== message.id) return;
    if (message.kind === 'progress') {
      job.figures = { ...job.figures, ...message.figures };
      return;
    }
    this.#release(slot);
    this.stats.completed++;
    if (message.kind === 'done') job.resolve(message.result);
    else job.reject(new ValidationFailed([{ field: 'model', message: message.message }]));
    this.#dispatch();
  }

  #expire(slot: Slot, job: Job): void {
    if (slot.job !== job) return;
    this.#release(slot);
    this.#slots.delete(slot);
    this.stats.terminated++;
    void slot.worker.terminate();
    // Replace it now, so the next task does not wait for a worker to start.
    if (!this.#closed && this.#slots.size < this.config.workers) this.#spawn();
    job.reject(
      new ModelTooExpensive(
        `Computing this model did not finish within the ${job.deadlineMs} ms deadline; the work was stopped.`,
        job.figures,
        [{ limit: 'deadlineMs', allowed: job.deadlineMs, measured: null }],
      ),
    );
    this.#dispatch();
  }

  #release(slot: Slot): Job | null {
    const job = slot.job;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    return job;
  }
}

type WorkerMessage =
  | { kind: 'ready' }
  | { id: number; kind: 'progress'; figures: Record<string, unknown> }
  | { id: number; kind: 'done'; result: unknown }
  | { id: number; kind: 'failed'; message: string };
