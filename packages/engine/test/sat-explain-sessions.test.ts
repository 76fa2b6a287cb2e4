// Explanations of the SAT backend across the steps of a session: the backend reuses an
// earlier minimal change while later choices extend the earlier ones, so these tests walk
// sessions on one backend and check every answer against brute force and a fresh backend
// (the same change and the same rules).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Choices } from '../src/api.ts';
import type { Value } from '../src/model/types.ts';
import { buildIR } from '../src/compile/ir.ts';
import { SatBackend } from '../src/sat/backend.ts';
import { allConfigs, randomModel, rng, type Config } from './conformance/random-models.ts';

const agrees = (c: Config, choices: Choices): boolean =>
  Object.entries(choices).every(([f, v]) => c[f] === v);

test('explanations reused across session steps stay the minimal change and name excluding rules', () => {
  let reusedSteps = 0;
  for (let seed = 1; seed <= 60; seed++) {
    const { model, holds, domains } = randomModel(seed);
    const { ir } = buildIR(model);
    const all = allConfigs(domains);
    const solutions = all.filter((c) => holds.every((h) => h(c)));
    if (solutions.length === 0) continue;
    const session = new SatBackend(ir);
    const r = rng(seed * 31 + 7);
    const choices: Choices = {};
    const order: string[] = [];
    const ids = Object.keys(domains);
    for (let step = 0; step < ids.length; step++) {
      const valid = session.domains(choices);
      const open = ids.filter((f) => choices[f] === undefined && valid[f]!.length > 0);
      if (open.length === 0) break;
      const f = open[Math.floor(r() * open.length)]!;
      const values = valid[f]!;
      choices[f] = values[Math.floor(r() * values.length)]!;
      order.push(f);
      if (step > 0) reusedSteps++;
      const fresh = new SatBackend(ir);
      const K = order.length;
      const weightOf = (g: string): number => 1 + (order.indexOf(g) + 1) / ((K * (K + 1)) / 2 + 1);
      for (const g of ids) {
        for (const v of domains[g]! as Value[]) {
          const got = session.explain(choices, order, g, v);
          // The same change and the same rules as a backend without history.
          assert.deepEqual(
            got,
            fresh.explain(choices, order, g, v),
            `model ${seed} step ${step} ${g}=${String(v)}: same answer as a fresh backend`,
          );
          const rest = { ...choices };
          delete rest[g];
          const withV = solutions.filter((c) => c[g] === v);
          if (withV.some((c) => agrees(c, rest))) {
            assert.equal(got, null, `model ${seed} ${g}=${String(v)} is possible`);
            continue;
          }
          assert.ok(got, `model ${seed} ${g}=${String(v)} gets an explanation`);
          assert.ok(got.rules.length > 0, `model ${seed} ${g}=${String(v)} names a rule`);
          if (withV.length === 0) {
            assert.deepEqual(got.conflicting, [], `model ${seed} ${g}=${String(v)} is dead`);
            continue;
          }
          const others = order.filter((x) => x !== g);
          let best = Infinity;
          for (const c of withV) {
            let cost = 0;
            for (const h of others) if (c[h] !== choices[h]) cost += weightOf(h);
            best = Math.min(best, cost);
          }
          const cost = got.conflicting.reduce((s, x) => s + weightOf(x.feature), 0);
          assert.ok(
            Math.abs(cost - best) < 1e-9,
            `model ${seed} step ${step} ${g}=${String(v)}: change costs ${cost}, best ${best}`,
          );
          const ruleIdx = got.rules.map((x) => model.rules!.findIndex((y) => y.id === x.id));
          assert.ok(ruleIdx.every((i) => i >= 0));
          const asg = { ...rest, [g]: v };
          assert.ok(
            !all.some((c) => agrees(c, asg) && ruleIdx.every((i) => holds[i]!(c))),
            `model ${seed} ${g}=${String(v)}: the named rules exclude it`,
          );
        }
      }
    }
  }
  assert.ok(reusedSteps > 100, `sessions took ${reusedSteps} steps after their first`);
});
