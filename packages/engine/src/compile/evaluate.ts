// Backend-independent helpers over the IR: turning named choices into value indices, and
// validating a complete configuration by evaluating every rule (the reference semantics).
import type { Choices, Configuration, ValidationResult, Violation } from '../api.ts';
import { UnknownChoiceError } from '../errors.ts';
import { evalExpr, valueIndex, type IR } from './ir.ts';

/** `out[feature] = value index` for chosen features, -1 otherwise. Throws on unknown names. */
export function choiceIndices(ir: IR, choices: Choices): Int32Array {
  const out = new Int32Array(ir.features.length).fill(-1);
  for (const [k, v] of Object.entries(choices)) {
    const f = ir.featureIndex.get(k);
    if (f === undefined) throw new UnknownChoiceError(k);
    const i = valueIndex(ir.features[f]!, v);
    if (i < 0) throw new UnknownChoiceError(k, v);
    out[f] = i;
  }
  return out;
}

/** Names a complete assignment of value indices. */
export function toConfiguration(ir: IR, asg: ArrayLike<number>): Configuration {
  const out: Configuration = {};
  ir.features.forEach((f, i) => (out[f.id] = f.values[asg[i]!]!));
  return out;
}

/** Checks every feature has a value of its domain and every rule holds. */
export function validateConfiguration(ir: IR, config: Configuration): ValidationResult {
  const violations: Violation[] = [];
  const asg = new Int32Array(ir.features.length).fill(-1);
  for (const k of Object.keys(config)) {
    if (!ir.featureIndex.has(k))
      violations.push({ rule: `feature:${k}`, message: `unknown feature '${k}'` });
  }
  ir.features.forEach((f, i) => {
    const raw = config[f.id];
    if (raw === undefined) {
      violations.push({ rule: `feature:${f.id}`, message: `'${f.id}' has no value` });
      return;
    }
    const v = valueIndex(f, raw);
    if (v < 0)
      violations.push({
        rule: `feature:${f.id}`,
        message: `'${String(raw)}' is not a value of '${f.id}'`,
      });
    asg[i] = v;
  });
  if (violations.length) return { valid: false, violations };
  for (const r of ir.rules) {
    if (!evalExpr(r.expr, asg))
      violations.push({
        rule: r.id,
        message: r.message ?? `rule '${r.id}' is violated: ${r.text}`,
      });
  }
  return { valid: violations.length === 0, violations };
}

/** Ids of the features the customer enters themselves (`customerInput`), in model order. */
export function customerInputFeatures(ir: IR): string[] {
  return ir.features.filter((f) => f.customerInput).map((f) => f.id);
}

/**
 * Customer-input features without a value in `choices`, in model order: what only the customer
 * can still give (a measurement, a prescription). A design is not complete and cannot be
 * ordered while any is missing.
 */
export function missingCustomerInput(compiled: { ir: IR } | IR, choices: Choices): string[] {
  const ir = 'ir' in compiled ? compiled.ir : compiled;
  return customerInputFeatures(ir).filter((id) => choices[id] === undefined);
}

/**
 * A completion the engine found (optimum, sample), with every customer-input feature the
 * customer has not given removed again: the engine picks options, never a personal measurement.
 */
export function leaveInputOpen(ir: IR, choices: Choices, config: Configuration): Configuration {
  if (!ir.features.some((f) => f.customerInput)) return config;
  const out: Configuration = {};
  for (const f of ir.features) {
    const v = config[f.id];
    if (v === undefined || (f.customerInput && choices[f.id] === undefined)) continue;
    out[f.id] = v;
  }
  return out;
}
