// Each benchmark owns one section of docs/benchmarks.md, between `<!-- NAME-bench:begin -->`
// and `<!-- NAME-bench:end -->`; writing it leaves every other section alone.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const DOC = new URL('../docs/benchmarks.md', import.meta.url).pathname;

/** Replaces (or appends) the section `name` of docs/benchmarks.md with `text`. */
export function writeBenchSection(name: string, text: string): void {
  const begin = `<!-- ${name}-bench:begin -->`;
  const end = `<!-- ${name}-bench:end -->`;
  const section = `${begin}\n${text}\n${end}`;
  let doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '# Benchmarks\n';
  const a = doc.indexOf(begin);
  const b = doc.indexOf(end);
  if (a >= 0 && b > a) doc = doc.slice(0, a) + section + doc.slice(b + end.length);
  else doc = `${doc.trimEnd()}\n\n${section}\n`;
  writeFileSync(DOC, doc);
  console.log(`wrote ${DOC}`);
}
