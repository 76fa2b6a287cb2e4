// The setup every browser test file shares: before its tests, the built web app, the real server
// on a fresh demo folder and (if asked) one shared Chromium; after them, every browser closed and
// the server stopped. Register it at the top level of a test file; tests read its fields.
import { after, before } from 'node:test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import {
  ensureWebBuilt,
  launchBrowser,
  root,
  startLiveServer,
  type LiveServer,
} from './live-server.ts';

export interface BrowserSuite {
  readonly server: LiveServer;
  /** `http://localhost:<port>` of the server. */
  readonly baseUrl: string;
  /** The shared browser (with `sharedBrowser: true`), launched before the tests. */
  readonly context: BrowserContext;
  /** test-artifacts/<shots>/, made before the tests (with `shots`). */
  readonly shots: string;
  /** A page in a browser of its own (its own cookies), closed after the tests. */
  newPage(): Promise<Page>;
}

export function browserSuite(
  options: {
    /** Folder under test-artifacts/ for screenshots. */
    shots?: string;
    /** Launch one browser before the tests, shared as `context`. */
    sharedBrowser?: boolean;
    server?: Parameters<typeof startLiveServer>[0];
  } = {},
): BrowserSuite {
  let server: LiveServer | undefined;
  let shared: BrowserContext | undefined;
  const contexts: BrowserContext[] = [];
  const shots = join(root, 'test-artifacts', options.shots ?? '');
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started (before() has not run)`);
    return value;
  };

  before(async () => {
    ensureWebBuilt();
    if (options.shots) mkdirSync(shots, { recursive: true });
    server = await startLiveServer(options.server);
    if (options.sharedBrowser) {
      shared = await launchBrowser();
      contexts.push(shared);
    }
  });

  after(async () => {
    for (const c of contexts) await c.close();
    await server?.close();
  });

  return {
    get server() {
      return started(server, 'the server');
    },
    get baseUrl() {
      return started(server, 'the server').baseUrl;
    },
    get context() {
      return started(shared, 'the shared browser');
    },
    shots,
    async newPage() {
      const context = await launchBrowser();
      contexts.push(context);
      return context.newPage();
    },
  };
}
