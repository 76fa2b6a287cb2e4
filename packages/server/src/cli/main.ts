// Entry point of the `customerize` command (bin/customerize.mjs, npm start).
import { buildProgram } from './program.ts';

await buildProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(
      `customerize: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
