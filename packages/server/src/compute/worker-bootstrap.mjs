// Entry of a compute worker thread. Workers do not inherit the main thread's `--import tsx`
// loader, so this plain-JS file registers tsx in the worker and then loads the TypeScript
// worker. Works under `npm start` and `node --import tsx --test` alike.
import { setPriority } from 'node:os';
import { register } from 'tsx/esm/api';

// On Linux, priority 0 names the calling thread: this worker (also while it loads its code)
// yields the CPU to the thread that answers requests whenever both want it. Elsewhere it may
// name the whole process, so only on Linux.
if (process.platform === 'linux') {
  try {
    setPriority(0, 19);
  } catch {
    // Not permitted (some containers): the deadline still bounds the work.
  }
}
register();
await import('./worker.ts');
