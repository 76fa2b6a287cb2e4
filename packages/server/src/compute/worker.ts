// The compute worker: runs one task at a time for the pool (pool.ts) and answers with its
// result. Progress messages carry the figures measured so far, so a task cut off at its
// deadline still tells the caller how far it got.
import { parentPort } from 'node:worker_threads';
import { runTask, type TaskMessage } from './tasks.ts';

const port = parentPort;
if (!port) throw new Error('worker.ts runs only as a worker thread');

port.on('message', (message: TaskMessage) => {
  const progress = (figures: Record<string, unknown>) =>
    port.postMessage({ id: message.id, kind: 'progress', figures });
  try {
    const { result, transfer } = runTask(message, progress);
    port.postMessage({ id: message.id, kind: 'done', result }, transfer);
  } catch (error) {
    port.postMessage({
      id: message.id,
      kind: 'failed',
      message: error instanceof Error ? error.message : String(error),
    });
  }
});

port.postMessage({ kind: 'ready' });
