// Valid domains of the decision-diagram backend: a value is valid iff some reached node of its
// level has an alive child under it (see core.ts). Because every path visits every level once,
// "valid if only the choice at l were dropped" (alternatives of a chosen feature) falls out of
// the same pass.
import type { Choices, QueryOptions } from '../api.ts';
import type { Value } from '../model/types.ts';
import type { MddCore } from './core.ts';

export function domains(
  core: MddCore,
  choices: Choices,
  opts?: QueryOptions,
): Record<string, Value[]> {
  const st = core.stateOf(choices, opts);
  const { valid } = core.validity(st);
  return core.namedValues(valid);
}

/** For each chosen feature: the values it could switch to while every other choice stays. */
export function alternatives(
  core: MddCore,
  choices: Choices,
  opts?: QueryOptions,
): Record<string, Value[]> {
  const st = core.stateOf(choices, opts);
  const { alt } = core.validity(st);
  const all = core.namedValues(alt);
  const out: Record<string, Value[]> = {};
  for (let l = 0; l < core.L; l++)
    if (st.chosen[l]! >= 0) out[core.featureOfLevel(l).id] = all[core.featureOfLevel(l).id]!;
  return out;
}
