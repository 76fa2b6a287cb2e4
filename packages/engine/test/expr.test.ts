import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExprSyntaxError, parseExpr } from '../src/expr/parse.ts';
import { buildIR, evalExpr, resolveExpr } from '../src/compile/ir.ts';
import { bike } from './fixtures.ts';

test('implication binds weaker than or, and not binds tighter than and', () => {
  const e = parseExpr('not a and b or c -> d');
  assert.equal(e.t, 'bin');
  assert.equal(e.t === 'bin' && e.op, '->');
  const l = e.t === 'bin' ? e.l : e;
  assert.equal(l.t === 'bin' && l.op, 'or');
});

test('names may contain dashes while a spaced minus subtracts', () => {
  const e = parseExpr('city-bike - 2 >= 0');
  assert.ok(e.t === 'cmp' && e.l.t === 'arith' && e.l.l.t === 'name' && e.l.l.name === 'city-bike');
});

test('syntax errors carry the offset of the problem', () => {
  assert.throws(
    () => parseExpr('frame = carbon and'),
    (err: unknown) => err instanceof ExprSyntaxError && err.offset === 18,
  );
  assert.throws(
    () => parseExpr('frame in {a, b'),
    (err: unknown) => err instanceof ExprSyntaxError && /'}'/.test(err.message),
  );
});

test('expressions evaluate by the documented semantics', () => {
  const { ir } = buildIR(bike);
  const asg = (frame: number, brakes: number, size: number, rack: number) =>
    Int32Array.from([frame, brakes, size, rack]);
  const holds = (text: string, a: Int32Array) => evalExpr(resolveExpr(ir, text), a);
  assert.equal(holds('frame = carbon -> brakes in {disc, hydraulic}', asg(1, 0, 0, 0)), false);
  assert.equal(holds('frame = carbon -> brakes in {disc, hydraulic}', asg(1, 1, 0, 0)), true);
  assert.equal(holds('size >= 50', asg(0, 0, 2, 0)), false); // size index 2 = 48
  assert.equal(holds('size + 2 * rack <= 46', asg(0, 0, 0, 1)), true); // 44 + 2
  assert.equal(holds('sum(weight) <= 11000', asg(0, 0, 0, 0)), true); // 9000 + 2000
  assert.equal(holds('sum(weight) <= 11000', asg(0, 0, 0, 1)), false); // + rack 800
  assert.equal(holds('sum(price, frame, brakes) = 50000', asg(1, 1, 0, 0)), true);
  assert.equal(holds('count(rack, frame = steel, brakes != rim) = 2', asg(2, 0, 0, 1)), true);
  assert.equal(holds('rack <-> size > 50', asg(0, 0, 9, 1)), true);
  assert.equal(holds('frame not in {alu, steel}', asg(1, 0, 0, 0)), true);
});

test('unknown names are reported at their column', () => {
  const { issues } = buildIR({
    ...bike,
    rules: [{ id: 'x', expr: 'frame = carbon -> brake = disc' }],
  });
  assert.deepEqual(issues, [
    { severity: 'error', path: 'rules[0].expr', message: "unknown feature 'brake'", column: 19 },
  ]);
});
