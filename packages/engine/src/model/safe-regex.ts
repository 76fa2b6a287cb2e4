// A conservative, dependency-free safety check for the regular expressions a model carries
// (personalization patterns), run by the model checker (and so by `compile`) and again before
// a pattern is applied. JavaScript's regex engine backtracks: `([a-z]+)+` takes exponential
// time on a 30-character input that almost matches. Safe by construction means refusing every
// shape that can backtrack badly, even when a particular pattern would be harmless:
//   - a repeated group (`*`, `+`, `{n,m}` with m > 1) that contains any quantifier (star height
//     above 1, e.g. `(a*)*`, `([a-z]+)+`, `(a?){5}`) or an alternation (`(a|a)*`) — write a
//     character class instead (`[ab]*`);
//   - backreferences (`\1`, `\k<name>`) and lookarounds (`(?=`, `(?!`, `(?<=`, `(?<!`);
//   - patterns longer than MAX_PATTERN_LENGTH.
// What remains is a concatenation of (possibly quantified) atoms and unquantified groups: at
// most polynomial backtracking, and inputs are bounded too (MAX_PATTERN_INPUT).

/** Longest pattern accepted, in characters. */
export const MAX_PATTERN_LENGTH = 200;
/** Longest text a pattern is ever applied to, in characters. */
export const MAX_PATTERN_INPUT = 1000;

interface Group {
  quantified: boolean;
  alternation: boolean;
}

/**
 * Why a pattern (valid in `u` mode) is not safe to run on untrusted input, or null when it is.
 */
export function unsafePatternReason(pattern: string): string | null {
  if (pattern.length > MAX_PATTERN_LENGTH) return `is longer than ${MAX_PATTERN_LENGTH} characters`;
  const stack: Group[] = [{ quantified: false, alternation: false }];
  // The last atom, for the quantifier that may follow it: a group's flags, or a plain atom.
  let last: Group | 'atom' | null = null;
  let i = 0;
  const n = pattern.length;
  while (i < n) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k')
        return 'uses a backreference (\\1, \\k<name>), which can take exponential time';
      if ((next === 'p' || next === 'P' || next === 'u') && pattern[i + 2] === '{') {
        const close = pattern.indexOf('}', i + 3);
        i = close < 0 ? n : close + 1;
      } else if (next === 'u') i += 6;
      else if (next === 'x') i += 4;
      else if (next === 'c') i += 3;
      else i += 2;
      last = 'atom';
      continue;
    }
    if (ch === '[') {
      i++;
      if (pattern[i] === '^') i++;
      if (pattern[i] === ']') i++;
      while (i < n && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      i++;
      last = 'atom';
      continue;
    }
    if (ch === '(') {
      if (pattern.startsWith('(?=', i) || pattern.startsWith('(?!', i))
        return 'uses a lookahead ((?= or (?!), which the engine does not allow';
      if (pattern.startsWith('(?<=', i) || pattern.startsWith('(?<!', i))
        return 'uses a lookbehind ((?<= or (?<!), which the engine does not allow';
      if (pattern.startsWith('(?:', i)) i += 3;
      else if (pattern.startsWith('(?<', i)) i = pattern.indexOf('>', i) + 1;
      else i++;
      stack.push({ quantified: false, alternation: false });
      last = null;
      continue;
    }
    if (ch === ')') {
      const g = stack.length > 1 ? stack.pop()! : { quantified: false, alternation: false };
      const parent = stack[stack.length - 1]!;
      parent.quantified ||= g.quantified;
      parent.alternation ||= g.alternation;
      last = g;
      i++;
      continue;
    }
    if (ch === '|') {
      stack[stack.length - 1]!.alternation = true;
      last = null;
      i++;
      continue;
    }
    if (ch === '*' || ch === '+' || ch === '?' || ch === '{') {
      let repeats = ch !== '?';
      let end = i + 1;
      if (ch === '{') {
        const close = pattern.indexOf('}', i);
        const m = /^\{(\d+)(,(\d*))?\}$/.exec(pattern.slice(i, close + 1));
        if (!m) {
          // A literal brace (only outside `u` mode): an atom.
          last = 'atom';
          i++;
          continue;
        }
        const max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
        repeats = max > 1;
        end = close + 1;
      }
      if (pattern[end] === '?') end++;
      if (last && last !== 'atom' && repeats && (last.quantified || last.alternation))
        return last.quantified
          ? 'repeats a group that contains a quantifier (nested quantifiers such as ([a-z]+)+ can take exponential time)'
          : 'repeats a group that contains an alternation (such as (a|a)*, which can take exponential time); use a character class such as [ab]*';
      stack[stack.length - 1]!.quantified = true;
      last = null;
      i = end;
      continue;
    }
    last = 'atom';
    i++;
  }
  return null;
}

const verdicts = new Map<string, string | null>();

/** `unsafePatternReason`, remembered per pattern (patterns repeat on every quote). */
export function patternSafety(pattern: string): string | null {
  let v = verdicts.get(pattern);
  if (v === undefined) {
    v = unsafePatternReason(pattern);
    if (verdicts.size > 1000) verdicts.clear();
    verdicts.set(pattern, v);
  }
  return v;
}
