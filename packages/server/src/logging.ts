// The server's logger: pino JSON lines, with secrets and personal data kept out of every line.
//
// - Request URLs are logged with only allow-listed query parameters (`limit`, `status`, …); every
//   other value (`?token=`, `?email=`, `?q=`, names, token hashes) becomes `[redacted]`.
// - Headers that carry credentials, and body fields that carry secrets or personal data, are
//   redacted wherever a log line would include them (pino `redact`).
// - Errors are logged without the query parameters, details and email addresses that database
//   and SMTP errors quote.
import type { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

export const REDACTED = '[redacted]';

/** Query parameters whose values are safe to log: ids, filters, paging. Everything else is not. */
export const LOGGABLE_QUERY_PARAMETERS: ReadonlySet<string> = new Set([
  'limit',
  'offset',
  'page',
  'status',
  'endpointId',
  'customerId',
  'product',
  'versionId',
  'from',
  'to',
  'days',
  'weeks',
  'week',
  'kind',
  'purpose',
]);

const SAFE_NAME = /^[A-Za-z][A-Za-z0-9_.[\]-]{0,40}$/;

/** The URL as it may be logged: the path, and only allow-listed query values. */
export function scrubUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash < 0 ? undefined : hash);
  const pairs = query.split('&').map((pair) => {
    if (pair === '') return pair;
    const eq = pair.indexOf('=');
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    let name: string;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
    } catch {
      return REDACTED;
    }
    if (!SAFE_NAME.test(name)) return REDACTED;
    if (LOGGABLE_QUERY_PARAMETERS.has(name)) return pair;
    return eq < 0 ? name : `${name}=${REDACTED}`;
  });
  return `${url.slice(0, q)}?${pairs.join('&')}`;
}

const EMAIL = /[^\s@<>()"',;:[\]]+@[^\s@<>()"',;:[\]]+\.[^\s@<>()"',;:[\]]+/g;
/** Drizzle's "Failed query: … params: a,b,c" and PostgreSQL's "Key (email)=(…)". */
const QUERY_PARAMS = /(\bparams: )[^\n]*/g;
const KEY_VALUES = /(\bKey \([^)]*\)=\()[^)]*\)/g;

function scrubText(text: string): string {
  return text
    .replace(QUERY_PARAMS, `$1${REDACTED}`)
    .replace(KEY_VALUES, `$1${REDACTED})`)
    .replace(EMAIL, REDACTED);
}

type SerializedError = Record<string, unknown> & { message?: unknown; stack?: unknown };

/** pino's error serializer, then without quoted values: params, details, emails in messages. */
export function serializeError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown;
  return scrubError(serialized, 0);
}

function scrubError(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null || depth > 4) return value;
  const e = { ...(value as SerializedError) };
  for (const key of ['params', 'parameters', 'detail', 'where', 'query', 'internalQuery']) {
    if (key in e) e[key] = REDACTED;
  }
  if (typeof e.message === 'string') e.message = scrubText(e.message);
  if (typeof e.stack === 'string') e.stack = scrubText(e.stack);
  if ('cause' in e) e.cause = scrubError(e.cause, depth + 1);
  if (Array.isArray(e.aggregateErrors))
    e.aggregateErrors = e.aggregateErrors.map((x) => scrubError(x, depth + 1));
  return e;
}

type LoggedRequest = {
  method?: unknown;
  url?: unknown;
  host?: unknown;
  ip?: unknown;
  socket?: { remotePort?: unknown };
};

/**
 * Fastify's request serializer with the URL scrubbed. Only these fields are ever logged for a
 * request (never its headers or body), and it accepts anything: logging must not throw.
 */
export function serializeRequest(req: LoggedRequest): Record<string, unknown> {
  if (typeof req !== 'object' || req === null) return {};
  return {
    method: req.method,
    url: typeof req.url === 'string' ? scrubUrl(req.url) : undefined,
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

const SECRET_FIELDS = [
  'password',
  'newPassword',
  'token',
  'secret',
  'csrfToken',
  'email',
  'name',
  'phone',
  'addresses',
  'personalization',
  'text',
  'body',
];

/** pino redact paths: credential headers anywhere a request/response is logged, secret fields. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'req.headers["idempotency-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-csrf-token"]',
  ...SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]),
];

export function createLogger(options: { level?: string; destination?: Writable } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: { req: serializeRequest, err: serializeError },
    },
    options.destination,
  );
}
