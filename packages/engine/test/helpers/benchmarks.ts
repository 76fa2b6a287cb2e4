// Where the shared configuration benchmarks are: `shared/benchmarks/configuration` beside the
// repository (as CI lays it out), or the folder CUSTOMERIZE_BENCHMARKS names. Tests that read
// them fail when they are missing: a run that silently skipped them would prove nothing.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCHMARKS =
  process.env.CUSTOMERIZE_BENCHMARKS ??
  fileURLToPath(new URL('../../../../../shared/benchmarks/configuration', import.meta.url));

if (!existsSync(BENCHMARKS)) {
  throw new Error(
    `The shared benchmarks are not at ${BENCHMARKS}: put shared/ beside the repository or set CUSTOMERIZE_BENCHMARKS.`,
  );
}

/** A path inside the benchmarks folder, e.g. `benchmark('dimacs', 'axTLS_Berger2013.dimacs')`. */
export const benchmark = (...parts: string[]): string => join(BENCHMARKS, ...parts);
