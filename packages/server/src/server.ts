// Starting and stopping the platform: open and migrate the database, seed the demo on first run,
// build the app, listen; on shutdown let in-flight requests finish, then close the database.
import { createLogger } from './logging.ts';
import { buildApp } from './app.ts';
import { ComputePool } from './compute/pool.ts';
import { systemClock } from './clock.ts';
import { defaultAppConfig, type AppConfig } from './config.ts';
import { connectDatabase, type Database } from './db/connect.ts';
import { migrateDatabase } from './db/migrate.ts';
import type { App } from './http/app-type.ts';
import { randomIds } from './ids.ts';
import { startWorkers } from './notify/workers.ts';
import { MAINTENANCE_INTERVAL_MS, purgeExpired } from './maintenance.ts';
import { formatDemoCredentials, seedDemoOnFirstRun } from './seed/demo.ts';

export type ServeOptions = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  config?: Partial<AppConfig>;
  /** Where the one-time demo credentials go; the terminal by default. */
  print?: (text: string) => void;
};

export type RunningServer = { app: App; database: Database; url: string; close(): Promise<void> };

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'info' });
  const database = await connectDatabase(
    options.databaseUrl ? { databaseUrl: options.databaseUrl } : { dataDir: options.dataDir },
  );
  try {
    await migrateDatabase(database);
    // The Renault Megane (a generated, industrial-size example) joins the demo catalog unless
    // DEMO_LARGE_EXAMPLES=off: first start only, about two seconds of compiling and proving.
    const seeded = await seedDemoOnFirstRun(
      database.db,
      { clock: systemClock, ids: randomIds },
      { largeExamples: process.env.DEMO_LARGE_EXAMPLES !== 'off' },
    );
    const url = `http://${options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host}:${options.port}`;
    // Links in email point at this server unless PUBLIC_URL names the address customers use.
    const config = {
      ...defaultAppConfig,
      publicUrl: process.env.PUBLIC_URL ?? url,
      ...options.config,
    };
    // One pool for requests and the background worker (the daily customer-value fit).
    const compute = new ComputePool(config.compute);
    const app = await buildApp({
      db: database.db,
      clock: systemClock,
      ids: randomIds,
      logger,
      config,
      compute,
    });
    await app.listen({ port: options.port, host: options.host });
    const maintenance = setInterval(() => {
      purgeExpired(database.db, systemClock.now()).then(
        (purged) => logger.info({ purged }, 'purged expired records'),
        (error: unknown) => logger.error({ err: error }, 'purging expired records failed'),
      );
    }, MAINTENANCE_INTERVAL_MS);
    maintenance.unref();
    // Webhook deliveries, held orders, provider deadlines (every 5 minutes) and the retention
    // job; stopped before the database closes.
    const stopWorkers = startWorkers({
      db: database.db,
      clock: systemClock,
      ids: randomIds,
      logger,
      config,
      compute,
    });
    if (seeded)
      (options.print ?? ((t) => process.stdout.write(t + '\n')))(
        formatDemoCredentials(seeded, url),
      );
    logger.info(
      { url, database: database.driver === 'pglite' ? `pglite:${options.dataDir}` : 'postgresql' },
      'Customerize is running',
    );
    const close = async () => {
      clearInterval(maintenance);
      await stopWorkers();
      await shutdown(app, database);
      await compute.close();
    };
    return { app, database, url, close };
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}

/** How long in-flight requests may take to finish before their connections are cut. */
export const SHUTDOWN_GRACE_MS = 15_000;

/**
 * Stops accepting connections, waits for in-flight requests to complete (fastify's close), then
 * closes the database, so no request loses its connection midway. Keep-alive connections that
 * turn idle while closing are closed as they do (node only closes the ones idle at the start);
 * after SHUTDOWN_GRACE_MS the remaining ones are cut.
 */
export async function shutdown(
  app: App,
  database: Database,
  graceMs = SHUTDOWN_GRACE_MS,
): Promise<void> {
  const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
  const deadline = setTimeout(() => app.server.closeAllConnections(), graceMs);
  try {
    await app.close();
  } finally {
    clearInterval(sweep);
    clearTimeout(deadline);
    await database.close();
  }
}
