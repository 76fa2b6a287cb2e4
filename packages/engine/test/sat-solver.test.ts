import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Solver, fromDimacs, neg, pos } from '../src/sat/solver.ts';
import { parseDimacs } from '../src/import/dimacs.ts';
import { BENCHMARKS } from './helpers/benchmarks.ts';

const DIMACS_DIR = `${BENCHMARKS}/dimacs`;

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

function randomCnf(rand: () => number, nVars: number, nClauses: number): number[][] {
  const cnf: number[][] = [];
  for (let c = 0; c < nClauses; c++) {
    const len = 1 + Math.floor(rand() * 4);
    const clause: number[] = [];
    for (let k = 0; k < len; k++) {
      const v = Math.floor(rand() * nVars);
      clause.push(rand() < 0.5 ? pos(v) : neg(v));
    }
    cnf.push(clause);
  }
  return cnf;
}

const holds = (assign: number, lit: number): boolean =>
  (((assign >> (lit >> 1)) & 1) === 1) !== ((lit & 1) === 1);

function bruteForce(nVars: number, cnf: number[][], assumptions: number[]): boolean {
  for (let a = 0; a < 1 << nVars; a++) {
    if (!assumptions.every((l) => holds(a, l))) continue;
    if (cnf.every((c) => c.some((l) => holds(a, l)))) return true;
  }
  return false;
}

test('solver agrees with brute force on random small formulas, with and without assumptions', () => {
  const rand = rng(7);
  for (let round = 0; round < 400; round++) {
    const nVars = 3 + Math.floor(rand() * 8);
    const cnf = randomCnf(rand, nVars, Math.floor(rand() * nVars * 5));
    const s = new Solver(nVars);
    let okay = true;
    for (const c of cnf) okay = s.addClause(c) && okay;
    for (let q = 0; q < 6; q++) {
      const assumptions: number[] = [];
      const k = Math.floor(rand() * 4);
      for (let i = 0; i < k; i++) {
        const v = Math.floor(rand() * nVars);
        assumptions.push(rand() < 0.5 ? pos(v) : neg(v));
      }
      const expected = bruteForce(nVars, cnf, assumptions);
      const got = s.solve(assumptions);
      assert.equal(got, expected, `round ${round} query ${q}`);
      if (got) {
        for (const c of cnf)
          assert.ok(
            c.some((l) => s.modelValue(l)),
            'model satisfies every clause',
          );
        for (const l of assumptions) assert.ok(s.modelValue(l), 'model satisfies the assumptions');
      } else {
        for (const l of s.conflict)
          assert.ok(assumptions.includes(l), 'conflict is a subset of the assumptions');
        assert.equal(
          bruteForce(nVars, cnf, s.conflict),
          false,
          'the conflict alone is unsatisfiable',
        );
      }
    }
  }
});

test('pseudo-Boolean constraints agree with brute force, and removing one restores models', () => {
  const rand = rng(11);
  for (let round = 0; round < 300; round++) {
    const nVars = 3 + Math.floor(rand() * 7);
    const cnf = randomCnf(rand, nVars, Math.floor(rand() * nVars * 2));
    const s = new Solver(nVars);
    for (const c of cnf) s.addClause(c);
    const pbs: Array<{ lits: number[]; coefs: number[]; bound: number }> = [];
    for (let k = 0; k < 2; k++) {
      const lits: number[] = [];
      const coefs: number[] = [];
      for (let v = 0; v < nVars; v++) {
        if (rand() < 0.6) {
          lits.push(rand() < 0.5 ? pos(v) : neg(v));
          coefs.push(1 + Math.floor(rand() * 9));
        }
      }
      const bound = Math.floor(rand() * coefs.reduce((a, b) => a + b, 0));
      pbs.push({ lits, coefs, bound });
    }
    // The second constraint is guarded by an activation variable, the way bounds are retracted.
    const act = s.newVar();
    const total1 = pbs[1]!.coefs.reduce((a, b) => a + b, 0);
    const ids = [
      s.addPb(pbs[0]!.lits, pbs[0]!.coefs, pbs[0]!.bound),
      s.addPb([...pbs[1]!.lits, pos(act)], [...pbs[1]!.coefs, total1 - pbs[1]!.bound], total1),
    ];
    const sat = (a: number, upto: number): boolean =>
      cnf.every((c) => c.some((l) => holds(a, l))) &&
      pbs
        .slice(0, upto)
        .every(
          (pb) => pb.lits.reduce((t, l, i) => t + (holds(a, l) ? pb.coefs[i]! : 0), 0) <= pb.bound,
        );
    const exists = (upto: number, assumption?: number): boolean => {
      for (let a = 0; a < 1 << nVars; a++) {
        if (assumption !== undefined && !holds(a, assumption)) continue;
        if (sat(a, upto)) return true;
      }
      return false;
    };
    const assumption = rand() < 0.5 ? pos(0) : neg(0);
    const expectAll = exists(2, assumption);
    const got = s.solve([assumption, pos(act)]);
    assert.equal(got, expectAll, `round ${round}`);
    if (got) {
      let a = 0;
      for (let v = 0; v < nVars; v++) if (s.modelValue(pos(v))) a |= 1 << v;
      assert.ok(sat(a, 2), 'model satisfies clauses and PB constraints');
    }
    if (!s.okay) continue;
    s.removePb(ids[1]!);
    s.addClause([neg(act)]);
    assert.equal(s.solve([assumption]), exists(1, assumption), `round ${round} after removal`);
  }
});

test('solver refutes the pigeonhole principle with six pigeons and five holes', () => {
  const pigeons = 6;
  const holes = 5;
  const s = new Solver(pigeons * holes);
  const x = (p: number, h: number): number => p * holes + h;
  for (let p = 0; p < pigeons; p++)
    s.addClause(Array.from({ length: holes }, (_, h) => pos(x(p, h))));
  for (let h = 0; h < holes; h++) {
    for (let p = 0; p < pigeons; p++) {
      for (let q = p + 1; q < pigeons; q++) s.addClause([neg(x(p, h)), neg(x(q, h))]);
    }
  }
  assert.equal(s.solve(), false);
  assert.equal(s.okay, false);
});

test('implied lists what unit propagation derives from assumptions', () => {
  const s = new Solver(3);
  s.addClause([neg(0), pos(1)]);
  s.addClause([neg(1), pos(2)]);
  assert.deepEqual(new Set(s.implied([pos(0)])), new Set([pos(0), pos(1), pos(2)]));
  s.addClause([neg(2), neg(0)]);
  assert.equal(s.implied([pos(0)]), null);
  assert.deepEqual(s.conflict, [pos(0)]);
});

test('solver finds models of every benchmark DIMACS model up to automotive01 and of freebsd', () => {
  const files = [
    'routefinding_Mendonca2009.dimacs',
    'berkeleydb_Hierons2020.dimacs',
    'printer_Mendonca2009.dimacs',
    'axTLS_Berger2013.dimacs',
    'FinancialServices01-2018-05-09_Nieke2018.dimacs',
    'busybox-1.18.0_Knueppel2017.dimacs',
    'embtoolkit_Knueppel2017.dimacs',
    'ecos-icse11_Berger2013.dimacs',
    'uClinux-distribution_Knueppel2017.dimacs',
    'automotive01_Kowal2016.dimacs',
    'freebsd-8.0.0-icse11_Berger2013.dimacs',
  ];
  for (const file of files) {
    const cnf = parseDimacs(readFileSync(`${DIMACS_DIR}/${file}`, 'utf8'));
    const s = new Solver(cnf.numVars);
    for (const c of cnf.clauses) s.addClause(Array.from(c, fromDimacs));
    assert.equal(s.solve(), true, file);
    for (const c of cnf.clauses) {
      assert.ok(
        Array.from(c).some((d) => s.modelValue(fromDimacs(d))),
        `${file}: model satisfies every clause`,
      );
    }
  }
});
