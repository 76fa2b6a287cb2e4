// A configuration session: the customer's choices in the order made, over a compiled model.
// Every query is delegated to the backend with the current choices; the backend caches the
// passes for the last set of choices, so asking domains, values and ranges after a step costs
// one set of passes. Explanations are not part of a step: `explain` computes the one asked for.
import type {
  Change,
  Choices,
  CompiledModel,
  Configuration,
  Explanation,
  Objective,
  OptimizeOptions,
  QueryOptions,
  Ranges,
  Restriction,
  SelectResult,
  Session,
  ValidationResult,
  ValueInfo,
} from './api.ts';
import { restrictionMask, restrictionsExcluding } from './compile/restrictions.ts';
import type { Value } from './model/types.ts';
import { UnknownChoiceError } from './errors.ts';
import { valueIndex } from './compile/ir.ts';
import { missingCustomerInput } from './compile/evaluate.ts';

class ConfigSession implements Session {
  /** [feature, value] in the order chosen. */
  private list: Array<[string, Value]> = [];

  private readonly q: QueryOptions;

  constructor(
    readonly compiled: CompiledModel,
    private readonly restricted: readonly Restriction[] = [],
  ) {
    this.q = restricted.length ? { restrictions: restricted } : {};
    restrictionMask(compiled.ir, this.q); // validates the restrictions (UnknownChoiceError)
  }

  restrictions(): readonly Restriction[] {
    return this.restricted;
  }

  validate(config: Configuration): ValidationResult {
    return this.compiled.backend.validate(config, this.q);
  }

  private normalize(feature: string, value: Value): Value {
    const f = this.compiled.ir.featureIndex.get(feature);
    if (f === undefined) throw new UnknownChoiceError(feature);
    const feat = this.compiled.ir.features[f]!;
    const i = valueIndex(feat, value);
    if (i < 0) throw new UnknownChoiceError(feature, value);
    return feat.values[i]!;
  }

  choices(): Choices {
    return Object.fromEntries(this.list);
  }

  private order(): string[] {
    return this.list.map(([f]) => f);
  }

  private without(feature: string): Choices {
    return Object.fromEntries(this.list.filter(([f]) => f !== feature));
  }

  select(feature: string, value: Value): SelectResult {
    const v = this.normalize(feature, value);
    const current = this.choices();
    const dom =
      (current[feature] === undefined
        ? this.compiled.backend.domains(current, this.q)
        : this.alternatives())[feature] ?? [];
    if (!dom.includes(v)) {
      const explanation = this.compiled.backend.explain(
        this.choices(),
        this.order(),
        feature,
        v,
        this.q,
      );
      return { ok: false, explanation: explanation ?? { conflicting: [], rules: [] } };
    }
    this.list = this.list.filter(([f]) => f !== feature);
    this.list.push([feature, v]);
    return { ok: true };
  }

  selectAnyway(feature: string, value: Value): Change[] {
    const v = this.normalize(feature, value);
    const before = this.choices();
    const res = this.select(feature, v);
    if (res.ok) return before[feature] === v ? [] : [{ feature, from: before[feature], to: v }];
    if (res.explanation.restrictions?.length) return [];
    if (
      res.explanation.conflicting.length === 0 &&
      !this.compiled.backend.domains({}, this.q)[feature]?.includes(v)
    )
      return [];
    const drop = new Set(res.explanation.conflicting.map((c) => c.feature));
    const changes: Change[] = [];
    for (const [f, old] of this.list)
      if (drop.has(f)) changes.push({ feature: f, from: old, to: undefined });
    const prev = before[feature];
    this.list = this.list.filter(([f]) => !drop.has(f) && f !== feature);
    this.list.push([feature, v]);
    changes.push({ feature, from: prev, to: v });
    return changes;
  }

  unselect(feature: string): void {
    this.list = this.list.filter(([f]) => f !== feature);
  }

  domains(): Record<string, Value[]> {
    return this.compiled.backend.domains(this.choices(), this.q);
  }

  /** Values a chosen feature could switch to with every other choice kept. */
  private alternatives(): Record<string, Value[]> {
    const b = this.compiled.backend;
    if (b.alternatives) return b.alternatives(this.choices(), this.q);
    const out: Record<string, Value[]> = {};
    for (const [f] of this.list) out[f] = b.domains(this.without(f), this.q)[f] ?? [];
    return out;
  }

  explain(feature: string, value: Value): Explanation | null {
    const v = this.normalize(feature, value);
    return this.compiled.backend.explain(this.choices(), this.order(), feature, v, this.q);
  }

  values(): Record<string, ValueInfo[]> {
    const b = this.compiled.backend;
    const choices = this.choices();
    const q = this.q;
    const mask = this.restricted.length ? restrictionMask(this.compiled.ir, q) : null;
    const dom = b.domains(choices, q);
    const alt = this.alternatives();
    const ranges = b.valueRanges(choices, q);
    const overall = this.list.length ? b.ranges(choices, q) : undefined;
    const out: Record<string, ValueInfo[]> = {};
    this.compiled.ir.features.forEach((feat, f) => {
      const chosen = choices[feat.id];
      const avail = new Set(chosen !== undefined ? alt[feat.id] : dom[feat.id]);
      const byValue = new Map((ranges[feat.id] ?? []).map((r) => [r.value, r.ranges]));
      out[feat.id] = feat.values.map((value, vi): ValueInfo => {
        if (!avail.has(value)) {
          // What the restrictions leave out themselves is known without a pass; every other
          // explanation is computed when asked (`explain`).
          const direct = mask ? restrictionsExcluding(this.compiled.ir, mask, f, vi) : [];
          return direct.length
            ? {
                value,
                available: false,
                explanation: { conflicting: [], rules: [], restrictions: direct },
              }
            : { value, available: false };
        }
        const r = chosen === value ? (overall ?? b.ranges(choices, q)) : byValue.get(value);
        return { value, available: true, ...(r ? { ranges: r } : {}) };
      });
    });
    return out;
  }

  ranges(): Ranges {
    return this.compiled.backend.ranges(this.choices(), this.q);
  }

  count(): bigint | null {
    return this.compiled.backend.count(this.choices(), this.q);
  }

  optimize(
    objective: Objective,
    opts?: Omit<OptimizeOptions, 'restrictions'>,
  ): Configuration | null {
    return this.compiled.backend.optimize(this.choices(), objective, { ...opts, ...this.q });
  }

  sample(n: number, seed: number): Configuration[] {
    return this.compiled.backend.sample(this.choices(), n, seed, this.q);
  }

  missingInput(): string[] {
    return missingCustomerInput(this.compiled, this.choices());
  }
}

export interface SessionOptions {
  /** Applied to every query; a value outside them cannot be chosen (not even "anyway"). */
  restrictions?: readonly Restriction[];
}

/** Starts a session; `initialChoices` (e.g. defaults or a preset) are applied in order, skipping any that conflict. */
export function createSession(
  compiled: CompiledModel,
  initialChoices?: Choices,
  options: SessionOptions = {},
): Session {
  const s = new ConfigSession(compiled, options.restrictions ?? []);
  for (const [f, v] of Object.entries(initialChoices ?? {})) s.select(f, v);
  return s;
}
