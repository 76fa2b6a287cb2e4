// Price, cost, lead time, bill of materials and routing of one configuration, and validation
// of free personalization fields. Money is integer minor units in the model's currency.
import type { CompiledModel, Configuration } from './api.ts';
import type { BomLine, OptionProps, PersonalizationField, Value, WorkLine } from './model/types.ts';
import { evalExpr, resolveExpr, valueIndex, type IR } from './compile/ir.ts';
import { UnknownChoiceError } from './errors.ts';
import { MAX_PATTERN_INPUT, patternSafety } from './model/safe-regex.ts';
import { formatIntValue } from './model/display.ts';

export interface PriceLine {
  kind: 'base' | 'option' | 'personalization';
  /** Feature id (options) or personalization field id. */
  feature?: string;
  value?: Value;
  label: string;
  /** Minor units. */
  amount: number;
}

export interface Quote {
  currency: string;
  lines: PriceLine[];
  /** Sum of the lines, minor units. */
  total: number;
  cost: number;
  leadTimeDays: number;
  /** Every other property, aggregated as declared (sum or max). */
  props: Record<string, number>;
  /** Bill of materials: lines merged by sku and unit. */
  bom: BomLine[];
  /** Work lines in configuration order; lines marked `final` come last. */
  routing: WorkLine[];
}

export interface PersonalizationIssue {
  field: string;
  message: string;
}

/** The option properties a configuration selects, per feature, with a display label. */
function selectedProps(compiled: CompiledModel, config: Configuration) {
  const out: Array<{ feature: string; value: Value; label: string; props: OptionProps }> = [];
  const ir = compiled.ir;
  for (const f of compiled.model.features) {
    const raw = config[f.id];
    if (raw === undefined) continue;
    const fi = ir.featureIndex.get(f.id)!;
    const vi = valueIndex(ir.features[fi]!, raw);
    if (vi < 0) throw new UnknownChoiceError(f.id, raw);
    const value = ir.features[fi]!.values[vi]!;
    const name = f.label ?? f.id;
    if (f.type === 'enum') {
      const o = f.options[vi]!;
      out.push({ feature: f.id, value, label: `${name}: ${o.label ?? o.id}`, props: o });
    } else if (f.type === 'bool') {
      const p = value ? f.whenTrue : f.whenFalse;
      if (p)
        out.push({
          feature: f.id,
          value,
          label: p.label ?? `${name}: ${value ? 'yes' : 'no'}`,
          props: p,
        });
    } else {
      const props: OptionProps = { props: {} };
      for (const [k, lin] of Object.entries(f.linear ?? {})) {
        const x = (lin.offset ?? 0) + lin.perUnit * ((value as number) - f.min);
        if (k === 'price' || k === 'cost' || k === 'leadTimeDays') props[k] = x;
        else props.props![k] = x;
      }
      out.push({
        feature: f.id,
        value,
        label: `${name}: ${formatIntValue(f, value as number)}`,
        props,
      });
    }
  }
  return out;
}

/** Assignment of value indices by feature (-1 when missing), for `when` conditions. */
function assignment(ir: IR, config: Configuration): Int32Array {
  const asg = new Int32Array(ir.features.length).fill(-1);
  ir.features.forEach((f, i) => {
    if (config[f.id] !== undefined) asg[i] = valueIndex(f, config[f.id]);
  });
  return asg;
}

/** Whether a personalization field is offered for this configuration. */
export function fieldOffered(
  compiled: CompiledModel,
  field: PersonalizationField,
  config: Configuration,
): boolean {
  if (!field.when) return true;
  const asg = assignment(compiled.ir, config);
  const e = resolveExpr(compiled.ir, field.when);
  return evalExpr(e, asg);
}

/** Price, cost, lead time, BOM and routing of a (complete or partial) configuration. */
export function priceOf(
  compiled: CompiledModel,
  config: Configuration,
  personalization: Record<string, string> = {},
): Quote {
  const model = compiled.model;
  const lines: PriceLine[] = [];
  const base = model.base ?? {};
  lines.push({ kind: 'base', label: model.name, amount: base.price ?? 0 });
  const selected = selectedProps(compiled, config);
  for (const s of selected)
    if (s.props.price)
      lines.push({
        kind: 'option',
        feature: s.feature,
        value: s.value,
        label: s.label,
        amount: s.props.price,
      });
  for (const field of model.personalization ?? []) {
    const text = personalization[field.id];
    if (text && field.price && fieldOffered(compiled, field, config))
      lines.push({
        kind: 'personalization',
        feature: field.id,
        label: field.label ?? field.id,
        amount: field.price,
      });
  }
  const all = [base, ...selected.map((s) => s.props)];
  const agg = (name: string): number => {
    const prop = compiled.ir.properties.find((p) => p.name === name);
    const vals = all.map((p) =>
      name === 'price' || name === 'cost' || name === 'leadTimeDays'
        ? (p[name] ?? 0)
        : (p.props?.[name] ?? 0),
    );
    return prop?.aggregate === 'max' ? Math.max(0, ...vals) : vals.reduce((a, b) => a + b, 0);
  };
  const props: Record<string, number> = {};
  for (const p of compiled.ir.properties)
    if (!['price', 'cost', 'leadTimeDays'].includes(p.name)) props[p.name] = agg(p.name);
  const bomMap = new Map<string, BomLine>();
  for (const p of all)
    for (const b of p.bom ?? []) {
      const key = `${b.sku}\u0000${b.unit ?? ''}`;
      const cur = bomMap.get(key);
      if (cur) cur.qty += b.qty;
      else bomMap.set(key, { ...b });
    }
  const work = all.flatMap((p) => p.work ?? []);
  const routing = [...work.filter((w) => !w.final), ...work.filter((w) => w.final)].map((w) => ({
    ...w,
  }));
  return {
    currency: model.currency,
    lines,
    total: lines.reduce((a, l) => a + l.amount, 0),
    cost: agg('cost'),
    leadTimeDays: agg('leadTimeDays'),
    props,
    bom: [...bomMap.values()],
    routing,
  };
}

/** Checks personalization texts: required, length, pattern, unknown fields, fields not offered. */
export function validatePersonalization(
  compiled: CompiledModel,
  values: Record<string, string>,
  config: Configuration = {},
): PersonalizationIssue[] {
  const issues: PersonalizationIssue[] = [];
  const fields = compiled.model.personalization ?? [];
  for (const k of Object.keys(values))
    if (!fields.some((f) => f.id === k))
      issues.push({ field: k, message: `unknown personalization field '${k}'` });
  for (const f of fields) {
    const text = values[f.id];
    const offered = fieldOffered(compiled, f, config);
    if (text === undefined || text === '') {
      if (f.required && offered)
        issues.push({ field: f.id, message: `${f.label ?? f.id} is required` });
      continue;
    }
    if (!offered) {
      issues.push({
        field: f.id,
        message: `${f.label ?? f.id} is not offered for this configuration`,
      });
      continue;
    }
    const len = [...text].length;
    if (len > f.maxLength)
      issues.push({
        field: f.id,
        message: `${f.label ?? f.id} is longer than ${f.maxLength} characters`,
      });
    if (f.minLength !== undefined && len < f.minLength)
      issues.push({
        field: f.id,
        message: `${f.label ?? f.id} needs at least ${f.minLength} characters`,
      });
    // A pattern runs only on bounded text (the checker keeps maxLength ≤ MAX_PATTERN_INPUT), and
    // only when it is safe (models compiled before the safety check may still carry an unsafe
    // one: it never runs).
    if (f.pattern && len <= MAX_PATTERN_INPUT) {
      if (patternSafety(f.pattern) !== null)
        issues.push({
          field: f.id,
          message: `${f.label ?? f.id} cannot be checked: the model's pattern for it is refused as unsafe`,
        });
      else if (!new RegExp(`^(?:${f.pattern})$`, 'u').test(text))
        issues.push({
          field: f.id,
          message: `${f.label ?? f.id} contains characters that are not allowed`,
        });
    }
  }
  return issues;
}
