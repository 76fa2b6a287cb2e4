// Restrictions and bounded optimize on Renault Megane (99 features, 113 tables): a restriction
// fixing values answers like choosing them, what an offer excludes is derived once and answers
// like a backend that never saw the offer, and a bounded optimum keeps its bound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  compile,
  createSession,
  importXcsp,
  MddBackend,
  parseDomainNames,
  type CompiledModel,
  type Restriction,
  type Session,
} from '../src/index.ts';
import { benchmark } from './helpers/benchmarks.ts';

const xml = readFileSync(benchmark('clib', 'megane.xml'), 'utf8');
const names = parseDomainNames(readFileSync(benchmark('clib', 'renault_domains.txt'), 'utf8'));
const { model } = importXcsp(xml, names, 'renault');
const compiled = compile(model);

test('Renault: a restriction fixing values of a valid car answers like choosing them', () => {
  const car = createSession(compiled).sample(1, 3)[0]!;
  const ids = Object.keys(car).filter((_, i) => i % 9 === 4);
  const fixed = Object.fromEntries(ids.map((f) => [f, car[f]!]));
  const restricted = createSession(
    compiled,
    {},
    {
      restrictions: [{ id: 'offer', allowed: Object.fromEntries(ids.map((f) => [f, [car[f]!]])) }],
    },
  );
  const chosen = createSession(compiled, fixed);
  assert.deepEqual(restricted.domains(), chosen.domains());
  assert.equal(restricted.count(), chosen.count());
  // Every other value of a fixed feature is explained by the restriction, never by a change.
  const values = restricted.values();
  for (const f of ids)
    for (const v of values[f]!)
      if (v.value !== car[f]) {
        assert.equal(v.available, false);
        assert.deepEqual(v.explanation?.restrictions, [{ id: 'offer' }], `${f}=${String(v.value)}`);
        assert.deepEqual(v.explanation?.conflicting, []);
      }
});

/** Every value with availability and ranges, and the explanation of each excluded one (asked). */
function explained(s: Session) {
  const values = s.values();
  for (const [f, vs] of Object.entries(values))
    for (const v of vs) if (!v.available) v.explanation = s.explain(f, v.value) ?? undefined;
  return values;
}

test('Renault: steps under an offer answer like a backend that never saw it, in every session', () => {
  // An offer as bench/restrict.ts makes them: a third of the features limited to about half
  // their values, keeping one valid car.
  const car = createSession(compiled).sample(1, 5)[0]!;
  const dom = createSession(compiled).domains();
  const allowed: Restriction['allowed'] = {};
  Object.entries(dom).forEach(([f, vs], i) => {
    if (vs.length > 1 && i % 3 === 0)
      allowed[f] = [car[f]!, ...vs.filter((v, j) => v !== car[f] && j % 2 === 0)];
  });
  const offer = (id: string): Restriction[] => [{ id, message: `${id} offer`, allowed }];
  const fresh = (): CompiledModel => {
    const mdd = compiled.backend as MddBackend;
    return { ...compiled, backend: new MddBackend(mdd.ir, mdd.data) };
  };
  const first = createSession(compiled, {}, { restrictions: offer('fleet') });
  const steps: Array<[string, unknown]> = [];
  for (let i = 0; i < 4; i++) {
    const d = first.domains();
    const f = Object.keys(d).find((x) => d[x]!.length > 1 && first.choices()[x] === undefined)!;
    assert.equal(first.select(f, d[f]![d[f]!.length - 1]!).ok, true);
    steps.push([f, explained(first)]);
  }
  const [, last] = steps.at(-1)!;
  const excludedByOffer = Object.values(last as ReturnType<typeof explained>)
    .flat()
    .filter((v) => v.explanation?.restrictions);
  assert.ok(excludedByOffer.length > 20, `${excludedByOffer.length} values excluded by the offer`);
  const replay = (compiledModel: CompiledModel, restrictions: Restriction[]) =>
    explained(createSession(compiledModel, first.choices(), { restrictions }));
  assert.deepEqual(replay(fresh(), offer('fleet')), last, 'a backend that never saw the offer');
  assert.deepEqual(replay(compiled, offer('fleet')), last, 'a second session, same offer');
  // Two companies with the same allowed values under other names, answered in turn on one
  // compiled model: each session's explanations name its own offer.
  const fleet = createSession(compiled, first.choices(), { restrictions: offer('fleet') });
  const staff = createSession(compiled, first.choices(), { restrictions: offer('staff') });
  assert.deepEqual(explained(fleet), last);
  const renamed = explained(staff);
  assert.deepEqual(renamed, replay(fresh(), offer('staff')), 'renamed offer, fresh backend');
  for (const vs of Object.values(renamed))
    for (const v of vs)
      for (const r of v.explanation?.restrictions ?? [])
        assert.deepEqual(r, { id: 'staff', message: 'staff offer' });
});

test('Renault: a bounded optimum keeps its bound and is valid', () => {
  const s = createSession(compiled);
  const dom = s.domains();
  const keys = Object.entries(dom)
    .filter(([, vs]) => vs.length > 1)
    .slice(0, 12)
    .map(([f, vs]) => `${f}=${String(vs[1])}`);
  const objective = {
    sense: 'max' as const,
    weights: Object.fromEntries(keys.slice(0, 6).map((k) => [k, 3])),
  };
  const bound = { weights: Object.fromEntries(keys.slice(6).map((k) => [k, 1])), max: 1 };
  const best = s.optimize(objective, { bounds: [bound], deadlineMs: 60_000 })!;
  assert.ok(best, 'some car keeps the bound');
  assert.equal(s.validate(best).valid, true);
  const used = keys
    .slice(6)
    .filter((k) => k === `${k.split('=')[0]}=${String(best[k.split('=')[0]!])}`);
  assert.ok(used.length <= 1, `bound kept: ${used.join(', ')}`);
  const free = s.optimize(objective)!;
  const score = (c: Record<string, unknown>) =>
    keys.slice(0, 6).filter((k) => String(c[k.split('=')[0]!]) === k.split('=')[1]).length;
  assert.ok(score(best) <= score(free), 'a bound never improves the optimum');
});
