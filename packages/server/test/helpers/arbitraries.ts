// fast-check arbitraries built from the OpenAPI JSON Schemas: request bodies of the right shape
// (ids and words drawn from the firm's own records, so requests reach deep into the handlers), and
// the same bodies with hostile edits (wrong types, NUL characters, huge strings, deep nesting,
// unicode, extreme numbers, unknown fields).
import fc from 'fast-check';
import type { JsonSchema } from './openapi.ts';

export type BodySchema = JsonSchema & {
  additionalProperties?: boolean | BodySchema;
  maxItems?: number;
  uniqueItems?: boolean;
  nullable?: boolean;
};

/** Values the firm actually has: record ids (for uuid fields) and words (keys, option ids). */
export type Vocabulary = { ids: string[]; words: string[] };

const FORMATS: Record<string, fc.Arbitrary<string>> = {
  email: fc.oneof(fc.emailAddress(), fc.constant('sample.person@example.com')),
  'date-time': fc
    .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  date: fc
    .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  uri: fc.oneof(fc.webUrl(), fc.constant('https://example.com/hook')),
  url: fc.webUrl(),
};

function stringOf(schema: BodySchema, vocabulary: Vocabulary): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? 40, 40);
  if (schema.format === 'uuid') {
    return vocabulary.ids.length > 0
      ? fc.oneof(fc.constantFrom(...vocabulary.ids), fc.uuid())
      : fc.uuid();
  }
  if (schema.format && FORMATS[schema.format]) return FORMATS[schema.format]!;
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern, 'u'));
  const words = vocabulary.words.filter((w) => w.length >= minLength && w.length <= maxLength);
  const free = fc.string({ minLength, maxLength: Math.max(minLength, maxLength) });
  return words.length > 0 ? fc.oneof(fc.constantFrom(...words), free) : free;
}

/** A value of the schema's shape (optional properties sometimes left out). */
export function validShaped(
  schema: BodySchema,
  vocabulary: Vocabulary,
  depth = 0,
): fc.Arbitrary<unknown> {
  const arb = shaped(schema, vocabulary, depth);
  return schema.nullable ? fc.oneof(arb, fc.constant(null)) : arb;
}

function shaped(schema: BodySchema, vocabulary: Vocabulary, depth: number): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => validShaped(a, vocabulary, depth)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const properties = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const record = fc.record(
        Object.fromEntries(
          Object.entries(properties).map(([k, s]) => [k, validShaped(s, vocabulary, depth + 1)]),
        ),
        { requiredKeys: [...required].filter((k) => k in properties) },
      );
      const extra = schema.additionalProperties;
      if (typeof extra !== 'object' || depth > 4) return record;
      const key = vocabulary.words.length
        ? fc.oneof(fc.constantFrom(...vocabulary.words), fc.string({ maxLength: 12 }))
        : fc.string({ maxLength: 12 });
      return fc
        .tuple(
          record,
          fc.dictionary(key, validShaped(extra, vocabulary, depth + 1), { maxKeys: 4 }),
        )
        .map(([known, more]) => ({ ...more, ...known }));
    }
    case 'array':
      return fc.array(validShaped(schema.items ?? {}, vocabulary, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 3, 3),
      });
    case 'integer':
      return fc.integer({
        min: Math.max(schema.minimum ?? -1_000_000, Number.MIN_SAFE_INTEGER),
        max: Math.min(schema.maximum ?? 1_000_000_000, Number.MAX_SAFE_INTEGER),
      });
    case 'number':
      return fc.double({
        min: schema.minimum ?? -1e6,
        max: schema.maximum ?? 1e9,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'string':
      return stringOf(schema, vocabulary);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Nested arrays `n` deep around a value. */
export const nested = (n: number, inner: unknown = 1): unknown => {
  let v = inner;
  for (let i = 0; i < n; i++) v = [v];
  return v;
};

/** Values no schema expects: wrong types, NUL, huge and odd strings, extreme numbers, deep nesting. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    0,
    -1,
    -1e308,
    1e308,
    2 ** 53 + 1,
    -(2 ** 63),
    0.5,
    '',
    ' ',
    '\0',
    'a\0b',
    '\u202e\u0000\uffff',
    '\ud800',
    '💥'.repeat(50),
    '../../etc/passwd',
    "'; drop table orders; --",
    '%00',
    '__proto__',
    [],
    {},
    JSON.parse('{"__proto__": {"polluted": true}}'),
    { constructor: { prototype: { polluted: true } } },
  ),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.integer({ min: 1_000, max: 300_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 2, max: 60 }).map((n) => nested(n)),
  fc.jsonValue({ maxDepth: 3 }),
);

type Edit = { at: number; kind: 'replace' | 'extra'; value: unknown; key: string };

/** Every place in a JSON value where an edit can go: [parent, key] pairs, root first. */
function places(value: unknown): [Record<string, unknown> | unknown[] | null, string | number][] {
  const out: [Record<string, unknown> | unknown[] | null, string | number][] = [[null, '']];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        out.push([v, i]);
        walk(x);
      });
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        out.push([v as Record<string, unknown>, k]);
        walk(x);
      }
    }
  };
  walk(value);
  return out;
}

function applyEdits(body: unknown, edits: Edit[]): unknown {
  let root = structuredClone(body);
  for (const edit of edits) {
    const spots = places(root);
    const [parent, key] = spots[edit.at % spots.length]!;
    if (edit.kind === 'extra') {
      const target = parent === null ? root : (parent as Record<string, unknown>)[key as string];
      if (target && typeof target === 'object' && !Array.isArray(target))
        (target as Record<string, unknown>)[edit.key] = edit.value;
      else if (parent === null) root = edit.value;
      continue;
    }
    if (parent === null) root = edit.value;
    else (parent as Record<string, unknown>)[key as string] = edit.value;
  }
  return root;
}

/** A valid-shaped body, sometimes left as is, mostly with one to three hostile edits. */
export function hostileBody(schema: BodySchema, vocabulary: Vocabulary): fc.Arbitrary<unknown> {
  const edit = fc.record({
    at: fc.nat(),
    kind: fc.constantFrom<Edit['kind']>('replace', 'replace', 'extra'),
    value: hostileValue,
    key: fc.constantFrom('notAField', '__proto__', 'constructor', '\0', ''),
  });
  return fc
    .tuple(validShaped(schema, vocabulary), fc.array(edit, { maxLength: 3 }))
    .map(([body, edits]) => applyEdits(body, edits));
}
