// `npm start` serves the built web app; build it once when a fresh checkout has none.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

if (!existsSync('packages/web/dist/index.html')) {
  const r = spawnSync('npm', ['run', 'build:web'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
