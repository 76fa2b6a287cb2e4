// The `customerize` command line: every command and option, with --help on each.
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { connectDatabase } from '../db/connect.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { startServer } from '../server.ts';
import { registerInsightCommands } from './insights-commands.ts';
import { registerModelCommands } from './model-commands.ts';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}

const DATA_DIR_HELP =
  'folder of the embedded database (PGlite), used when no database URL is given';
const DATABASE_URL_HELP = 'PostgreSQL connection URL (instead of the embedded database)';

export function buildProgram(): Command {
  const program = new Command('customerize')
    .description('Customerize: customers design their own product within what the firm can build.')
    .showHelpAfterError();

  program
    .command('serve')
    .description(
      'run the platform: migrate the database, seed the demo firm on first run, serve API and web app',
    )
    .option(
      '--port <port>',
      'port to listen on (env PORT)',
      // The environment's value is checked when the command runs, like the flag's.
      process.env.PORT ?? '8080',
    )
    .option('--host <host>', 'interface to listen on (env HOST)', process.env.HOST ?? 'localhost')
    .option(
      '--data-dir <dir>',
      `${DATA_DIR_HELP} (env CUSTOMERIZE_DATA_DIR)`,
      process.env.CUSTOMERIZE_DATA_DIR ?? './.customerize',
    )
    .option(
      '--database-url <url>',
      `${DATABASE_URL_HELP} (env DATABASE_URL)`,
      process.env.DATABASE_URL,
    )
    .option(
      '--trust-proxy',
      'trust X-Forwarded-* headers from a TLS-terminating proxy (env TRUST_PROXY=1)',
      process.env.TRUST_PROXY === '1',
    )
    .action(
      async (opts: {
        port: string;
        host: string;
        dataDir: string;
        databaseUrl?: string;
        trustProxy: boolean;
      }) => {
        const server = await startServer({
          port: port(opts.port),
          host: opts.host,
          dataDir: resolve(opts.dataDir),
          databaseUrl: opts.databaseUrl || null,
          config: { trustProxy: opts.trustProxy },
        });
        let stopping = false;
        const stop = (signal: string) => {
          if (stopping) {
            server.app.log.warn({ signal }, 'second signal: exiting without waiting');
            process.exit(1);
          }
          stopping = true;
          server.app.log.info({ signal }, 'shutting down: finishing in-flight requests');
          server.close().then(
            () => process.exit(0),
            (error: unknown) => {
              server.app.log.error({ err: error }, 'shutdown failed');
              process.exit(1);
            },
          );
        };
        process.on('SIGTERM', () => stop('SIGTERM'));
        process.on('SIGINT', () => stop('SIGINT'));
      },
    );

  const db = program.command('db').description('database maintenance');
  db.command('migrate')
    .description('apply pending migrations and exit')
    .option(
      '--data-dir <dir>',
      `${DATA_DIR_HELP} (env CUSTOMERIZE_DATA_DIR)`,
      process.env.CUSTOMERIZE_DATA_DIR ?? './.customerize',
    )
    .option(
      '--database-url <url>',
      `${DATABASE_URL_HELP} (env DATABASE_URL)`,
      process.env.DATABASE_URL,
    )
    .action(async (opts: { dataDir: string; databaseUrl?: string }) => {
      const database = await connectDatabase(
        opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : { dataDir: resolve(opts.dataDir) },
      );
      try {
        await migrateDatabase(database);
        process.stdout.write('database is up to date\n');
      } finally {
        await database.close();
      }
    });

  registerModelCommands(program);
  registerInsightCommands(program);
  return program;
}
