// The embedded database (PGlite) is single-process: two processes writing one data folder lose
// each other's commits. Whoever opens the folder first holds `<dataDir>/customerize.lock`
// (created with O_EXCL, naming its pid); a second process refuses to start. A lock left by a
// process that died (kill -9, power loss) is taken over: the holder's pid no longer runs.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fsyncSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

export const LOCK_FILE = 'customerize.lock';
/** A lock file still empty after this long was left by a process that died while writing it. */
const UNWRITTEN_LOCK_STALE_MS = 2_000;
/** A takeover in progress for longer than this was abandoned by a dead process. */
const TAKEOVER_STALE_MS = 10_000;

type LockInfo = { pid: number; host: string; nonce: string; since: string };

export type DataDirLock = { path: string; release(): void };

/** Paths this process holds: opening the same folder twice in one process is refused too. */
const heldHere = new Set<string>();

export class DataDirInUse extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: { pid: number; host: string; since: string },
  ) {
    super(
      `the data folder ${dataDir} is in use by another Customerize process (pid ${holder.pid}` +
        `${holder.host === hostname() ? '' : ` on ${holder.host}`}, since ${holder.since}). ` +
        `The embedded database serves one process only: stop that process first, give this one ` +
        `another --data-dir, or use PostgreSQL (--database-url) to run several.`,
    );
  }
}

export function lockDataDir(dataDir: string): DataDirLock {
  const dir = resolve(dataDir);
  const path = join(dir, LOCK_FILE);
  if (heldHere.has(path)) {
    throw new DataDirInUse(dir, { pid: process.pid, host: hostname(), since: 'earlier' });
  }
  const mine: LockInfo = {
    pid: process.pid,
    host: hostname(),
    nonce: randomBytes(16).toString('hex'),
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 100; attempt++) {
    if (tryCreate(path, mine)) {
      heldHere.add(path);
      const onExit = () => removeIfMine(path, mine.nonce);
      process.once('exit', onExit);
      return {
        path,
        release() {
          process.removeListener('exit', onExit);
          removeIfMine(path, mine.nonce);
          heldHere.delete(path);
        },
      };
    }
    const seen = readText(path);
    if (seen === null) continue; // Released meanwhile: try again.
    const holder = parse(seen);
    if (holder === null) {
      // Created but not yet written, or its writer died: wait a moment before calling it stale.
      if (ageMs(path) < UNWRITTEN_LOCK_STALE_MS) {
        sleep(50);
        continue;
      }
    } else if (isAlive(holder)) {
      throw new DataDirInUse(dir, holder);
    }
    takeOver(path, seen);
  }
  throw new Error(`could not lock the data folder ${dir}: ${path} keeps changing`);
}

/** Removes the stale lock whose text is `stale`, unless another process replaced it meanwhile. */
function takeOver(path: string, stale: string): void {
  const guard = `${path}.takeover`;
  let fd: number;
  try {
    fd = openSync(guard, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Another process is taking over; a guard older than TAKEOVER_STALE_MS was abandoned.
    if (ageMs(guard) > TAKEOVER_STALE_MS) unlinkQuietly(guard);
    else sleep(50);
    return;
  }
  try {
    // Only under the guard is a lock file removed, and only the very one found stale: a process
    // that created a fresh lock meanwhile keeps it.
    if (readText(path) === stale) unlinkQuietly(path);
  } finally {
    closeSync(fd);
    unlinkQuietly(guard);
  }
}

function tryCreate(path: string, info: LockInfo): boolean {
  let fd: number;
  try {
    fd = openSync(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, JSON.stringify(info) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

function isAlive(holder: LockInfo): boolean {
  // Another machine (a shared folder): its processes cannot be checked from here.
  if (holder.host !== hostname()) return true;
  // Our own pid, but not held by this process: an earlier run with the same pid (containers
  // restart with the same pids) that was killed.
  if (holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parse(text: string): LockInfo | null {
  try {
    const info = JSON.parse(text) as Partial<LockInfo>;
    if (
      typeof info.pid === 'number' &&
      typeof info.host === 'string' &&
      typeof info.nonce === 'string'
    ) {
      return { pid: info.pid, host: info.host, nonce: info.nonce, since: String(info.since) };
    }
  } catch {
    // Not (yet) a complete lock file.
  }
  return null;
}

function removeIfMine(path: string, nonce: string): void {
  const text = readText(path);
  if (text !== null && parse(text)?.nonce === nonce) unlinkQuietly(path);
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
