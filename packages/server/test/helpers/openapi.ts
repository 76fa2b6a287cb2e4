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
  minItems?: number;
  pattern?: string;
  default?: unknown;
  $ref?: string;
};

export type Operation = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI form, e.g. /api/v1/users/{id}. */
  path: string;
  pathParams: string[];
  /** The JSON request body schema, $refs resolved; null when the route takes no body. */
  body: JsonSchema | null;
  /** The concrete URL with every path parameter replaced. */
  url(params: Record<string, string> | ((name: string) => string)): string;
};

type OpenApiDocument = {
  paths: Record<
    string,
    Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>
  >;
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
    if (s.properties)
      out.properties = Object.fromEntries(
        Object.entries(s.properties).map(([k, v]) => [k, resolve(v)]),
      );
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
      const schema = op.requestBody?.content?.['application/json']?.schema;
      ops.push({
        method: upper as Operation['method'],
        path,
        pathParams,
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

/** A minimal value the schema accepts: required properties only, first alternative of a union. */
export function sampleValue(schema: JsonSchema, path = 'body'): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives)
    return sampleValue(alternatives.find((a) => a.type !== 'null') ?? alternatives[0]!, path);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const name of schema.required ?? [])
        out[name] = sampleValue(schema.properties?.[name] ?? {}, `${path}.${name}`);
      return out;
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () =>
        sampleValue(schema.items ?? {}, `${path}[]`),
      );
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, 1);
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

function sampleString(schema: JsonSchema, path: string): string {
  switch (schema.format) {
    case 'email':
      return 'sample.person@example.com';
    case 'uuid':
      return '00000000-0000-4000-8000-00000000abcd';
    case 'date-time':
      return '2026-01-15T09:00:00.000Z';
    case 'date':
      return '2026-01-15';
    case 'uri':
      return 'https://example.com/';
  }
  if (schema.pattern) {
    throw new Error(
      `cannot invent a string for ${path} matching /${schema.pattern}/: give it a default or example`,
    );
  }
  let value = 'Sample value';
  if (schema.minLength !== undefined && value.length < schema.minLength)
    value = value.padEnd(schema.minLength, 'x');
  if (schema.maxLength !== undefined && value.length > schema.maxLength)
    value = value.slice(0, schema.maxLength);
  return value;
}

/** A value of the wrong JSON type for the schema (a number for a string, a string for the rest). */
export function wrongTypedValue(schema: JsonSchema): unknown {
  const types = new Set<string>();
  const collect = (s: JsonSchema) => {
    if (s.anyOf || s.oneOf) (s.anyOf ?? s.oneOf)!.forEach(collect);
    else if (s.const !== undefined) types.add(typeof s.const);
    else if (Array.isArray(s.type)) s.type.forEach((t) => types.add(t));
    else if (s.type) types.add(s.type);
  };
  collect(schema);
  if (!types.has('number') && !types.has('integer')) return 12345;
  if (!types.has('string')) return 'not-the-right-type';
  return [true];
}
