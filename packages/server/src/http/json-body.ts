// The JSON body parser and the input checks every request passes before any handler or guard:
// bodies nested deeper than MAX_JSON_DEPTH are refused before they are parsed (a 5,000-deep body
// once overflowed the stack further down), and no string may carry U+0000 (PostgreSQL refuses it
// in text, which surfaced as a 500). Both answer 400 problem+json naming the field.
import type { FastifyRequest } from 'fastify';
import type { App } from './app-type.ts';
import { MalformedBody, ValidationFailed, type FieldError } from './errors.ts';

/** Deepest nesting of arrays and objects a body may have; our schemas need far fewer. */
export const MAX_JSON_DEPTH = 32;
/** Largest body accepted (413 above). */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * How deep `text` nests (arrays and objects), counted on the raw characters, without parsing
 * and without recursion: linear in the length, and it stops as soon as `limit` is passed.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > limit) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return false;
}

/**
 * Every string (value or key) in `value` that holds U+0000, as `{field, message}` with a dotted
 * path (`items.2.text`; `context` for the value itself). Iterative: depth is bounded anyway.
 */
export function nulCharacterErrors(value: unknown, context = 'body'): FieldError[] {
  const errors: FieldError[] = [];
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  const name = (path: string[]) => (path.length === 0 ? context : path.join('.'));
  while (stack.length > 0 && errors.length < 20) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000'))
        errors.push({ field: name(path), message: 'must not contain the NUL character (U+0000)' });
    } else if (Array.isArray(v)) {
      v.forEach((item, index) => stack.push({ value: item, path: [...path, String(index)] }));
    } else if (v !== null && typeof v === 'object') {
      for (const [key, item] of Object.entries(v as Record<string, unknown>)) {
        if (key.includes('\u0000')) {
          errors.push({
            field: name([...path, key.replaceAll('\u0000', '\\u0000')]),
            message: 'field names must not contain the NUL character (U+0000)',
          });
        } else stack.push({ value: item, path: [...path, key] });
      }
    }
  }
  return errors.reverse();
}

/**
 * Replaces fastify's JSON parser (keeping its prototype-poisoning protection) with one that
 * refuses too deep bodies and NUL characters, and checks path parameters and the query string
 * for NUL before any guard looks them up.
 */
export function registerInputChecks(app: App): void {
  const defaultParser = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: MAX_BODY_BYTES },
    (request, body, done) => {
      const text = body as string;
      if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
        done(new MalformedBody(`The body nests deeper than ${MAX_JSON_DEPTH} levels.`), undefined);
        return;
      }
      defaultParser(request, text, (error, parsed) => {
        if (error) return done(error, undefined);
        const nul = nulCharacterErrors(parsed);
        if (nul.length > 0) return done(new ValidationFailed(nul), undefined);
        done(null, parsed);
      });
    },
  );
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const errors = [
      ...nulCharacterErrors(request.params ?? {}, 'path'),
      ...nulCharacterErrors(request.query ?? {}, 'query'),
    ];
    if (errors.length > 0) throw new ValidationFailed(errors);
  });
  // Bodies of the other parsers a scope may add (forms: the punch-out pages and OCI) are
  // checked too, before validation; JSON was checked while parsing, XML by its reader.
  app.addHook('preValidation', async (request: FastifyRequest) => {
    const body: unknown = request.body;
    if (body === null || typeof body !== 'object' || Buffer.isBuffer(body)) return;
    if (/^application\/json\b/i.test(String(request.headers['content-type'] ?? ''))) return;
    const errors = nulCharacterErrors(body);
    if (errors.length > 0) throw new ValidationFailed(errors);
  });
}
