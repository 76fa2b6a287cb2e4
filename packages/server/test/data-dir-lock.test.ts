// The embedded database serves one process: a second `customerize serve` on the same data folder
// refuses to start (it would lose the first one's commits), and a folder left locked by a killed
// process is taken over.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirInUse, LOCK_FILE, lockDataDir } from '../src/db/data-dir-lock.ts';
import {
  listeningOrExited,
  spawnServer,
  startServerProcess,
  stopServer,
  type Listening,
} from './helpers/server-process.ts';

let dir: string;
const running: Listening[] = [];

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'customerize-lock-'));
});
after(async () => {
  for (const server of running) await stopServer(server, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

test('a second server on the same data folder refuses to start, naming the folder and the holder', async () => {
  const first = await startServerProcess(dir);
  running.push(first);
  const second = spawnServer(dir);
  const url = await listeningOrExited(second);
  if (url !== null) {
    await stopServer(second, 'SIGKILL');
    assert.fail('the second server started on a folder in use');
  }
  const { code } = await second.exited;
  assert.notEqual(code, 0);
  assert.match(
    second.output(),
    new RegExp(`data folder ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
  );
  assert.match(second.output(), new RegExp(`pid ${first.pid}\\b`));
  assert.doesNotMatch(second.output(), /\n\s+at /, 'a message, not a stack trace');
  assert.equal((await fetch(`${first.url}/healthz`)).status, 200, 'the first one serves on');
});

test('after the holder is killed with SIGKILL, the next server takes the folder over', async () => {
  const holder = running.pop() ?? (await startServerProcess(dir));
  await stopServer(holder, 'SIGKILL');
  assert.ok(existsSync(join(dir, LOCK_FILE)), 'a killed process leaves its lock behind');
  const next = await startServerProcess(dir);
  running.push(next);
  assert.equal((await fetch(`${next.url}/healthz`)).status, 200);
  await stopServer(running.pop()!, 'SIGTERM');
  assert.ok(!existsSync(join(dir, LOCK_FILE)), 'a clean stop releases the lock');
});

test('one process cannot open the same folder twice either', () => {
  const lock = lockDataDir(dir);
  try {
    assert.throws(() => lockDataDir(dir), DataDirInUse);
  } finally {
    lock.release();
  }
  lockDataDir(dir).release();
});

test('a lock naming a process that no longer runs is taken over; one naming a live process is not', () => {
  const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
  const lockFile = join(dir, LOCK_FILE);
  const write = (pid: number) =>
    writeFileSync(
      lockFile,
      JSON.stringify({ pid, host: hostname(), nonce: 'theirs', since: '2026-01-01T00:00:00Z' }),
    );
  write(gone);
  const lock = lockDataDir(dir);
  lock.release();
  write(process.ppid);
  assert.throws(
    () => lockDataDir(dir),
    (e: Error) => e instanceof DataDirInUse && e.message.includes(`pid ${process.ppid}`),
  );
  rmSync(lockFile);
});
