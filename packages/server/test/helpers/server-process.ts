// Real `customerize serve` processes for tests that need a process to die (kill -9) or two
// processes to compete: started on a free port, on an embedded data folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/customerize.mjs', import.meta.url));

export type ServerProcess = {
  child: ChildProcess;
  pid: number;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

export type Listening = ServerProcess & { url: string };

/** Spawns `customerize serve` on `dataDir` (with `env` added); does not wait for it. */
export function spawnServer(dataDir: string, env: Record<string, string> = {}): ServerProcess {
  const child = spawn(
    process.execPath,
    [bin, 'serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir],
    {
      // The Renault Megane costs every first start seconds: left out unless a test asks for it.
      env: { ...process.env, LOG_LEVEL: 'info', DEMO_LARGE_EXAMPLES: 'off', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, pid: child.pid!, output: () => text, exited };
}

/**
 * Waits until the server listens (its URL) or exits (null), at most `timeoutMs`.
 */
export async function listeningOrExited(
  server: ServerProcess,
  timeoutMs = 180_000,
): Promise<string | null> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void server.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(server.output());
    if (match) return match[1]!;
    if (exited) return null;
    await new Promise((r) => setTimeout(r, 50));
  }
  server.child.kill('SIGKILL');
  throw new Error(`the server neither listened nor exited in time:\n${server.output()}`);
}

/** Spawns a server and waits until it listens. */
export async function startServerProcess(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<Listening> {
  const server = spawnServer(dataDir, env);
  const url = await listeningOrExited(server);
  if (url === null) throw new Error(`the server did not start:\n${server.output()}`);
  return { ...server, url };
}

/** SIGTERM (graceful) or SIGKILL, and wait for the exit. */
export async function stopServer(
  server: ServerProcess,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill(signal);
  await server.exited;
}
