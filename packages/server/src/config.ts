// What an operator can configure, resolved once from flags and environment (see cli/main.ts).
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ComputeConfig } from './compute/pool.ts';
import type { RateLimit } from './auth/rate-limit.ts';
import { defaultWriteLimits, type WriteLimits } from './http/write-limits.ts';
import { parseCidrList } from './notify/webhook-address.ts';

export type AppConfig = {
  /** Folder holding the built web app (index.html + assets); null serves the API only. */
  webDir: string | null;
  /** Trust X-Forwarded-* headers (set when running behind a TLS-terminating proxy). */
  trustProxy: boolean;
  /** Lifetime of a sign-in session. */
  sessionTtlMs: number;
  /** Where customers reach the firm (links in emails), e.g. "https://shop.example.com". */
  publicUrl: string;
  /** smtp(s)://user:pass@host:port; null keeps sent mail in the outbox table only. */
  smtpUrl: string | null;
  /** Sender of outgoing mail. */
  mailFrom: string;
  /** Slug of the firm the customer area at `/` serves (`GET /api/v1/storefront`). */
  defaultTenant: string;
  /** Worker threads that compile and measure models (see docs/limits.md). */
  compute: ComputeConfig;
  /**
   * Non-public address ranges webhooks may reach anyway (CIDR, e.g. an intranet receiver);
   * everything private, loopback and link-local is refused otherwise. Env WEBHOOK_ALLOW_CIDRS,
   * comma-separated.
   */
  webhookAllowCidrs: string[];
  /** Rate limits on writes by guests and customers, per client address and per firm. */
  writeLimits: WriteLimits;
  /**
   * How long a guest's order holds capacity before it must be confirmed by the emailed link;
   * null places guest orders at once (only where guests' emails are verified otherwise).
   * Env GUEST_ORDER_HOLD_MINUTES (default 30; "off").
   */
  guestOrderHoldMs: number | null;
  /**
   * Origins that may embed the studio pages in a frame (e.g. "https://www.firm.example"); the
   * console and the API may never be framed. Env STUDIO_EMBED_ORIGINS, comma-separated.
   */
  studioEmbedOrigins: string[];
  /**
   * Every answer to a bid takes at least this long (plus random noise), so the time it takes
   * says nothing about how the bid compared with the floor. Env BID_ANSWER_MIN_MS (default 400).
   */
  bidAnswerMinMs: number;
  /** Bids per customer, email and client address (env BID_LIMIT_PER_HOUR, default 10 an hour). */
  bidRateLimit: RateLimit;
};

function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return process.env[name] !== undefined && Number.isFinite(value) ? value : fallback;
}

export const defaultComputeConfig: ComputeConfig = {
  workers: envNumber('COMPUTE_WORKERS', Math.max(1, Math.min(4, availableParallelism() - 1))),
  deadlineMs: envNumber('COMPUTE_DEADLINE_MS', 30_000),
  heapMb: envNumber('COMPUTE_HEAP_MB', 1024),
  maxQueue: envNumber('COMPUTE_MAX_QUEUE', 16),
  maxPerTenant: envNumber('COMPUTE_MAX_PER_TENANT', 2),
};

/** "https://a.example, https://b.example" → the origins; throws on anything but an origin. */
function originList(text: string | undefined): string[] {
  const list = (text ?? '').split(/[\s,]+/).filter((s) => s.length > 0);
  for (const origin of list) {
    const parsed = URL.canParse(origin) ? new URL(origin) : null;
    if (!parsed || parsed.origin !== origin || !/^https?:$/.test(parsed.protocol))
      throw new Error(
        `STUDIO_EMBED_ORIGINS: ${origin} is not an origin like https://www.example.com`,
      );
  }
  return list;
}

/** GUEST_ORDER_HOLD_MINUTES: minutes (default 30), or "off" to place guest orders at once. */
function holdMinutes(text: string | undefined): number | null {
  if (text === 'off') return null;
  const minutes = Number(text ?? 30);
  if (!Number.isFinite(minutes) || minutes <= 0)
    throw new Error(`GUEST_ORDER_HOLD_MINUTES must be a number of minutes or "off", not ${text}`);
  return minutes * 60_000;
}

export const defaultWebDir = fileURLToPath(new URL('../../web/dist', import.meta.url));

export const defaultAppConfig: AppConfig = {
  webDir: defaultWebDir,
  trustProxy: false,
  sessionTtlMs: 14 * 24 * 60 * 60 * 1000,
  publicUrl: process.env.PUBLIC_URL ?? 'http://localhost:8080',
  smtpUrl: process.env.SMTP_URL ?? null,
  mailFrom: process.env.MAIL_FROM ?? 'Customerize <no-reply@customerize.dev>',
  defaultTenant: process.env.DEFAULT_TENANT ?? 'demo',
  compute: defaultComputeConfig,
  webhookAllowCidrs: parseCidrList(process.env.WEBHOOK_ALLOW_CIDRS),
  writeLimits: defaultWriteLimits,
  guestOrderHoldMs: holdMinutes(process.env.GUEST_ORDER_HOLD_MINUTES),
  studioEmbedOrigins: originList(process.env.STUDIO_EMBED_ORIGINS),
  bidAnswerMinMs: envNumber('BID_ANSWER_MIN_MS', 400),
  bidRateLimit: { limit: envNumber('BID_LIMIT_PER_HOUR', 10), windowMs: 60 * 60_000 },
};
