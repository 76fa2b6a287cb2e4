// A product model as the firm writes it (YAML or JSON text) → the model plus every issue with
// its line and column in that text. Parse errors and model issues are data, never exceptions.
import {
  checkModel,
  compile,
  type CompileStats,
  type CompiledModel,
  type ProductModel,
} from '@customerize/engine';
import { LineCounter, parseDocument, isNode, isScalar, type Document } from 'yaml';
import type { StoredModelIssue } from './catalog.schema.ts';

export type ModelFormat = 'yaml' | 'json';

export type ReadModel = {
  model: ProductModel | null;
  issues: StoredModelIssue[];
};

export type CheckedModel = ReadModel & {
  compiled: CompiledModel | null;
  stats: CompileStats | null;
};

/** `rules[3].expr` → ['rules', 3, 'expr']. */
function pathKeys(path: string): (string | number)[] {
  const keys: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (m[2] !== undefined) keys.push(Number(m[2]));
    else keys.push(m[1]!);
  }
  return keys;
}

/**
 * Line and column of the node at `path` (the deepest existing ancestor when the key is
 * missing); `inner` is a 1-based column inside a plain or quoted scalar (expression issues).
 */
function locate(
  doc: Document,
  counter: LineCounter,
  path: string,
  inner: number | undefined,
): { line: number; column: number } | null {
  let keys = pathKeys(path);
  while (keys.length > 0) {
    const node = doc.getIn(keys, true);
    if (isNode(node) && node.range) {
      const pos = counter.linePos(node.range[0]);
      let column = pos.col;
      if (inner !== undefined && isScalar(node)) {
        const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
        const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
        if (!block) column += inner - 1 + (quoted ? 1 : 0);
      }
      return { line: pos.line, column };
    }
    keys = keys.slice(0, -1);
  }
  return null;
}

export function readModelSource(source: string, format: ModelFormat): ReadModel {
  try {
    return readUnchecked(source, format);
  } catch (error) {
    // E.g. the YAML parser refusing an alias bomb: still an answer, never a 500.
    const message = error instanceof Error ? error.message : String(error);
    return {
      model: null,
      issues: [{ severity: 'error', message, path: '', line: null, column: null }],
    };
  }
}

function readUnchecked(source: string, format: ModelFormat): ReadModel {
  if (format === 'json') {
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const at = /position (\d+)/.exec(message);
      let line: number | null = null;
      let column: number | null = null;
      if (at) {
        const before = source.slice(0, Number(at[1]));
        line = before.split('\n').length;
        column = Number(at[1]) - before.lastIndexOf('\n');
      }
      return {
        model: null,
        issues: [
          { severity: 'error', message: `Not valid JSON: ${message}`, path: '', line, column },
        ],
      };
    }
    // A clean JSON model needs no positions: the YAML parser (slow on megabytes of generated
    // JSON, such as the Renault Megane's tables) runs only to place issues.
    if (checkModel(value).length === 0) return { model: value as ProductModel, issues: [] };
  }
  const counter = new LineCounter();
  const doc = parseDocument(source, { lineCounter: counter, prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      model: null,
      issues: doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        return {
          severity: 'error' as const,
          message: e.message.split('\n')[0]!,
          path: '',
          line: pos?.line ?? null,
          column: pos?.col ?? null,
        };
      }),
    };
  }
  const value: unknown = doc.toJS();
  const issues = checkModel(value).map((i): StoredModelIssue => {
    const at = locate(doc, counter, i.path, i.column);
    return {
      severity: i.severity,
      message: i.message,
      path: i.path,
      line: at?.line ?? null,
      column: at?.column ?? null,
    };
  });
  const ok = !issues.some((i) => i.severity === 'error');
  return { model: ok ? (value as ProductModel) : null, issues };
}

/** Reads, checks and compiles: a model that admits no product is an error too. */
export function checkModelSource(source: string, format: ModelFormat): CheckedModel {
  const read = readModelSource(source, format);
  if (!read.model) return { ...read, compiled: null, stats: null };
  try {
    const compiled = compile(read.model);
    const issues = [...read.issues];
    if (compiled.stats.conflict) {
      issues.push({
        severity: 'error',
        message: `No product satisfies every rule; these rules conflict: ${compiled.stats.conflict.join(', ')}`,
        path: 'rules',
        line: null,
        column: null,
      });
      return { model: null, issues, compiled: null, stats: compiled.stats };
    }
    return { model: read.model, issues, compiled, stats: compiled.stats };
  } catch (error) {
    return {
      model: null,
      issues: [
        ...read.issues,
        {
          severity: 'error',
          message: error instanceof Error ? error.message : String(error),
          path: '',
          line: null,
          column: null,
        },
      ],
      compiled: null,
      stats: null,
    };
  }
}
