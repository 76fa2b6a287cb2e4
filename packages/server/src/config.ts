// What an operator can configure, resolved once from flags and environment (see cli/main.ts).
import { fileURLToPath } from 'node:url';

export type AppConfig = {
  /** Folder holding the built web app (index.html + assets); null serves the API only. */
  webDir: string | null;
  /** Trust X-Forwarded-* headers (set when running behind a TLS-terminating proxy). */
  trustProxy: boolean;
  /** Lifetime of a sign-in session. */
  sessionTtlMs: number;
};

export const defaultWebDir = fileURLToPath(new URL('../../web/dist', import.meta.url));

export const defaultAppConfig: AppConfig = {
  webDir: defaultWebDir,
  trustProxy: false,
  sessionTtlMs: 14 * 24 * 60 * 60 * 1000,
};
