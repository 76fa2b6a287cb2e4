// A real app (every route module, real database, real password hashing) on a test database,
// with a clock the test controls and predictable ids. Create it once per test file:
//
//   const t = await createTestApp();            // in-memory PGlite
//   beforeEach(() => t.reset());               // empty tables between tests
//   after(() => t.close());
//   const firm = await t.seedFirm('alpha');      // a demo firm: staff of every role, customers
//   const owner = await t.signIn(firm, 'owner'); // cookie + CSRF headers for app.inject
//   await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: owner.headers, payload: {…} });
import pino from 'pino';
import type { FastifyBaseLogger, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { manualClock, type ManualClock } from '../../src/clock.ts';
import { defaultAppConfig, type AppConfig } from '../../src/config.ts';
import type { ComputePool } from '../../src/compute/pool.ts';
import type { Db } from '../../src/db/types.ts';
import type { App } from '../../src/http/app-type.ts';
import { sequentialIds, type Ids } from '../../src/ids.ts';
import type { WriteLimits } from '../../src/http/write-limits.ts';
import { seedDemo, type DemoCredential, type DemoSeedResult } from '../../src/seed/demo.ts';
import { openPgliteTestDatabase, type TestDatabase } from './db.ts';

export type Firm = DemoSeedResult & {
  /** The demo credential for a staff role ('owner', 'sales', …) or customer role ('buyer', 'approver'). */
  credential(role: string): DemoCredential;
};

export type SignedIn = {
  cookie: string;
  csrfToken: string;
  userId: string;
  /** Headers for app.inject: the session cookie and the CSRF token. */
  headers: Record<string, string>;
};

export type TestApp = {
  app: App;
  db: Db;
  testDb: TestDatabase;
  clock: ManualClock;
  ids: Ids;
  seedFirm(slug: string, name?: string): Promise<Firm>;
  signIn(firm: Firm, role: string): Promise<SignedIn>;
  /** Empties the database and restarts the clock (the app stays). */
  reset(): Promise<void>;
  close(): Promise<void>;
};

const generous = { limit: 1_000_000, windowMs: 60_000 };
export const generousWriteLimits: WriteLimits = {
  write: { perClient: generous, perFirm: generous },
  order: { perClient: generous, perFirm: generous },
};

export async function createTestApp(
  options: {
    /** Share a database (e.g. PostgreSQL, or with a second app); default: a new in-memory PGlite. */
    testDb?: TestDatabase;
    config?: Partial<AppConfig>;
    /** Apps sharing a database need ids that do not collide (e.g. randomIds). */
    ids?: Ids;
    /** Where the app logs; silent by default. */
    logger?: FastifyBaseLogger;
    /** A compute pool the test holds (to read its stats); the caller closes it. */
    compute?: ComputePool;
  } = {},
): Promise<TestApp> {
  const testDb = options.testDb ?? (await openPgliteTestDatabase());
  const clock = manualClock();
  const ids = options.ids ?? sequentialIds();
  const db = testDb.database.db;
  const app = await buildApp({
    db,
    clock,
    ids,
    logger: options.logger ?? pino({ level: 'silent' }),
    // Generous write limits, so suites can make many requests; write-limits.test.ts uses real ones.
    // Guest orders are placed at once; guest-order-holds.test.ts tests the confirmation hold.
    config: {
      ...defaultAppConfig,
      webDir: null,
      writeLimits: generousWriteLimits,
      guestOrderHoldMs: null,
      // Bid answers are not padded in tests (bids-floor-leak.test.ts pads them on purpose).
      bidAnswerMinMs: 0,
      bidRateLimit: generous,
      ...options.config,
    },
    ...(options.compute ? { compute: options.compute } : {}),
  });
  await app.ready();
  const t: TestApp = {
    app,
    db,
    testDb,
    clock,
    ids,
    async seedFirm(slug, name = `Firm ${slug}`) {
      const result = await seedDemo(db, { clock, ids }, { slug, name });
      return {
        ...result,
        credential(role) {
          const c = result.credentials.find((x) => x.role === role);
          if (!c) throw new Error(`the demo firm has no ${role}`);
          return c;
        },
      };
    },
    async signIn(firm, role) {
      const c = firm.credential(role);
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { tenant: firm.tenant.slug, email: c.email, password: c.password, kind: c.kind },
      });
      if (res.statusCode !== 200)
        throw new Error(`sign-in as ${role} failed: ${res.statusCode} ${res.body}`);
      const cookie = sessionCookie(res);
      const body = res.json<{ csrfToken: string; user: { id: string } }>();
      return {
        cookie,
        csrfToken: body.csrfToken,
        userId: body.user.id,
        headers: { cookie, 'x-csrf-token': body.csrfToken },
      };
    },
    async reset() {
      await testDb.reset();
      clock.set(new Date('2026-01-15T09:00:00.000Z'));
    },
    async close() {
      await app.close();
      if (!options.testDb) await testDb.close();
    },
  };
  return t;
}

/** `cz_session=…` from a sign-in response, ready for a Cookie header. */
export function sessionCookie(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'cz_session');
  if (!c) throw new Error('no cz_session cookie in the response');
  return `cz_session=${c.value}`;
}
