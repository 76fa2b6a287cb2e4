// Fuzzing the engine's front doors: the model parser, the rule expression language and every
// importer either succeed or throw one of the engine's documented error classes, whatever text
// they get — never a TypeError, RangeError, stack overflow or hang. Seeded (FUZZ_SEED overrides
// the seed, FUZZ_RUNS the number of runs per property) so a failure replays exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  BackendUnavailableError,
  compile,
  createSession,
  ExprSyntaxError,
  FormatError,
  ImportError,
  importDimacs,
  importFeatureIde,
  importSxfm,
  importUvl,
  importXcsp,
  ModelError,
  parseDomainNames,
  parseExpr,
  parseModel,
  parseModelJson,
  parseXml,
  UnknownChoiceError,
  XmlError,
} from '../src/index.ts';
import { XcspError } from '../src/import/xcsp.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const options = { seed: SEED, numRuns: RUNS };

/** The errors the engine documents; anything else escaping a parser is a bug. */
const DOCUMENTED = [
  ModelError,
  ExprSyntaxError,
  ImportError,
  XmlError,
  XcspError,
  UnknownChoiceError,
  FormatError,
  BackendUnavailableError,
];

/** Runs `fn`; passes when it returns or throws a documented error, rethrows anything else. */
function succeedsOrRefuses(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    if (DOCUMENTED.some((kind) => error instanceof kind)) {
      assert.ok((error as Error).message.length > 0, 'a documented error says what is wrong');
      return;
    }
    throw error;
  }
}

/** Text that is `seed` with a few random edits (characters or tokens inserted, spans deleted). */
function mutated(seeds: string[], tokens: string[]): fc.Arbitrary<string> {
  const insert = fc.oneof(
    fc.constantFrom(...tokens),
    fc.string({ maxLength: 8 }),
    fc.string({ unit: 'grapheme', maxLength: 4 }),
    fc.constantFrom('\0', '\r\n', '\t', '\uFFFF', '\uD800', '💥', '-1', '1e309', '99999999999'),
  );
  const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 6 }), insert });
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(edit, { maxLength: 6 }))
    .map(([seed, edits]) =>
      edits.reduce((text, e) => {
        const at = text.length === 0 ? 0 : e.at % (text.length + 1);
        return text.slice(0, at) + e.insert + text.slice(at + e.remove);
      }, seed),
    );
}

/** Tokens of the format glued in random order, with random separators. */
function tokenSoup(tokens: string[], separators: string[]): fc.Arbitrary<string> {
  return fc
    .array(fc.tuple(fc.constantFrom(...tokens), fc.constantFrom(...separators)), {
      maxLength: 40,
    })
    .map((parts) => parts.map(([t, s]) => t + s).join(''));
}

/** Any of: mutated seeds, token soup, arbitrary unicode, one token nested very deep. */
function hostileText(
  seeds: string[],
  tokens: string[],
  separators: string[],
  deep: [string, string][],
): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: mutated(seeds, tokens) },
    { weight: 3, arbitrary: tokenSoup(tokens, separators) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...deep), fc.integer({ min: 1, max: 50_000 }))
        .map(([[open, close], n]) => open.repeat(n) + 'A' + close.repeat(n)),
    },
  );
}

const EXPR_TOKENS = [
  'a',
  'b',
  'size',
  'colour',
  'red',
  'city-bike',
  'extras_*',
  '1',
  '0',
  '-',
  '42',
  '1e400',
  '9007199254740993',
  'true',
  'false',
  'and',
  'or',
  'not',
  '&&',
  '||',
  '!',
  '->',
  '<->',
  '=',
  '==',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  '+',
  '*',
  'in',
  '{',
  '}',
  ',',
  '(',
  ')',
  'sum',
  'count',
  "'a b'",
  '"x',
  "'",
  '.',
];
const EXPR_SEEDS = [
  'a -> b',
  'size >= 3 and colour = red',
  'colour in {red, "blue"} or not a',
  'sum(extras_*) <= 2 * size - 1',
  'count(a, b) = 1 <-> !(size < 2)',
];
const exprText = hostileText(
  EXPR_SEEDS,
  EXPR_TOKENS,
  [' ', '', '  '],
  [
    ['(', ')'],
    ['not ', ''],
    ['-', ''],
    ['sum(', ')'],
  ],
);

/** A small model whose one rule is the given expression. */
function modelWithRule(expr: string): unknown {
  return {
    id: 'fuzz',
    name: 'Fuzz',
    currency: 'EUR',
    features: [
      { id: 'a', type: 'bool' },
      { id: 'b', type: 'bool' },
      { id: 'size', type: 'int', min: 0, max: 4 },
      { id: 'colour', type: 'enum', options: [{ id: 'red' }, { id: 'blue' }] },
      { id: 'extras_x', type: 'int', min: 0, max: 2 },
      { id: 'city-bike', type: 'bool' },
    ],
    rules: [{ id: 'r', expr }],
  };
}

/** Inputs the fuzzer once found crashing (kept so they stay fixed whatever the seed). */
const deepParens = '('.repeat(3000) + 'a' + ')'.repeat(3000);
const longChain = Array.from({ length: 20_000 }, () => 'a').join(' and ');

test('the expression parser parses or refuses with ExprSyntaxError', () => {
  fc.assert(
    fc.property(exprText, (text) => succeedsOrRefuses(() => parseExpr(text))),
    { ...options, examples: [[deepParens], [longChain], ['not '.repeat(5000) + 'a']] },
  );
});

test('a model with any rule text compiles, or is refused with a model error', () => {
  fc.assert(
    fc.property(exprText, (text) =>
      succeedsOrRefuses(() => {
        const compiled = compile(parseModel(modelWithRule(text)));
        createSession(compiled).count();
      }),
    ),
    { ...options, examples: [[deepParens], [longChain]] },
  );
});

/** JSON-shaped values of a product model with fields replaced by hostile values. */
const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    -1,
    -1e308,
    1e308,
    Number.MAX_SAFE_INTEGER + 2,
    0.5,
    '',
    '\0',
    'x'.repeat(10_000),
    [],
    {},
    null,
    true,
    '__proto__',
    { __proto__: null },
  ),
);
const modelFeatures = fc.array(
  fc.oneof(
    fc.record({ id: fc.constantFrom('a', 'b', 'c', 'a'), type: fc.constant('bool') }),
    fc.record({
      id: fc.constantFrom('n', 'm', 'a'),
      type: fc.constant('int'),
      min: fc.integer({ min: -5, max: 5 }),
      max: fc.integer({ min: -5, max: 8 }),
      step: fc.option(fc.integer({ min: -1, max: 3 }), { nil: undefined }),
    }),
    fc.record({
      id: fc.constantFrom('e', 'f'),
      type: fc.constant('enum'),
      options: fc.array(
        fc.record({
          id: fc.constantFrom('x', 'y', 'z', 'x'),
          price: fc.option(fc.integer({ min: -100, max: 10_000 }), { nil: undefined }),
        }),
        { maxLength: 4 },
      ),
    }),
  ),
  { maxLength: 5 },
);
const modelShaped = fc
  .record({
    id: fc.constant('m'),
    name: fc.constant('Model'),
    currency: fc.constantFrom('EUR', 'eur', ''),
    features: modelFeatures,
    rules: fc.array(
      fc.oneof(
        fc.record({ id: fc.constantFrom('r1', 'r2'), expr: exprText }),
        fc.record({
          id: fc.constant('t'),
          table: fc.record({
            features: fc.array(fc.constantFrom('a', 'n', 'e', 'q'), { maxLength: 3 }),
            mode: fc.constantFrom('allow', 'forbid', 'other'),
            rows: fc.array(fc.array(fc.constantFrom<unknown>('x', 1, true, '*', null)), {
              maxLength: 4,
            }),
          }),
        }),
        fc.record({
          id: fc.constant('c'),
          clause: fc.array(fc.constantFrom('a', '!b', '!', '', 'q'), { maxLength: 3 }),
        }),
      ),
      { maxLength: 3 },
    ),
  })
  .chain((model) =>
    fc
      .array(
        fc.tuple(
          fc.constantFrom('id', 'features', 'rules', 'base', 'presets', 'extra'),
          hostileValue,
        ),
        { maxLength: 2 },
      )
      .map((edits) => {
        const out: Record<string, unknown> = { ...model };
        for (const [key, value] of edits) out[key] = value;
        return out;
      }),
  );

test('the model parser accepts a model or refuses it with ModelError, and accepted models compile or refuse', () => {
  fc.assert(
    fc.property(fc.oneof(modelShaped, fc.jsonValue({ maxDepth: 4 })), (model) =>
      succeedsOrRefuses(() => {
        const compiled = compile(parseModel(model));
        createSession(compiled).count();
      }),
    ),
    {
      ...options,
      examples: [
        [{ id: 'm', name: 'M', currency: 'EUR', features: [], presets: {} }],
        [{ id: 'm', name: 'M', currency: 'EUR', features: [], personalization: [null] }],
        [{ id: 'm', name: 'M', currency: 'EUR', features: [], needs: [{ answers: 'x' }] }],
      ],
    },
  );
});

test('model JSON text parses or is refused with ModelError, however deep or broken', () => {
  const text = fc.oneof(
    mutated(
      [JSON.stringify(modelWithRule('a -> b'))],
      ['{', '}', '[', ']', '"', ':', ',', 'null', '1e999', '"\\u0000"'],
    ),
    fc.integer({ min: 1, max: 20_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  );
  fc.assert(
    fc.property(text, (t) => succeedsOrRefuses(() => parseModelJson(t))),
    options,
  );
});

const DIMACS_SEEDS = ['c a comment\np cnf 3 2\n1 -2 0\n2 3 -1 0\n', 'p cnf 1 1\n1 0\n'];
test('the DIMACS importer imports or refuses with ImportError', () => {
  const text = hostileText(
    DIMACS_SEEDS,
    ['p', 'cnf', 'c', '0', '1', '-1', '2', '-3', '99999999999', '-0', '1.5', 'x', '%'],
    [' ', '\n', '\t', ''],
    [['-', '']],
  );
  fc.assert(
    fc.property(text, (t) => succeedsOrRefuses(() => importDimacs(t))),
    { ...options, examples: [['p cnf 999999999993 2\n1 -2 0\n2 3 -1 0\n']] },
  );
});

const UVL_SEED = [
  'namespace Bike',
  'features',
  '\tBike',
  '\t\tmandatory',
  '\t\t\tFrame',
  '\t\t\t\talternative',
  '\t\t\t\t\tSteel',
  '\t\t\t\t\t"Carbon fibre" {Price 420.5}',
  '\t\toptional',
  '\t\t\tRack',
  '\t\tor',
  '\t\t\tLight',
  '\t\t\tBell',
  'constraints',
  '\tRack => !"Carbon fibre"',
  '\t(Light | Bell) <=> !Steel & Rack',
].join('\n');
test('the UVL importer imports or refuses with ImportError', () => {
  const text = hostileText(
    [UVL_SEED],
    [
      'features',
      'constraints',
      'namespace',
      'mandatory',
      'optional',
      'alternative',
      'or',
      '[1..2]',
      '[0..*]',
      'A',
      '"q',
      '{Price -1}',
      '{Price 1e999}',
      '=>',
      '<=>',
      '|',
      '&',
      '!',
      '(',
      ')',
      'Real',
      'Integer',
      'imports',
    ],
    ['\n', '\n\t', '\n\t\t', ' ', ''],
    [
      ['(', ')'],
      ['!', ''],
    ],
  );
  fc.assert(
    fc.property(text, (t) => succeedsOrRefuses(() => importUvl(t))),
    options,
  );
});

test('UVL constraints nested very deep are refused, not a stack overflow', () => {
  const text = (n: number) =>
    `features\n\tA\n\t\toptional\n\t\t\tB\nconstraints\n\t${'('.repeat(n)}B${')'.repeat(n)}\n`;
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 100_000 }), (n) =>
      succeedsOrRefuses(() => importUvl(text(n))),
    ),
    { ...options, numRuns: 20, examples: [[100_000]] },
  );
});

const SXFM_SEED = [
  '<feature_model name="Bike">',
  '<feature_tree>',
  ':r Bike(bike)',
  '\t:m Frame(frame)',
  '\t\t:g [1,1]',
  '\t\t\t: Steel(steel)',
  '\t\t\t: Carbon(carbon)',
  '\t:o Rack(rack)',
  '</feature_tree>',
  '<constraints>',
  'c1: ~rack or ~carbon',
  '</constraints>',
  '</feature_model>',
].join('\n');
test('the SXFM importer imports or refuses with ImportError', () => {
  const text = hostileText(
    [SXFM_SEED],
    [':r', ':m', ':o', ':g', ':', '[1,1]', '[1,*]', '[2,1]', '(x)', 'or', '~', 'c1:', '\t'],
    ['\n', '\n\t', ' ', ''],
    [['\t', '']],
  );
  fc.assert(
    fc.property(text, (t) => succeedsOrRefuses(() => importSxfm(t))),
    options,
  );
});

const FEATUREIDE_SEED = [
  '<featureModel>',
  '<struct>',
  '<and mandatory="true" name="Bike">',
  '<alt mandatory="true" name="Frame">',
  '<feature name="Steel"/>',
  '<feature name="Carbon"><attribute name="Price" value="420.5"/></feature>',
  '</alt>',
  '<or name="Extras"><feature name="Rack"/><feature name="Bell"/></or>',
  '</and>',
  '</struct>',
  '<constraints>',
  '<rule><imp><var>Rack</var><not><var>Carbon</var></not></imp></rule>',
  '<rule><disj><var>Bell</var><conj><var>Rack</var><eq><var>Steel</var><var>Bell</var></eq></conj></disj></rule>',
  '</constraints>',
  '</featureModel>',
].join('\n');
const XML_TOKENS = [
  '<',
  '>',
  '/>',
  '</',
  '<!--',
  '-->',
  '<![CDATA[',
  ']]>',
  '<?xml version="1.0"?>',
  '&amp;',
  '&#0;',
  '&#x110000;',
  '&unknown;',
  '"',
  '=',
  'name',
];
test('the FeatureIDE importer imports or refuses with ImportError', () => {
  const text = hostileText(
    [FEATUREIDE_SEED],
    [
      ...XML_TOKENS,
      '<feature name="X"/>',
      '<and name="Y">',
      '</and>',
      '<var>Steel</var>',
      '<not>',
      '</not>',
      '<rule>',
      '</rule>',
      'value="-1e999"',
    ],
    ['', ' ', '\n'],
    [
      ['<and name="a">', '</and>'],
      ['<not>', '</not>'],
    ],
  );
  fc.assert(
    fc.property(text, (t) => succeedsOrRefuses(() => importFeatureIde(t))),
    {
      ...options,
      examples: [
        [
          FEATUREIDE_SEED.replace(
            '<rule><imp>',
            `<rule>${'<not>'.repeat(5000)}<var>Rack</var>${'</not>'.repeat(5000)}</rule><rule><imp>`,
          ),
        ],
      ],
    },
  );
});

const XCSP_SEED = [
  '<instance>',
  '<presentation name="tiny" format="XCSP 2.1"/>',
  '<domains nbDomains="2"><domain name="D0" nbValues="3">0..2</domain><domain name="D1" nbValues="2">1 5</domain></domains>',
  '<variables nbVariables="2"><variable name="V0" domain="D0"/><variable name="V1" domain="D1"/></variables>',
  '<relations nbRelations="1"><relation name="R0" arity="2" nbTuples="2" semantics="supports">0 1|2 5</relation></relations>',
  '<constraints nbConstraints="1"><constraint name="C0" arity="2" scope="V0 V1" reference="R0"/></constraints>',
  '</instance>',
].join('\n');
test('the XCSP importer imports or refuses with XcspError or XmlError', () => {
  const text = hostileText(
    [XCSP_SEED],
    [
      ...XML_TOKENS,
      '0..99999999999',
      '-5..5',
      '1..0',
      'arity="-1"',
      'arity="x"',
      'scope="V0"',
      'reference="R0"',
      '|',
      'conflicts',
    ],
    ['', ' ', '\n'],
    [['<domains>', '</domains>']],
  );
  const names = fc.oneof(
    fc.constant(undefined),
    fc.constantFrom('Var0 : a, b, c\nVar1 : x, y', '// VarV0: a', 'Var: ,,,').map(parseDomainNames),
  );
  fc.assert(
    fc.property(text, names, (t, n) => succeedsOrRefuses(() => compile(importXcsp(t, n).model))),
    { ...options, examples: [[XCSP_SEED.replace('0..2', '0..99999999999'), undefined]] },
  );
});

test('the XML reader parses or refuses with XmlError, however deep', () => {
  const text = hostileText(
    [FEATUREIDE_SEED, XCSP_SEED],
    XML_TOKENS,
    ['', ' ', '\n'],
    [['<a>', '</a>']],
  );
  fc.assert(
    fc.property(text, (t) => succeedsOrRefuses(() => parseXml(t))),
    { ...options, examples: [['<a b="&#x110000;">&#99999999999;</a>']] },
  );
});
