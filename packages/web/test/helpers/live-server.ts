// The plumbing of the browser tests: the real server started through its CLI
// (`customerize serve`) on a free port, the built web app it serves, and Chromium with the flags
// that keep it quiet and sandbox-free in CI. Tests keep their steps and assertions; only this
// moves here.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type LaunchOptions } from 'playwright-core';
import { SMTPServer } from 'smtp-server';

/** The repository root: the server runs from here, as `customerize` does in a checkout. */
export const root = fileURLToPath(new URL('../../../..', import.meta.url));
const bin = join(root, 'packages/server/bin/customerize.mjs');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** How long a start may take: the first one on a fresh folder migrates and seeds the demo. */
const START_TIMEOUT_MS = 90_000;

export interface Account {
  email: string;
  password: string;
}

export interface LiveServer {
  /** `http://localhost:<port>`; the same across restarts. */
  baseUrl: string;
  dataDir: string;
  /**
   * The one-time demo credentials printed on the first start of a fresh folder, keyed
   * `staff owner`, `staff sales`, `customer buyer`, …; restarts keep them.
   */
  accounts: Map<string, Account>;
  /** Everything the current run printed (stdout and stderr), since its start or restart. */
  output(): string;
  /** Sends SIGTERM and resolves with the exit code (the code it had, if it already exited). */
  stop(): Promise<number | null>;
  /** Starts the server again on the same port and data folder, stopping it first if running. */
  restart(): Promise<void>;
  /** Stops the server and removes the data folder if this helper made it. */
  close(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Builds packages/web/dist unless it is there: the server serves the app from it. */
export function ensureWebBuilt(): void {
  if (existsSync(join(root, 'packages/web/dist/index.html'))) return;
  const build = spawnSync('npm', ['run', 'build', '-w', '@customerize/web'], {
    cwd: root,
    stdio: 'inherit',
  });
  assert.equal(build.status, 0, 'building the web app failed');
}

/** Demo account lines as `formatDemoCredentials` prints them: `  staff owner  email  password`. */
const ACCOUNT_LINE = /^\s+(staff|customer) ([\w-]+)\s+(\S+@\S+)\s+(\S+)\s*$/gm;

/**
 * Starts `customerize serve` on a free port and resolves once it says it is running. Without
 * `dataDir` it uses a fresh temporary folder (so the demo is seeded), removed by `close()`.
 * `env` adds environment variables (e.g. `SMTP_URL` of a test mail server).
 */
export async function startLiveServer(
  options: { dataDir?: string; env?: Record<string, string> } = {},
): Promise<LiveServer> {
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'customerize-live-'));
  const port = await freePort();
  const accounts = new Map<string, Account>();
  let child: ChildProcess | null = null;
  let output = '';

  // Only the first start in a folder of our own seeds the demo (and prints its passwords).
  let seedsDemo = ownDataDir;
  const start = async (): Promise<void> => {
    output = '';
    const spawned = spawn(
      process.execPath,
      [bin, 'serve', '--port', String(port), '--host', 'localhost', '--data-dir', dataDir],
      {
        cwd: root,
        // An empty DATABASE_URL keeps it on PGlite in dataDir; info level prints the ready line.
        // Guest orders are placed at once here: the browser cannot read the confirmation email
        // (the server suite tests the hold: guest-order-holds.test.ts).
        env: {
          ...process.env,
          DATABASE_URL: '',
          LOG_LEVEL: 'info',
          GUEST_ORDER_HOLD_MINUTES: 'off',
          // The Renault Megane costs every first start seconds; its own tests turn it on.
          DEMO_LARGE_EXAMPLES: 'off',
          ...options.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child = spawned;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        spawned.kill('SIGKILL');
        reject(new Error(`server did not start in ${START_TIMEOUT_MS / 1000} s:\n${output}`));
      }, START_TIMEOUT_MS);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (!output.includes('Customerize is running')) return;
        // A fresh folder prints the demo passwords on stdout and the ready line through the
        // logger: the two can arrive in either order, so wait for the whole block too.
        if (seedsDemo && !/shown only this once:\n(?:.*\n)*?\n/.test(output)) return;
        for (const m of output.matchAll(ACCOUNT_LINE)) {
          accounts.set(`${m[1]} ${m[2]}`, { email: m[3]!, password: m[4]! });
        }
        seedsDemo = false;
        clearTimeout(timer);
        resolve();
      };
      spawned.stdout!.on('data', onData);
      spawned.stderr!.on('data', onData);
      spawned.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${String(code)}:\n${output}`));
      });
    });
  };

  const stop = async (): Promise<number | null> => {
    const running = child;
    if (!running) return null;
    if (running.exitCode !== null || running.signalCode !== null) return running.exitCode;
    const exited = new Promise<number | null>((resolve) =>
      running.once('exit', (code) => resolve(code)),
    );
    running.kill('SIGTERM');
    return exited;
  };

  const server: LiveServer = {
    baseUrl: `http://localhost:${port}`,
    dataDir,
    accounts,
    output: () => output,
    stop,
    restart: async () => {
      await stop();
      await start();
    },
    close: async () => {
      await stop();
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  try {
    await start();
  } catch (error) {
    await server.close();
    throw error;
  }
  return server;
}

export interface ReceivedMail {
  to: string[];
  /** The message as received, quoted-printable soft breaks undone. */
  text: string;
}

/**
 * An SMTP server on a free local port that keeps what it receives: the people's inboxes. Staff
 * never see a customer's links in the console, so tests read them where customers do.
 */
export async function startMailbox(): Promise<{
  url: string;
  received: ReceivedMail[];
  /** The newest mail to `address` whose text matches `pattern`, waiting up to 20 s for it. */
  waitFor(address: string, pattern: RegExp): Promise<ReceivedMail>;
  close(): Promise<void>;
}> {
  const received: ReceivedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disableReverseLookup: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString()));
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          text: raw.replace(/=\r?\n/g, '').replace(/=3D/g, '='),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    async waitFor(address, pattern) {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const mail = received.findLast(
          (m) => m.to.includes(address.toLowerCase()) && pattern.test(m.text),
        );
        if (mail) return mail;
        assert.ok(Date.now() < deadline, `no mail to ${address} matching ${String(pattern)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}

/** How our tests run Chromium: the system one (or $CHROMIUM_PATH), headless, quiet. */
export function chromiumOptions(): LaunchOptions {
  assert.ok(
    existsSync(chromiumPath),
    `Chromium not found at ${chromiumPath}: apt-get install -y chromium, or set CHROMIUM_PATH`,
  );
  return {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  };
}

/**
 * A browser of its own (cookies, storage) on a persistent profile. Without `profileDir` the
 * profile is a fresh temporary folder, removed by the context's close().
 */
export async function launchBrowser(
  profileDir?: string,
  viewport: { width: number; height: number } = { width: 1280, height: 900 },
): Promise<BrowserContext> {
  const dir = profileDir ?? mkdtempSync(join(tmpdir(), 'customerize-browser-'));
  const context = await chromium.launchPersistentContext(dir, { ...chromiumOptions(), viewport });
  if (profileDir === undefined) {
    // Removed once close() has waited for Chromium to exit: on the 'close' event it may still
    // be writing to the profile.
    const close = context.close.bind(context);
    context.close = async (options) => {
      await close(options);
      rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    };
  }
  return context;
}
