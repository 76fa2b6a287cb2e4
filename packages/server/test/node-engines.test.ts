// npm warns (EBADENGINE) when an installed package asks for a newer Node than the one running.
// package.json declares the oldest Node the platform runs on; every package in the lockfile must
// accept it, so `npm ci` on that Node is quiet (issue 10, item 10: two dependencies once needed
// Node ≥ 22 while `engines` said ≥ 20.19).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', '..');
const read = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8')) as unknown;

type Version = [number, number, number];

/** "20", "10.x", "v12.22.7", "18.18" → the parts given (x, * and missing parts are open). */
function partial(text: string): (number | undefined)[] {
  return text
    .replace(/^v/, '')
    .split('.')
    .map((p) => (p === 'x' || p === 'X' || p === '*' || p === '' ? undefined : Number(p)));
}

function compare(a: Version, b: (number | undefined)[]): number {
  for (let i = 0; i < 3; i++) {
    const d = a[i]! - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Whether `version` satisfies one comparator of an npm range (the forms the lockfile uses). */
function satisfiesComparator(version: Version, comparator: string): boolean {
  const m = /^(>=|<=|>|<|=|\^|~)?\s*(.+)$/.exec(comparator);
  assert.ok(m, `a comparator: ${comparator}`);
  const op = m[1] ?? '';
  const want = partial(m[2]!);
  assert.ok(
    want.every((p) => p === undefined || Number.isInteger(p)),
    `a version: ${comparator}`,
  );
  const prefixMatches = (n: number) =>
    want.slice(0, n).every((p, i) => p === undefined || p === version[i]);
  switch (op) {
    case '>=':
      return compare(version, want) >= 0;
    case '>':
      return compare(version, want) > 0;
    case '<=':
      return compare(version, want) <= 0;
    case '<':
      return compare(version, want) < 0;
    case '^':
      return version[0] === want[0] && compare(version, want) >= 0;
    case '~':
      return prefixMatches(2) && compare(version, want) >= 0;
    default:
      // A bare or "=" version: every part it gives must match ("20" is any 20.x.y).
      return prefixMatches(3);
  }
}

/** Whether `version` satisfies an npm range: alternatives joined by ||, comparators by spaces. */
export function satisfies(version: Version, range: string): boolean {
  return range.split('||').some((alternative) =>
    alternative
      .trim()
      .replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1')
      .split(/\s+/)
      .every((c) => c === '' || satisfiesComparator(version, c)),
  );
}

test('the range reader agrees with npm on the forms the lockfile uses', () => {
  const v = (text: string) => partial(text) as Version;
  const cases: [string, string, boolean][] = [
    ['20.19.0', '>=20.19', true],
    ['20.18.3', '>=20.19', false],
    ['20.19.0', '^20.19.0 || >=22.12.0', true],
    ['21.0.0', '^20.19.0 || >=22.12.0', false],
    ['20.19.0', '>=22', false],
    ['20.19.0', '18 || 20 || >=22', true],
    ['20.19.0', '>=16 || 14 >=14.17', true],
    ['14.16.0', '>=16 || 14 >=14.17', false],
    ['20.19.0', '>= 10.x', true],
    ['20.19.0', '>=v12.22.7', true],
    ['20.19.0', '^18.18.0 || ^20.9.0 || >=21.1.0', true],
    ['20.8.0', '^18.18.0 || ^20.9.0 || >=21.1.0', false],
  ];
  for (const [version, range, expected] of cases)
    assert.equal(satisfies(v(version), range), expected, `${version} in ${range}`);
});

test('every package in the lockfile runs on the oldest Node that package.json declares', () => {
  const pkg = read('package.json') as { engines: { node: string } };
  const oldest = /^>=\s*(\d+)\.(\d+)(?:\.(\d+))?$/.exec(pkg.engines.node);
  assert.ok(oldest, `engines.node is a lower bound: ${pkg.engines.node}`);
  const floor: Version = [Number(oldest[1]), Number(oldest[2]), Number(oldest[3] ?? 0)];
  const lock = read('package-lock.json') as {
    packages: Record<string, { engines?: { node?: string } | string[] }>;
  };
  const refusing = Object.entries(lock.packages)
    .map(([path, entry]) => ({
      name: path.replace(/^.*node_modules\//, '') || 'customerize',
      range: Array.isArray(entry.engines) ? undefined : entry.engines?.node,
    }))
    .filter(({ range }) => range !== undefined && !satisfies(floor, range))
    .map(({ name, range }) => `${name} needs Node ${range}`);
  assert.deepEqual(refusing, [], `on Node ${floor.join('.')} npm would warn`);
});
