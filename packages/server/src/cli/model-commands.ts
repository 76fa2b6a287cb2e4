// `customerize model …` commands (check, compile, count, domains, bench), wired to the engine.
// The engine is pure and reads no YAML: here we parse YAML/JSON with `yaml` (JSON is YAML),
// keep the node ranges, and turn each issue's JSON path (`rules[3].expr`) into file:line:column.
import { readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { LineCounter, parseDocument, isScalar, type Document, type Node } from 'yaml';
import {
  checkModel,
  compile,
  createSession,
  ImportError,
  importDimacs,
  importFeatureIde,
  importSxfm,
  importUvl,
  importXcsp,
  literalIndex,
  parseDomainNames,
  type CompiledModel,
  type CompileOptions,
  type ModelIssue,
  type ProductModel,
  type Value,
} from '@customerize/engine';

export const MODEL_FORMATS = [
  'dimacs',
  'featureide',
  'sxfm',
  'uvl',
  'xcsp',
  'yaml',
  'json',
] as const;
export type ModelFormat = (typeof MODEL_FORMATS)[number];

/** Formats of the variability-modelling world: their importers may clean feature names into ids. */
const FEATURE_MODEL_FORMATS: ReadonlySet<ModelFormat> = new Set([
  'dimacs',
  'featureide',
  'sxfm',
  'uvl',
]);

export interface LoadedModel {
  model: ProductModel;
  format: ModelFormat;
  /** Maps an issue to `file:line:column` (only for YAML/JSON sources). */
  locate(issue: ModelIssue): string;
}

export class ModelLoadError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
    this.name = 'ModelLoadError';
  }
}

const BY_EXTENSION: Record<string, ModelFormat> = {
  '.dimacs': 'dimacs',
  '.cnf': 'dimacs',
  '.uvl': 'uvl',
  '.sxfm': 'sxfm',
  '.splx': 'sxfm',
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.json': 'json',
};

/** The format of an `.xml` file, from its root element (after the prolog and comments). */
export function sniffXml(text: string): ModelFormat | undefined {
  const body = text.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/g, '');
  const root = /<([A-Za-z_][\w.-]*)/.exec(body)?.[1];
  if (root === 'instance') return 'xcsp';
  if (root === 'featureModel' || root === 'extendedFeatureModel') return 'featureide';
  if (root === 'feature_model') return 'sxfm';
  return undefined;
}

function formatOf(file: string, text: string, format?: string): ModelFormat {
  if (format) {
    if ((MODEL_FORMATS as readonly string[]).includes(format)) return format as ModelFormat;
    throw new InvalidArgumentError(`unknown format '${format}' (${MODEL_FORMATS.join(', ')})`);
  }
  const ext = extname(file).toLowerCase();
  const byExt = BY_EXTENSION[ext];
  if (byExt) return byExt;
  if (ext === '.xml') {
    const sniffed = sniffXml(text);
    if (sniffed) return sniffed;
    throw new InvalidArgumentError(
      `cannot tell the format of '${file}' from its root element (expected <instance>, <featureModel>, <extendedFeatureModel> or <feature_model>); pass --format`,
    );
  }
  throw new InvalidArgumentError(
    `cannot tell the format of '${file}' from its extension; pass --format ${MODEL_FORMATS.join('|')}`,
  );
}

/** Splits `rules[3].table.rows[0][1]` into `['rules', 3, 'table', 'rows', 0, 1]`. */
export function pathSegments(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
    out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

function locator(file: string, doc: Document, lc: LineCounter): (issue: ModelIssue) => string {
  return (issue) => {
    const segs = pathSegments(issue.path);
    let node: Node | null = null;
    for (let n = segs.length; n >= 0 && !node; n--) {
      const found = n === 0 ? doc.contents : doc.getIn(segs.slice(0, n), true);
      if (found && typeof found === 'object' && 'range' in (found as object)) node = found as Node;
    }
    const offset = node?.range?.[0] ?? 0;
    const pos = lc.linePos(offset);
    let col = pos.col;
    if (issue.column && node && isScalar(node)) {
      const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
      const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
      if (!block) col += issue.column - 1 + (quoted ? 1 : 0);
    }
    return `${file}:${pos.line}:${col}`;
  };
}

/** Reads a model file in any of MODEL_FORMATS (XCSP 2.1 with optional value names). */
export function loadModel(
  file: string,
  opts: { format?: string; names?: string } = {},
): LoadedModel {
  const text = readFileSync(file, 'utf8');
  const format = formatOf(file, text, opts.format);
  const id = file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  const whole = () => file;
  if (format === 'xcsp') {
    const names = opts.names ? parseDomainNames(readFileSync(opts.names, 'utf8')) : undefined;
    return { model: importXcsp(text, names, id).model, format, locate: whole };
  }
  if (FEATURE_MODEL_FORMATS.has(format)) {
    try {
      const model =
        format === 'dimacs'
          ? importDimacs(text, { id, name: id })
          : format === 'featureide'
            ? importFeatureIde(text, { id })
            : format === 'sxfm'
              ? importSxfm(text)
              : importUvl(text);
      return { model, format, locate: whole };
    } catch (err) {
      if (err instanceof ImportError) {
        const col = err.column === undefined ? '' : `:${err.column}`;
        throw new ModelLoadError([`${file}:${err.line}${col}: error: ${err.detail}`]);
      }
      throw err;
    }
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    throw new ModelLoadError(
      doc.errors.map((e) => {
        const p = lc.linePos(e.pos[0]);
        return `${file}:${p.line}:${p.col}: error: ${e.message.split('\n')[0]}`;
      }),
    );
  }
  return { model: doc.toJS() as ProductModel, format, locate: locator(file, doc, lc) };
}

/**
 * Feature id → the name printed for it. For imported feature models this is the name as written
 * in the file (the importer keeps it as `label` when it had to clean it into an id), unless that
 * name is already taken by another feature; for our own formats it is the id.
 */
export function featureNames(loaded: LoadedModel): Map<string, string> {
  const out = new Map<string, string>();
  const features = loaded.model.features;
  if (!FEATURE_MODEL_FORMATS.has(loaded.format)) {
    for (const f of features) out.set(f.id, f.id);
    return out;
  }
  const taken = new Set<string>();
  for (const f of features) {
    if (f.label !== undefined) continue;
    taken.add(f.id);
    out.set(f.id, f.id);
  }
  for (const f of features) {
    if (f.label === undefined) continue;
    const name = taken.has(f.label) ? f.id : f.label;
    taken.add(name);
    out.set(f.id, name);
  }
  return new Map(features.map((f) => [f.id, out.get(f.id)!]));
}

/** `FEATURE=VALUE` pairs, the feature given by id or by its printed name (`featureNames`). */
function parseSelections(list: string[], names: Map<string, string>): Record<string, string> {
  const byName = new Map<string, string>();
  for (const [id, name] of names) byName.set(name, id);
  const out: Record<string, string> = {};
  for (const s of list) {
    const eq = s.lastIndexOf('=');
    if (eq <= 0) throw new InvalidArgumentError(`--select needs FEATURE=VALUE, got '${s}'`);
    const feature = s.slice(0, eq);
    out[names.has(feature) ? feature : (byName.get(feature) ?? feature)] = s.slice(eq + 1);
  }
  return out;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

type Backend = NonNullable<CompileOptions['backend']>;

function backendOf(value: string): Backend {
  if (value === 'auto' || value === 'bdd' || value === 'sat') return value;
  throw new InvalidArgumentError(`unknown backend '${value}' (auto, bdd or sat)`);
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError('must be a non-negative integer');
  return n;
}

/** Loads and checks a model, printing issues; returns null (and sets the exit code) on errors. */
function loadChecked(
  file: string,
  opts: { format?: string; names?: string },
  quietWarnings = false,
): LoadedModel | null {
  let loaded: LoadedModel;
  try {
    loaded = loadModel(file, opts);
  } catch (err) {
    if (err instanceof ModelLoadError) {
      for (const l of err.lines) process.stderr.write(`${l}\n`);
      process.exitCode = 1;
      return null;
    }
    throw err;
  }
  const issues = checkModel(loaded.model);
  for (const i of issues) {
    if (quietWarnings && i.severity === 'warning') continue;
    process.stderr.write(
      `${loaded.locate(i)}: ${i.severity}: ${i.message}${i.path ? ` (${i.path})` : ''}\n`,
    );
  }
  if (issues.some((i) => i.severity === 'error')) {
    process.exitCode = 1;
    return null;
  }
  return loaded;
}

function applySelections(
  compiled: CompiledModel,
  selections: Record<string, string>,
  names: Map<string, string>,
) {
  const s = createSession(compiled);
  for (const [f, text] of Object.entries(selections)) {
    // The command line is text: `--select size=52` or `rack=true` is read as the feature's kind
    // here, once (the engine takes canonical values only).
    const fi = compiled.ir.featureIndex.get(f);
    const feature = fi === undefined ? undefined : compiled.ir.features[fi]!;
    const i = feature ? literalIndex(feature, text) : -1;
    const v = feature && i >= 0 ? feature.values[i]! : text;
    const r = s.select(f, v);
    if (!r.ok) {
      const why = r.explanation.conflicting
        .map((c) => `${names.get(c.feature) ?? c.feature}=${String(c.value)}`)
        .join(', ');
      const rules = r.explanation.rules.map((x) => x.id).join(', ');
      throw new InvalidArgumentError(
        `${names.get(f) ?? f}=${v} is not possible${why ? ` with ${why}` : ''}${rules ? ` (rules: ${rules})` : ''}`,
      );
    }
  }
  return s;
}

export interface BenchOptions {
  steps: number;
  sessions: number;
  seed: number;
  /** Backend to compile for (default: the model's own choice, else `auto`). */
  backend?: Backend;
}

export interface BenchResult {
  backend: 'bdd' | 'sat';
  compileMs: number;
  nodes: number;
  heapMB: number;
  count: string;
  steps: number;
  /** A step as the studio needs it: select + valid domains + every value's availability and
   * ranges + overall ranges (no explanations). */
  stepMs: Percentiles;
  /** One explanation on demand (a random excluded value after each step). */
  explained: number;
  explainMs: Percentiles;
}

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** A seeded 32-bit generator (mulberry32) for the benchmark's random sessions. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Compiles the model, then runs seeded random sessions. A step (as the studio needs it) =
 * select a random still-valid value of a random open feature + valid domains + every value with
 * its availability and ranges + overall ranges. After each step, untimed in it, one random
 * excluded value is explained on demand and timed apart. The first session is a warm-up and is
 * not measured.
 */
export function benchModel(model: ProductModel, opts: BenchOptions): BenchResult {
  const t0 = performance.now();
  const compiled = compile(model, opts.backend ? { backend: opts.backend } : {});
  const compileMs = performance.now() - t0;
  const count = createSession(compiled).count();
  const rnd = prng(opts.seed);
  const times: number[] = [];
  const explainTimes: number[] = [];
  // One unmeasured warm-up session first (JIT compilation), like a studio already in use.
  for (let i = -1; i < opts.sessions; i++) {
    const s = createSession(compiled);
    for (let k = 0; k < opts.steps; k++) {
      const t = performance.now();
      const dom = s.domains();
      const chosen = s.choices();
      const open = Object.keys(dom).filter((f) => chosen[f] === undefined && dom[f]!.length > 0);
      if (open.length === 0) break;
      const f = open[Math.floor(rnd() * open.length)]!;
      const vals = dom[f]!;
      s.select(f, vals[Math.floor(rnd() * vals.length)]!);
      s.domains();
      const values = s.values();
      s.ranges();
      if (i >= 0) times.push(performance.now() - t);
      const excluded: Array<[string, Value]> = [];
      for (const [g, infos] of Object.entries(values))
        for (const info of infos) if (!info.available) excluded.push([g, info.value]);
      if (excluded.length === 0) continue;
      const [g, v] = excluded[Math.floor(rnd() * excluded.length)]!;
      const e = performance.now();
      s.explain(g, v);
      if (i >= 0) explainTimes.push(performance.now() - e);
    }
  }
  return {
    backend: compiled.stats.backend,
    compileMs: round(compileMs),
    nodes: compiled.stats.nodes,
    heapMB: round(process.memoryUsage().heapUsed / 1048576),
    count: count === null ? 'unknown' : count.toString(),
    steps: times.length,
    stepMs: percentiles(times),
    explained: explainTimes.length,
    explainMs: percentiles(explainTimes),
  };
}

/** Nearest-rank percentiles (ms, rounded to 0.01). */
function percentiles(times: number[]): Percentiles {
  const sorted = [...times].sort((a, b) => a - b);
  const q = (p: number) =>
    sorted.length
      ? round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!)
      : 0;
  return {
    p50: q(0.5),
    p95: q(0.95),
    p99: q(0.99),
    max: sorted.length ? round(sorted[sorted.length - 1]!) : 0,
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

interface CommonOptions {
  format?: string;
  names?: string;
  backend?: Backend;
}

function compileWith(loaded: LoadedModel, opts: CommonOptions): CompiledModel {
  return compile(loaded.model, opts.backend ? { backend: opts.backend } : {});
}

/** Thrown as the message of `count` when the SAT backend cannot count exactly. */
export const TOO_LARGE_TO_COUNT = 'too large to count exactly with the SAT backend';

export function registerModelCommands(program: Command): void {
  const model = program
    .command('model')
    .description('check, compile, count and benchmark product models');
  const common = (c: Command) =>
    c
      .option(
        '--format <format>',
        `input format: ${MODEL_FORMATS.join(', ')} (default: from the extension; .xml by its root element)`,
      )
      .option('--names <file>', 'XCSP only: value names per variable (lines "Var<k> : a, b, …")')
      .option(
        '--backend <backend>',
        'auto (decision diagram, SAT when too large), bdd or sat (default: the model’s, else auto)',
        backendOf,
      );

  common(
    model
      .command('check <file>')
      .description(
        'parse and check a model; report errors, the backend that serves it and whether any product is valid',
      ),
  ).action((file: string, opts: CommonOptions) => {
    const loaded = loadChecked(file, opts);
    if (!loaded) return;
    const compiled = compileWith(loaded, opts);
    const stats = compiled.stats;
    if (stats.conflict) {
      process.stderr.write(
        `${file}: error: no valid product: these rules conflict: ${stats.conflict.join(', ')}\n`,
      );
      process.exitCode = 1;
      return;
    }
    const session = createSession(compiled);
    const size = `${loaded.model.features.length} features, ${loaded.model.rules?.length ?? 0} rules`;
    const why =
      stats.auto?.diagram === 'skipped'
        ? `; no diagram tried: ${stats.auto.wideCuts} wide cuts in its variable order`
        : stats.auto?.diagram === 'abandoned'
          ? '; the diagram ran out of its budget'
          : '';
    const served = `backend ${stats.backend} (${Math.round(stats.compileMs)} ms${why})`;
    if (stats.backend === 'bdd') {
      process.stdout.write(`${file}: ok: ${size}, ${served}, ${session.count()} valid products\n`);
      return;
    }
    // The SAT backend proves satisfiability quickly but counting may take minutes on large
    // models: `model count` is the command that tries.
    const domains = session.domains();
    if (Object.values(domains).some((vals) => vals.length === 0)) {
      process.stderr.write(`${file}: error: no valid product (backend sat)\n`);
      process.exitCode = 1;
      return;
    }
    process.stdout.write(
      `${file}: ok: ${size}, ${served}, has valid products (count them with \`customerize model count\`)\n`,
    );
  });

  common(
    model
      .command('compile <file>')
      .description('compile a model and write the compiled bytes')
      .option('-o, --out <file>', 'output file (default: <file>.czm)'),
  ).action((file: string, opts: CommonOptions & { out?: string }) => {
    const loaded = loadChecked(file, opts, true);
    if (!loaded) return;
    const compiled = compileWith(loaded, opts);
    const out = opts.out ?? `${file}.czm`;
    const bytes = compiled.serialize();
    writeFileSync(out, bytes);
    const s = compiled.stats;
    process.stdout.write(
      `${out}: ${bytes.length} bytes, backend ${s.backend}, ${s.nodes} ${s.backend === 'sat' ? 'clauses' : 'nodes'}, ${s.variables} features, ${Math.round(s.compileMs)} ms\n`,
    );
  });

  common(
    model
      .command('count <file>')
      .description(
        'print the exact number of valid configurations (alone on the last line); exit code 1 when too large to count exactly',
      )
      .option('--select <FEATURE=VALUE>', 'a choice to make first (repeatable)', collect, []),
  ).action((file: string, opts: CommonOptions & { select: string[] }) => {
    const loaded = loadChecked(file, opts, true);
    if (!loaded) return;
    const names = featureNames(loaded);
    const compiled = compileWith(loaded, opts);
    const s = applySelections(compiled, parseSelections(opts.select, names), names);
    const n = s.count();
    if (n === null) {
      process.stderr.write(
        `${file}: error: ${TOO_LARGE_TO_COUNT} (${loaded.model.features.length} features)\n`,
      );
      process.exitCode = 1;
      return;
    }
    process.stdout.write(`${n.toString()}\n`);
  });

  common(
    model
      .command('domains <file>')
      .description('print the valid values of every feature (named as in the file)')
      .option('--select <FEATURE=VALUE>', 'a choice to make first (repeatable)', collect, [])
      .option('--json', 'print {"feature": ["value", …], …}'),
  ).action((file: string, opts: CommonOptions & { select: string[]; json?: boolean }) => {
    const loaded = loadChecked(file, opts, true);
    if (!loaded) return;
    const names = featureNames(loaded);
    const compiled = compileWith(loaded, opts);
    const s = applySelections(compiled, parseSelections(opts.select, names), names);
    const named: Record<string, Value[]> = {};
    for (const [f, vals] of Object.entries(s.domains())) named[names.get(f) ?? f] = vals;
    if (opts.json) process.stdout.write(`${JSON.stringify(named)}\n`);
    else
      for (const [f, vals] of Object.entries(named))
        process.stdout.write(`${f}: ${vals.map(String).join(', ')}\n`);
  });

  common(
    model
      .command('bench <file>')
      .description(
        'compile, then time random sessions (a step = select + domains + values with ranges; one explanation on demand timed apart)',
      )
      .option('--steps <n>', 'steps per session', positiveInt, 50)
      .option('--sessions <n>', 'number of sessions', positiveInt, 20)
      .option('--seed <n>', 'random seed', positiveInt, 1)
      .option('--json', 'print the result as JSON'),
  ).action(
    (
      file: string,
      opts: CommonOptions & { steps: number; sessions: number; seed: number; json?: boolean },
    ) => {
      const loaded = loadChecked(file, opts, true);
      if (!loaded) return;
      const r = benchModel(loaded.model, opts);
      if (opts.json) process.stdout.write(`${JSON.stringify(r)}\n`);
      else
        process.stdout.write(
          `backend ${r.backend}, compile ${r.compileMs} ms, ${r.nodes} ${r.backend === 'sat' ? 'clauses' : 'nodes'}, heap ${r.heapMB} MB, count ${r.count}\n` +
            `${r.steps} steps (as the studio needs them): p50 ${r.stepMs.p50} ms, p95 ${r.stepMs.p95} ms, p99 ${r.stepMs.p99} ms, max ${r.stepMs.max} ms\n` +
            `${r.explained} explanations on demand: p50 ${r.explainMs.p50} ms, p95 ${r.explainMs.p95} ms, p99 ${r.explainMs.p99} ms, max ${r.explainMs.max} ms\n`,
        );
    },
  );
}
