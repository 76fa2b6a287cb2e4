// drizzle-kit: `npx drizzle-kit generate` (from packages/server) writes a new migration into
// ./drizzle after you change any `src/**/*.schema.ts`. Commit the generated files.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/**/*.schema.ts',
  out: './drizzle',
});
