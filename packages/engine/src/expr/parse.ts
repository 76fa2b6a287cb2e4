// The rule expression language: a recursive-descent parser producing a syntax tree with
// source offsets. Names are resolved later (compile/ir.ts), so this file knows no model.
//
//   expr    := iff
//   iff     := imp ('<->' imp)*
//   imp     := or ('->' imp)?                       (right associative)
//   or      := and (('or' | '||') and)*
//   and     := not (('and' | '&&') not)*
//   not     := ('not' | '!') not | cmp
//   cmp     := add (('=' | '==' | '!=' | '<' | '<=' | '>' | '>=') add | 'not'? 'in' '{' value (',' value)* '}')?
//   add     := mul (('+' | '-') mul)*
//   mul     := unary ('*' unary)*
//   unary   := '-' unary | primary
//   primary := number | 'true' | 'false' | name | string | ('sum' | 'count') '(' args ')' | '(' expr ')'
//
// Names may contain letters, digits, `_`, `.` and `-` (option ids such as `city-bike`), so a
// binary minus needs spaces around it. A name ending in `*` (e.g. `extras_*`) is a prefix pattern
// for sum/count arguments. Strings in single or double quotes name values with other characters.

export type CmpOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Syn =
  | { t: 'bin'; op: 'and' | 'or' | '->' | '<->'; l: Syn; r: Syn; pos: number }
  | { t: 'not'; e: Syn; pos: number }
  | { t: 'cmp'; op: CmpOp; l: Syn; r: Syn; pos: number }
  | { t: 'in'; l: Syn; values: Syn[]; negated: boolean; pos: number }
  | { t: 'arith'; op: '+' | '-' | '*'; l: Syn; r: Syn; pos: number }
  | { t: 'neg'; e: Syn; pos: number }
  | { t: 'num'; v: number; pos: number }
  | { t: 'bool'; v: boolean; pos: number }
  | { t: 'name'; name: string; pattern: boolean; pos: number }
  | { t: 'str'; v: string; pos: number }
  | { t: 'call'; fn: 'sum' | 'count'; args: Syn[]; pos: number };

/** A syntax error at `offset` (0-based) of the expression text. */
export class ExprSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'ExprSyntaxError';
  }
}

type TokKind = 'num' | 'name' | 'str' | 'op' | 'end';
interface Tok {
  k: TokKind;
  s: string;
  pos: number;
}

const OPS = [
  '<->',
  '->',
  '=>',
  '<=',
  '>=',
  '!=',
  '==',
  '&&',
  '||',
  '=',
  '<',
  '>',
  '!',
  '(',
  ')',
  '{',
  '}',
  ',',
  '+',
  '-',
  '*',
];

function isNameStart(c: string): boolean {
  return /[A-Za-z_]/.test(c);
}
function isNameChar(c: string): boolean {
  return /[A-Za-z0-9_.]/.test(c);
}

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (/[0-9]/.test(c)) {
      while (i < src.length && /[0-9]/.test(src[i]!)) i++;
      if (src[i] === '.' && /[0-9]/.test(src[i + 1] ?? '')) {
        i++;
        while (i < src.length && /[0-9]/.test(src[i]!)) i++;
      }
      // A number directly followed by name characters is a name such as `29er` or `4x4`.
      if (i < src.length && /[A-Za-z_]/.test(src[i]!)) {
        while (i < src.length && (isNameChar(src[i]!) || isInnerDash(src, i))) i++;
        toks.push({ k: 'name', s: src.slice(start, i), pos: start });
        continue;
      }
      toks.push({ k: 'num', s: src.slice(start, i), pos: start });
      continue;
    }
    if (isNameStart(c)) {
      while (i < src.length && (isNameChar(src[i]!) || isInnerDash(src, i))) i++;
      if (src[i] === '*') i++;
      toks.push({ k: 'name', s: src.slice(start, i), pos: start });
      continue;
    }
    if (c === '"' || c === "'") {
      i++;
      let s = '';
      while (i < src.length && src[i] !== c) {
        if (src[i] === '\\' && i + 1 < src.length) i++;
        s += src[i];
        i++;
      }
      if (i >= src.length) throw new ExprSyntaxError('unterminated string', start);
      i++;
      toks.push({ k: 'str', s, pos: start });
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new ExprSyntaxError(`unexpected character '${c}'`, i);
    i += op.length;
    toks.push({ k: 'op', s: op, pos: start });
  }
  toks.push({ k: 'end', s: '', pos: src.length });
  return toks;
}

/** `-` inside a name: preceded by a name character and followed by a letter or digit. */
function isInnerDash(src: string, i: number): boolean {
  return (
    src[i] === '-' && i > 0 && isNameChar(src[i - 1]!) && /[A-Za-z0-9_]/.test(src[i + 1] ?? '')
  );
}

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'true', 'false']);

/**
 * How deep an expression may nest (parentheses, `not`, unary minus, chained `->`), and how deep
 * its syntax tree may grow (long chains of `and`/`or`/`+` nest too). Deeper input is refused with
 * an ExprSyntaxError instead of overflowing the stack here or in the passes that walk the tree.
 */
export const MAX_EXPR_NESTING = 200;
export const MAX_EXPR_DEPTH = 2000;

class Parser {
  private i = 0;
  private nesting = 0;
  constructor(private readonly toks: Tok[]) {}

  /** Runs one nested production, refusing input nested deeper than MAX_EXPR_NESTING. */
  private nested<T>(parse: () => T): T {
    if (this.nesting >= MAX_EXPR_NESTING)
      throw new ExprSyntaxError(
        `the expression nests deeper than ${MAX_EXPR_NESTING} levels`,
        this.peek().pos,
      );
    this.nesting++;
    try {
      return parse();
    } finally {
      this.nesting--;
    }
  }

  private peek(): Tok {
    return this.toks[this.i]!;
  }
  private next(): Tok {
    return this.toks[this.i++]!;
  }
  private isOp(...ops: string[]): boolean {
    const t = this.peek();
    return t.k === 'op' && ops.includes(t.s);
  }
  private isWord(w: string): boolean {
    const t = this.peek();
    return t.k === 'name' && t.s === w;
  }
  private expectOp(op: string, what: string): Tok {
    const t = this.peek();
    if (t.k !== 'op' || t.s !== op)
      throw new ExprSyntaxError(`expected ${what}, found ${describe(t)}`, t.pos);
    return this.next();
  }

  parseAll(): Syn {
    const e = this.iff();
    const t = this.peek();
    if (t.k !== 'end')
      throw new ExprSyntaxError(`expected an operator or the end, found ${describe(t)}`, t.pos);
    return e;
  }

  private iff(): Syn {
    return this.nested(() => this.iffAt());
  }
  private iffAt(): Syn {
    let l = this.imp();
    while (this.isOp('<->')) {
      const pos = this.next().pos;
      l = { t: 'bin', op: '<->', l, r: this.imp(), pos };
    }
    return l;
  }
  private imp(): Syn {
    const l = this.or();
    if (this.isOp('->', '=>')) {
      const pos = this.next().pos;
      return { t: 'bin', op: '->', l, r: this.nested(() => this.imp()), pos };
    }
    return l;
  }
  private or(): Syn {
    let l = this.and();
    while (this.isWord('or') || this.isOp('||')) {
      const pos = this.next().pos;
      l = { t: 'bin', op: 'or', l, r: this.and(), pos };
    }
    return l;
  }
  private and(): Syn {
    let l = this.not();
    while (this.isWord('and') || this.isOp('&&')) {
      const pos = this.next().pos;
      l = { t: 'bin', op: 'and', l, r: this.not(), pos };
    }
    return l;
  }
  private not(): Syn {
    if (this.isWord('not') || this.isOp('!')) {
      const t = this.next();
      // `not in` after an operand is handled in cmp(); here `not` starts a negation.
      return { t: 'not', e: this.nested(() => this.not()), pos: t.pos };
    }
    return this.cmp();
  }
  private cmp(): Syn {
    const l = this.add();
    const t = this.peek();
    if (t.k === 'op' && ['=', '==', '!=', '<', '<=', '>', '>='].includes(t.s)) {
      this.next();
      const op = (t.s === '==' ? '=' : t.s) as CmpOp;
      return { t: 'cmp', op, l, r: this.add(), pos: t.pos };
    }
    let negated = false;
    if (
      this.isWord('not') &&
      this.toks[this.i + 1]?.k === 'name' &&
      this.toks[this.i + 1]?.s === 'in'
    ) {
      this.next();
      negated = true;
    }
    if (this.isWord('in')) {
      const pos = this.next().pos;
      this.expectOp('{', "'{' after 'in'");
      const values: Syn[] = [];
      if (!this.isOp('}')) {
        values.push(this.value());
        while (this.isOp(',')) {
          this.next();
          values.push(this.value());
        }
      }
      this.expectOp('}', "',' or '}'");
      return { t: 'in', l, values, negated, pos };
    }
    return l;
  }
  private value(): Syn {
    const t = this.peek();
    if (t.k === 'op' && t.s === '-' && this.toks[this.i + 1]?.k === 'num') {
      this.next();
      const n = this.next();
      return { t: 'num', v: -Number(n.s), pos: t.pos };
    }
    if (t.k === 'num') return { t: 'num', v: Number(this.next().s), pos: t.pos };
    if (t.k === 'str') return { t: 'str', v: this.next().s, pos: t.pos };
    if (t.k === 'name') {
      this.next();
      if (t.s === 'true' || t.s === 'false') return { t: 'bool', v: t.s === 'true', pos: t.pos };
      return { t: 'name', name: t.s, pattern: false, pos: t.pos };
    }
    throw new ExprSyntaxError(`expected a value, found ${describe(t)}`, t.pos);
  }
  private add(): Syn {
    let l = this.mul();
    while (this.isOp('+', '-')) {
      const t = this.next();
      l = { t: 'arith', op: t.s as '+' | '-', l, r: this.mul(), pos: t.pos };
    }
    return l;
  }
  private mul(): Syn {
    let l = this.unary();
    while (this.isOp('*')) {
      const t = this.next();
      l = { t: 'arith', op: '*', l, r: this.unary(), pos: t.pos };
    }
    return l;
  }
  private unary(): Syn {
    if (this.isOp('-')) {
      const t = this.next();
      return { t: 'neg', e: this.nested(() => this.unary()), pos: t.pos };
    }
    return this.primary();
  }
  private primary(): Syn {
    const t = this.peek();
    if (t.k === 'num') {
      this.next();
      return { t: 'num', v: Number(t.s), pos: t.pos };
    }
    if (t.k === 'str') {
      this.next();
      return { t: 'str', v: t.s, pos: t.pos };
    }
    if (t.k === 'op' && t.s === '(') {
      this.next();
      const e = this.iff();
      this.expectOp(')', "')'");
      return e;
    }
    if (t.k === 'name') {
      if (t.s === 'true' || t.s === 'false') {
        this.next();
        return { t: 'bool', v: t.s === 'true', pos: t.pos };
      }
      if ((t.s === 'sum' || t.s === 'count') && this.toks[this.i + 1]?.s === '(') {
        this.next();
        this.next();
        const args: Syn[] = [];
        if (!this.isOp(')')) {
          args.push(this.iff());
          while (this.isOp(',')) {
            this.next();
            args.push(this.iff());
          }
        }
        this.expectOp(')', "',' or ')'");
        return { t: 'call', fn: t.s, args, pos: t.pos };
      }
      if (KEYWORDS.has(t.s))
        throw new ExprSyntaxError(`expected an operand, found '${t.s}'`, t.pos);
      this.next();
      const pattern = t.s.endsWith('*');
      return { t: 'name', name: pattern ? t.s.slice(0, -1) : t.s, pattern, pos: t.pos };
    }
    throw new ExprSyntaxError(`expected an operand, found ${describe(t)}`, t.pos);
  }
}

function describe(t: Tok): string {
  return t.k === 'end' ? 'the end of the expression' : `'${t.s}'`;
}

/** Parses a rule expression; throws `ExprSyntaxError` with the offset of the problem. */
export function parseExpr(src: string): Syn {
  const syn = new Parser(tokenize(src)).parseAll();
  checkDepth(syn);
  return syn;
}

/** Refuses a syntax tree deeper than MAX_EXPR_DEPTH (walked without recursion). */
function checkDepth(root: Syn): void {
  const stack: [Syn, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_EXPR_DEPTH)
      throw new ExprSyntaxError(
        `the expression is too deeply nested (more than ${MAX_EXPR_DEPTH} levels)`,
        node.pos,
      );
    const children: Syn[] =
      node.t === 'bin' || node.t === 'cmp' || node.t === 'arith'
        ? [node.l, node.r]
        : node.t === 'not' || node.t === 'neg'
          ? [node.e]
          : node.t === 'in'
            ? [node.l, ...node.values]
            : node.t === 'call'
              ? node.args
              : [];
    for (const child of children) stack.push([child, depth + 1]);
  }
}
