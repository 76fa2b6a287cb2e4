// Walks the app's generated OpenAPI document, so route-generic tests (tenant isolation, bad
// input) cover every route any module registers, including ones added later.
import type { App } from '../../src/http/app-type.ts';

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  const?: unknown;
  enum?: unknown[];
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  pattern?: string;
  default?: unknown;
  examples?: unknown[];
  /** OpenAPI 3.0's single example (the document turns a schema's `examples` into it). */
  example?: unknown;
  $ref?: string;
};

export type Operation = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI form, e.g. /api/v1/users/{id}. */
  path: string;
  pathParams: string[];
  /** Schema of each path parameter ({} when the route declares none). */
  paramSchemas: Record<string, JsonSchema>;
  /** The JSON request body schema, $refs resolved; null when the route takes no JSON body. */
  body: JsonSchema | null;
  /** The concrete URL with every path parameter replaced. */
  url(params: Record<string, string> | ((name: string) => string)): string;
};

type OpenApiOperation = {
  parameters?: { in: string; name: string; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
};

type OpenApiDocument = {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
};

export function apiOperations(app: App): Operation[] {
  const doc = app.swagger() as unknown as OpenApiDocument;
  const resolve = (s: JsonSchema): JsonSchema => {
    if (s.$ref) {
      const name = s.$ref.split('/').pop()!;
      const target = doc.components?.schemas?.[name];
      if (!target) throw new Error(`unresolvable $ref ${s.$ref}`);
      return resolve(target);
    }
    const out: JsonSchema = { ...s };
    if (s.properties) {
      out.properties = Object.fromEntries(
        Object.entries(s.properties).map(([k, v]) => [k, resolve(v)]),
      );
    }
    if (s.items) out.items = resolve(s.items);
    if (s.anyOf) out.anyOf = s.anyOf.map(resolve);
    if (s.oneOf) out.oneOf = s.oneOf.map(resolve);
    if (s.allOf) out.allOf = s.allOf.map(resolve);
    return out;
  };
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api/')) continue;
    for (const [method, op] of Object.entries(methods)) {
      const upper = method.toUpperCase();
      if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(upper)) continue;
      const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      const declared = new Map(
        (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => [p.name, p.schema ?? {}]),
      );
      const schema = op.requestBody?.content?.['application/json']?.schema;
      ops.push({
        method: upper as Operation['method'],
        path,
        pathParams,
        paramSchemas: Object.fromEntries(
          pathParams.map((name) => [name, resolve(declared.get(name) ?? {})]),
        ),
        body: schema ? resolve(schema) : null,
        url: (params) =>
          path.replace(/\{(\w+)\}/g, (_, name: string) =>
            encodeURIComponent(typeof params === 'function' ? params(name) : (params[name] ?? '')),
          ),
      });
    }
  }
  return ops;
}

/** Whether a path parameter may hold a record id (a string; numbers are e.g. version numbers). */
export function isIdParam(schema: JsonSchema): boolean {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  return type === undefined || type === 'string';
}

/** A minimal value the schema accepts: required properties only, first alternative of a union. */
export function sampleValue(schema: JsonSchema, path = 'body'): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.examples?.length) return schema.examples[0];
  if (schema.example !== undefined) return schema.example;
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) {
    return sampleValue(alternatives.find((a) => a.type !== 'null') ?? alternatives[0]!, path);
  }
  if (schema.allOf) {
    return Object.assign({}, ...schema.allOf.map((s) => sampleValue(s, path) as object));
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const name of schema.required ?? []) {
        out[name] = sampleValue(schema.properties?.[name] ?? {}, `${path}.${name}`);
      }
      return out;
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () =>
        sampleValue(schema.items ?? {}, `${path}[]`),
      );
    case 'integer':
    case 'number':
      return Math.min(Math.max(schema.minimum ?? 1, 1), schema.maximum ?? Number.MAX_SAFE_INTEGER);
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'string':
      return sampleString(schema, path);
    default:
      return {};
  }
}

const FORMAT_SAMPLES: Record<string, string> = {
  email: 'sample.person@example.com',
  uuid: '00000000-0000-4000-8000-00000000abcd',
  'date-time': '2026-01-15T09:00:00.000Z',
  date: '2026-01-15',
  time: '09:00:00',
  uri: 'https://example.com/',
  url: 'https://example.com/',
};

/** Tried in order against a string's pattern and length limits. */
const STRING_CANDIDATES = [
  'Sample value',
  'sample',
  'sample-value',
  'EUR',
  'en',
  'NL',
  'a',
  'A1',
  'abc123',
  '#336699',
  '2026-01-15',
  '10:00',
  'Europe/Amsterdam',
  '+31201234567',
];

function sampleString(schema: JsonSchema, path: string): string {
  if (schema.format && FORMAT_SAMPLES[schema.format]) return FORMAT_SAMPLES[schema.format]!;
  const pattern = schema.pattern ? new RegExp(schema.pattern, 'u') : null;
  const fits = (s: string) =>
    (!pattern || pattern.test(s)) &&
    s.length >= (schema.minLength ?? 0) &&
    s.length <= (schema.maxLength ?? Infinity);
  const found = STRING_CANDIDATES.find(fits);
  if (found !== undefined) return found;
  const padded = 'Sample value'.padEnd(schema.minLength ?? 0, 'x');
  if (fits(padded)) return padded;
  throw new Error(
    `cannot invent a string for ${path} (pattern ${schema.pattern ?? 'none'}): give the schema an example (\`examples: [...]\`) or a default`,
  );
}

/**
 * A value of the wrong JSON type for the schema (a number for a string, a string for the rest),
 * or undefined when the schema accepts every type.
 */
export function wrongTypedValue(schema: JsonSchema): unknown {
  const types = new Set<string>();
  let open = false;
  const collect = (s: JsonSchema) => {
    if (s.anyOf || s.oneOf) (s.anyOf ?? s.oneOf)!.forEach(collect);
    else if (s.const !== undefined) types.add(typeof s.const);
    else if (s.enum) s.enum.forEach((v) => types.add(typeof v));
    else if (Array.isArray(s.type)) s.type.forEach((t) => types.add(t));
    else if (s.type) types.add(s.type);
    else open = true;
  };
  collect(schema);
  if (open) return undefined;
  if (!types.has('number') && !types.has('integer')) return 12345;
  if (!types.has('string')) return 'not-the-right-type';
  if (!types.has('boolean')) return true;
  return undefined;
}
