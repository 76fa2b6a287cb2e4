// Renault Megane (XCSP 2.1, 99 variables, 113 tables): the engine against an independent
// table solver (test/helpers/table-csp.ts) on valid domains and on counts under selections.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compile, createSession, deserialize, importXcsp, parseDomainNames } from '../src/index.ts';
import { countSolutions, readXcsp, solve, validDomains } from './helpers/table-csp.ts';
import { benchmark } from './helpers/benchmarks.ts';

const xml = readFileSync(benchmark('clib', 'megane.xml'), 'utf8');
const names = parseDomainNames(readFileSync(benchmark('clib', 'renault_domains.txt'), 'utf8'));

test('Renault Megane compiles and counts about 2.8e12 configurations', () => {
  const { model } = importXcsp(xml, names, 'renault');
  assert.equal(model.features.length, 99);
  assert.equal(model.rules!.length, 113);
  const c = compile(model);
  const n = createSession(c).count()!;
  assert.ok(n > 2_700_000_000_000n && n < 2_900_000_000_000n, `count ${n}`);
  assert.equal(
    deserialize(c.serialize()).backend.count({}),
    n,
    'the serialized model counts the same',
  );
});

test('Renault valid domains agree with an independent arc-consistency solver under random selections', () => {
  const csp = readXcsp(xml);
  const { model } = importXcsp(xml, undefined, 'renault-int');
  const c = compile(model);
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  for (const [round, k] of [0, 4, 10].entries()) {
    // Select k random variables at the values of a random solution (so the selection is valid).
    const pivot = Math.floor(rnd() * csp.names.length);
    const sol =
      solve(csp, new Map([[pivot, Math.floor(rnd() * csp.dom[pivot]!)]])) ?? solve(csp, new Map())!;
    const fixed = new Map<number, number>();
    const choices: Record<string, number> = {};
    while (fixed.size < k) {
      const x = Math.floor(rnd() * csp.names.length);
      fixed.set(x, sol[x]!);
      choices[csp.names[x]!] = sol[x]!;
    }
    const expected = validDomains(csp, fixed);
    const got = c.backend.domains(choices);
    csp.names.forEach((name, x) =>
      assert.deepEqual(
        got[name],
        expected[x],
        `round ${round}: variable ${name} after ${JSON.stringify(choices)}`,
      ),
    );
  }
});

test('Renault counts agree with exhaustive search once most variables are fixed', () => {
  const csp = readXcsp(xml);
  const { model } = importXcsp(xml, undefined, 'renault-int');
  const c = compile(model);
  for (const seedVar of [0, 4, 57]) {
    const sol = solve(csp, new Map([[seedVar, 0]]))!;
    assert.ok(sol, 'a solution exists');
    // Fix every variable but a dozen spread ones to the solution's values.
    const fixed = new Map<number, number>();
    const choices: Record<string, number> = {};
    sol.forEach((v, x) => {
      if ((x + seedVar) % 8 !== 0) {
        fixed.set(x, v);
        choices[csp.names[x]!] = v;
      }
    });
    assert.equal(
      c.backend.count(choices),
      countSolutions(csp, fixed),
      `count with ${fixed.size} variables fixed`,
    );
  }
});

test('Renault explanations name choices and rules for excluded values', () => {
  const { model } = importXcsp(xml, names, 'renault');
  const c = compile(model);
  const s = createSession(c);
  const sample = c.backend.sample({}, 1, 3)[0]!;
  for (const f of ['1', '3', '5', '81', '94'])
    assert.deepEqual(s.select(f, sample[f]!), { ok: true });
  const values = s.values();
  let explained = 0;
  for (const [f, infos] of Object.entries(values))
    for (const info of infos) {
      if (info.available) continue;
      const why = s.explain(f, info.value);
      assert.ok(why, `${f}=${String(info.value)} has an explanation`);
      assert.ok(why.rules.length > 0, `${f}=${String(info.value)} names rules`);
      explained++;
    }
  assert.ok(explained > 50);
});
