// Valid domains of the SAT backend, complete: a value is shown only after a model containing it
// was found, and hidden only after the solver refuted it. Every model found marks all of its
// values possible; values implied false by unit propagation are refuted without search; one
// query "some still-unknown value holds" (an activation-guarded clause, phases pointing at the
// unknown values) settles many values per call, and its refutation settles all the rest at
// once; results are cached per choice set and reused across steps (fewer choices keep every
// possible value, more choices keep every impossible one, recent models are re-checked), and
// values dead without any choice become unit clauses.
import type { Choices, QueryOptions } from '../api.ts';
import type { Value } from '../model/types.ts';
import { CACHE_SIZE, type DomainResult, type SatCore } from './core.ts';
import { neg, pos } from './solver.ts';

export function domainsOf(core: SatCore, chosen: Int32Array): DomainResult {
  const key = core.keyOf(chosen);
  const hit = core.cache.get(key);
  if (hit) {
    core.cache.delete(key);
    core.cache.set(key, hit);
    return hit;
  }
  const result = computeDomains(core, chosen);
  core.cache.set(key, result);
  if (core.cache.size > CACHE_SIZE) core.cache.delete(core.cache.keys().next().value!);
  if (key === '' && core.rkey === '' && !core.dead && result.feasible)
    learnDead(core, result.possible);
  return result;
}

export function computeDomains(core: SatCore, chosen: Int32Array): DomainResult {
  const solver = core.enc.solver;
  const total = core.totalSlots;
  const lits = core.enc.slotLit;
  const possible = new Uint8Array(total);
  const impossible = new Uint8Array(total);
  const assumptions = core.assumptionsOf(chosen);
  const implied = solver.implied(assumptions);
  if (!implied) return { choices: chosen, possible, feasible: false };
  const trueLit = new Uint8Array(2 * solver.numVars);
  for (const l of implied) trueLit[l] = 1;
  // Variables fixed by the choices (or without them) never flip.
  const fixed = new Uint8Array(solver.numVars);
  for (const l of implied) fixed[l >> 1] = 1;
  for (let s = 0; s < total; s++) {
    if (trueLit[lits[s]! ^ 1]) impossible[s] = 1;
    if (core.dead?.[s]) impossible[s] = 1;
  }
  // Reuse earlier answers: subsets keep impossibilities, supersets keep possibilities.
  for (const r of core.cache.values()) {
    if (!r.feasible) continue;
    const rel = relation(core, r.choices, chosen);
    if (rel === 'sub')
      for (let s = 0; s < total; s++) impossible[s] = impossible[s]! | (r.possible[s]! ^ 1);
    else if (rel === 'super')
      for (let s = 0; s < total; s++) possible[s] = possible[s]! | r.possible[s]!;
  }
  let witness: Uint8Array | null = null;
  for (const m of core.pool) {
    if (core.modelSatisfies(m, assumptions)) {
      core.markModel(m, possible);
      witness = m;
    }
  }
  if (!witness) {
    if (!solver.solve(assumptions))
      return { choices: chosen, possible: new Uint8Array(total), feasible: false };
    witness = core.remember();
  }
  core.markModel(witness, possible, fixed, impossible);
  for (;;) {
    const unknown: number[] = [];
    for (let s = 0; s < total; s++) if (!possible[s] && !impossible[s]) unknown.push(s);
    if (unknown.length === 0) break;
    if (unknown.length <= 2) {
      for (const s of unknown) {
        if (possible[s]) continue;
        if (solver.solve([...assumptions, lits[s]!]))
          core.markModel(core.remember(), possible, fixed, impossible);
        else impossible[s] = 1;
      }
      continue;
    }
    const act = solver.newVar();
    solver.addClause([neg(act), ...unknown.map((s) => lits[s]!)]);
    for (const s of unknown) solver.setPhase(lits[s]! >> 1, (lits[s]! & 1) === 0);
    const sat = solver.solve([...assumptions, pos(act)]);
    core.disable(act);
    if (sat) core.markModel(core.remember(), possible, fixed, impossible);
    else for (const s of unknown) impossible[s] = 1;
  }
  return { choices: chosen, possible, feasible: true };
}

/** 'sub' when a ⊆ b (as choice sets), 'super' when a ⊇ b, else 'none'. */
export function relation(core: SatCore, a: Int32Array, b: Int32Array): 'sub' | 'super' | 'none' {
  let sub = true;
  let sup = true;
  for (let f = 0; f < core.nf && (sub || sup); f++) {
    const x = a[f]!;
    const y = b[f]!;
    if (x === y) continue;
    if (x >= 0 && y >= 0) return 'none';
    if (x >= 0) sub = false;
    else sup = false;
  }
  return sub ? 'sub' : sup ? 'super' : 'none';
}

/** Values impossible without choices are implied by the rules: make them unit clauses. */
export function learnDead(core: SatCore, possible: Uint8Array): void {
  core.dead = new Uint8Array(core.totalSlots);
  for (let s = 0; s < core.totalSlots; s++) {
    if (!possible[s]) {
      core.dead[s] = 1;
      core.enc.solver.addClause([core.enc.slotLit[s]! ^ 1], -2);
    }
  }
}

export function domains(
  core: SatCore,
  choices: Choices,
  opts?: QueryOptions,
): Record<string, Value[]> {
  core.useRestrictions(opts);
  const r = domainsOf(core, core.chosenOf(choices));
  const out: Record<string, Value[]> = {};
  core.ir.features.forEach((f, i) => {
    const o = core.enc.offset[i]!;
    out[f.id] = f.values.filter((_, v) => r.possible[o + v] === 1);
  });
  return out;
}
