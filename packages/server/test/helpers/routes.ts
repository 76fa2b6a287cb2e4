// Every route fastify serves (not only those in the OpenAPI document), and the fields of a JSON
// Schema that carry record ids, for route-generic tests.
import type { App } from '../../src/http/app-type.ts';
import type { JsonSchema } from './openapi.ts';

export type ServedRoute = {
  method: string;
  /** In OpenAPI form (`/api/v1/users/{id}`), so it compares with the document's paths. */
  path: string;
};

/**
 * The routes fastify serves, read from its route tree (`printRoutes`), HEAD left out (fastify adds
 * one per GET). Each tree line is `<indent><branch><segment> (<METHODS>)`; a segment continues
 * the path of the nearest line above it with less indent.
 */
export function servedRoutes(app: App): ServedRoute[] {
  const tree = app.printRoutes({ commonPrefix: false });
  const prefixes: string[] = [];
  const routes: ServedRoute[] = [];
  for (const line of tree.split('\n')) {
    const m = /^((?:│ {3}| {4})*)(?:├── |└── )(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    const path = (prefixes[depth - 1] ?? '') + m[2]!;
    prefixes[depth] = path;
    prefixes.length = depth + 1;
    for (const method of (m[3] ?? '').split(', ').filter((x) => x && x !== 'HEAD')) {
      routes.push({ method, path: path.replace(/:(\w+)/g, '{$1}').replace(/\*$/, '{*}') });
    }
  }
  return routes;
}

/** A field of a body that holds a record id: its dotted path (`subject.id`, `items[].orderId`). */
export type IdField = { path: string; many: boolean };

const ID_NAME = /(^id|Id|Ids)$/;

/**
 * Every field, at any depth, named like an id (`id`, `…Id`, `…Ids`) or holding a uuid. Array items
 * are written `[]`; `many` is true for a list of ids.
 */
export function idFields(schema: JsonSchema, path = ''): IdField[] {
  const out: IdField[] = [];
  const alternatives = schema.anyOf ?? schema.oneOf ?? schema.allOf ?? [];
  for (const a of alternatives) out.push(...idFields(a, path));
  for (const [name, s] of Object.entries(schema.properties ?? {})) {
    const here = path ? `${path}.${name}` : name;
    const isString = (x: JsonSchema) =>
      x.type === 'string' || (x.anyOf ?? []).some((y) => y.type === 'string');
    if (isString(s) && (ID_NAME.test(name) || s.format === 'uuid')) {
      out.push({ path: here, many: false });
    } else if (s.type === 'array' && s.items && isString(s.items) && ID_NAME.test(name)) {
      out.push({ path: here, many: true });
    } else {
      out.push(...idFields(s, here));
      if (s.items) out.push(...idFields(s.items, `${here}[]`));
    }
  }
  return out;
}

/** A copy of `body` with the field at `path` set (creating objects and one-item arrays on the way). */
export function withField(body: unknown, path: string, value: unknown): unknown {
  const root = structuredClone(body ?? {}) as Record<string, unknown>;
  const keys = path.split('.');
  let node: Record<string, unknown> = root;
  keys.forEach((raw, i) => {
    const last = i === keys.length - 1;
    const list = raw.endsWith('[]');
    const key = list ? raw.slice(0, -2) : raw;
    if (last && !list) {
      node[key] = value;
      return;
    }
    if (list) {
      const items =
        Array.isArray(node[key]) && (node[key] as unknown[]).length > 0
          ? (node[key] as Record<string, unknown>[])
          : [{}];
      node[key] = items;
      node = items[0]!;
    } else {
      if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
  });
  return root;
}
