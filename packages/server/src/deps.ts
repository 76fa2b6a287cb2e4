// What every route module receives from buildApp: passed explicitly, no container.
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from './clock.ts';
import type { ComputePool } from './compute/pool.ts';
import type { AppConfig } from './config.ts';
import type { Db } from './db/types.ts';
import type { Ids } from './ids.ts';

export type AppDeps = {
  db: Db;
  clock: Clock;
  ids: Ids;
  config: AppConfig;
  logger: FastifyBaseLogger;
  /** Worker threads for untrusted model computation (compute/pool.ts). */
  compute: ComputePool;
};
