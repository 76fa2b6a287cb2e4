// Checks a product model read from YAML/JSON: structure first (types, required fields,
// duplicate ids, integer money), then names and expressions (through the IR builder, which
// reports unknown features/values and expression errors with a column). Every issue carries a
// JSON path (`rules[3].expr`) that a caller holding the source text maps to a line and column.
import type { ProductModel } from './types.ts';
import type { CompiledModel } from '../api.ts';
import { buildIR, ModelError, type ModelIssue } from '../compile/ir.ts';
import { MAX_PATTERN_INPUT, MAX_PATTERN_LENGTH, unsafePatternReason } from './safe-regex.ts';

export type { ModelIssue } from '../compile/ir.ts';

type Obj = Record<string, unknown>;

const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
/** Ids are used in expressions and files: no whitespace and none of the expression punctuation. */
const ID = /^[^\s,{}()=!<>'"*|&+]+$/;
const MAX_DOMAIN = 100_000;

class Checker {
  issues: ModelIssue[] = [];
  error(path: string, message: string) {
    this.issues.push({ severity: 'error', path, message });
  }
  warn(path: string, message: string) {
    this.issues.push({ severity: 'warning', path, message });
  }
  str(o: Obj, key: string, path: string, required: boolean): string | undefined {
    const v = o[key];
    if (v === undefined) {
      if (required) this.error(join(path, key), `'${key}' is required`);
      return undefined;
    }
    if (typeof v !== 'string') {
      this.error(join(path, key), `'${key}' must be a string`);
      return undefined;
    }
    return v;
  }
  id(o: Obj, path: string, seen: Set<string>, what: string): string | undefined {
    const id = this.str(o, 'id', path, true);
    if (id === undefined) return undefined;
    if (!ID.test(id))
      this.error(
        join(path, 'id'),
        `${what} id '${id}' must not contain spaces or any of , { } ( ) = ! < > ' " * | & +`,
      );
    if (seen.has(id)) this.error(join(path, 'id'), `duplicate ${what} id '${id}'`);
    seen.add(id);
    return id;
  }
  int(
    o: Obj,
    key: string,
    path: string,
    opts: { required?: boolean; min?: number } = {},
  ): number | undefined {
    const v = o[key];
    if (v === undefined) {
      if (opts.required) this.error(join(path, key), `'${key}' is required`);
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      this.error(
        join(path, key),
        `'${key}' must be an integer${key === 'price' || key === 'cost' ? ' (money is in minor units, e.g. cents)' : ''}`,
      );
      return undefined;
    }
    if (opts.min !== undefined && v < opts.min)
      this.error(join(path, key), `'${key}' must be at least ${opts.min}`);
    return v;
  }
  num(o: Obj, key: string, path: string) {
    const v = o[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v)))
      this.error(join(path, key), `'${key}' must be a number`);
  }
  arr(o: Obj, key: string, path: string, required = false): unknown[] | undefined {
    const v = o[key];
    if (v === undefined) {
      if (required) this.error(join(path, key), `'${key}' is required`);
      return undefined;
    }
    if (!Array.isArray(v)) {
      this.error(join(path, key), `'${key}' must be a list`);
      return undefined;
    }
    return v;
  }

  /** An int feature's display scale: `step` > 0, optional `unit`, `decimals` 0..6, `signed`. */
  display(d: unknown, path: string) {
    if (!isObj(d))
      return this.error(path, "'display' must be a map with step, unit, decimals and signed");
    for (const k of Object.keys(d))
      if (!['step', 'unit', 'decimals', 'signed'].includes(k))
        this.error(join(path, k), `unknown display setting '${k}' (step, unit, decimals, signed)`);
    if (d.step === undefined) this.error(join(path, 'step'), "'step' is required");
    else if (typeof d.step !== 'number' || !Number.isFinite(d.step) || !(d.step > 0))
      this.error(join(path, 'step'), "'step' must be a number greater than 0, e.g. 0.25");
    this.str(d, 'unit', path, false);
    const decimals = d.decimals;
    if (
      decimals !== undefined &&
      (typeof decimals !== 'number' || !Number.isInteger(decimals) || decimals < 0 || decimals > 6)
    )
      this.error(join(path, 'decimals'), "'decimals' must be a whole number from 0 to 6");
    if (d.signed !== undefined && typeof d.signed !== 'boolean')
      this.error(join(path, 'signed'), "'signed' must be true or false");
  }

  props(o: Obj, path: string) {
    this.int(o, 'price', path);
    this.int(o, 'cost', path);
    this.int(o, 'leadTimeDays', path, { min: 0 });
    if (o.props !== undefined) {
      if (!isObj(o.props))
        this.error(join(path, 'props'), "'props' must be a map of property name to number");
      else for (const k of Object.keys(o.props)) this.num(o.props, k, join(path, 'props'));
    }
    this.arr(o, 'bom', path)?.forEach((b, i) => {
      const p = `${path}.bom[${i}]`;
      if (!isObj(b)) return this.error(p, 'a BOM line must be a map with sku and qty');
      this.str(b, 'sku', p, true);
      if (typeof b.qty !== 'number' || !(b.qty > 0))
        this.error(`${p}.qty`, "'qty' must be a positive number");
    });
    this.arr(o, 'work', path)?.forEach((w, i) => {
      const p = `${path}.work[${i}]`;
      if (!isObj(w)) return this.error(p, 'a work line must be a map with center and hours');
      this.str(w, 'center', p, true);
      if (typeof w.hours !== 'number' || !(w.hours >= 0))
        this.error(`${p}.hours`, "'hours' must be a non-negative number");
    });
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Every problem in a model (errors and warnings). An empty list means the model compiles. */
export function checkModel(model: unknown): ModelIssue[] {
  const c = new Checker();
  if (!isObj(model)) {
    c.error('', 'a product model must be a map (YAML mapping or JSON object)');
    return c.issues;
  }
  c.str(model, 'id', '', true);
  c.str(model, 'name', '', true);
  const currency = c.str(model, 'currency', '', true);
  if (currency !== undefined && !/^[A-Z]{3}$/.test(currency))
    c.error('currency', "'currency' must be an ISO 4217 code such as EUR");
  if (model.base !== undefined) {
    if (!isObj(model.base)) c.error('base', "'base' must be a map");
    else c.props(model.base, 'base');
  }
  if (model.backend !== undefined && !['auto', 'bdd', 'sat'].includes(model.backend as string))
    c.error('backend', "'backend' must be auto, bdd or sat");
  c.arr(model, 'properties', '')?.forEach((p, i) => {
    const path = `properties[${i}]`;
    if (!isObj(p)) return c.error(path, 'a property must be a map');
    c.str(p, 'name', path, true);
    if (p.aggregate !== undefined && p.aggregate !== 'sum' && p.aggregate !== 'max')
      c.error(`${path}.aggregate`, "'aggregate' must be sum or max");
  });

  const groupIds = new Set<string>();
  c.arr(model, 'groups', '')?.forEach((g, i) => {
    const path = `groups[${i}]`;
    if (!isObj(g)) return c.error(path, 'a group must be a map');
    c.id(g, path, groupIds, 'group');
    c.str(g, 'label', path, true);
  });

  const featureIds = new Set<string>();
  let featuresOk = true;
  const features = c.arr(model, 'features', '', true) ?? [];
  const before = c.issues.length;
  features.forEach((f, i) => {
    const path = `features[${i}]`;
    if (!isObj(f)) return c.error(path, 'a feature must be a map');
    c.id(f, path, featureIds, 'feature');
    if (f.group !== undefined && typeof f.group === 'string' && !groupIds.has(f.group))
      c.error(`${path}.group`, `unknown group '${f.group}'`);
    if (f.customerInput !== undefined && typeof f.customerInput !== 'boolean')
      c.error(`${path}.customerInput`, "'customerInput' must be true or false");
    if (f.type === 'enum') {
      const opts = c.arr(f, 'options', path, true);
      if (opts && opts.length === 0)
        c.error(`${path}.options`, 'an option feature needs at least one option');
      const seen = new Set<string>();
      opts?.forEach((o, j) => {
        const p = `${path}.options[${j}]`;
        if (!isObj(o)) return c.error(p, 'an option must be a map with an id');
        c.id(o, p, seen, 'option');
        c.props(o, p);
      });
    } else if (f.type === 'bool') {
      for (const k of ['whenTrue', 'whenFalse']) {
        if (f[k] === undefined) continue;
        if (!isObj(f[k])) c.error(`${path}.${k}`, `'${k}' must be a map`);
        else c.props(f[k], `${path}.${k}`);
      }
    } else if (f.type === 'int') {
      const min = c.int(f, 'min', path, { required: true });
      const max = c.int(f, 'max', path, { required: true });
      const step = c.int(f, 'step', path, { min: 1 }) ?? 1;
      if (min !== undefined && max !== undefined) {
        if (min > max) c.error(`${path}.max`, `'max' (${max}) is below 'min' (${min})`);
        else if ((max - min) / step + 1 > MAX_DOMAIN)
          c.error(path, `more than ${MAX_DOMAIN} values; use a larger step`);
      }
      if (f.display !== undefined) c.display(f.display, `${path}.display`);
      if (f.linear !== undefined) {
        if (!isObj(f.linear))
          c.error(`${path}.linear`, "'linear' must be a map of property to {perUnit, offset}");
        else
          for (const [k, v] of Object.entries(f.linear)) {
            if (!isObj(v) || typeof v.perUnit !== 'number' || !Number.isFinite(v.perUnit)) {
              c.error(`${path}.linear.${k}`, "needs a numeric 'perUnit'");
              continue;
            }
            if (
              v.offset !== undefined &&
              (typeof v.offset !== 'number' || !Number.isFinite(v.offset))
            )
              c.error(`${path}.linear.${k}.offset`, "'offset' must be a number");
            // Money is whole minor units: a fractional price per unit makes fractional totals.
            if (k === 'price' || k === 'cost')
              for (const key of ['perUnit', 'offset'] as const)
                if (typeof v[key] === 'number' && !Number.isInteger(v[key]))
                  c.error(
                    `${path}.linear.${k}.${key}`,
                    `'${key}' of ${k} must be an integer (money is in minor units, e.g. cents): ${String(v[key])}`,
                  );
          }
      }
    } else c.error(`${path}.type`, "'type' must be enum, bool or int");
  });
  if (c.issues.length > before) featuresOk = false;

  const ruleIds = new Set<string>();
  let rulesOk = true;
  const beforeRules = c.issues.length;
  c.arr(model, 'rules', '')?.forEach((r, i) => {
    const path = `rules[${i}]`;
    if (!isObj(r))
      return c.error(path, 'a rule must be a map with an id and expr, table or clause');
    c.id(r, path, ruleIds, 'rule');
    const kinds = ['expr', 'table', 'clause'].filter((k) => r[k] !== undefined);
    if (kinds.length !== 1)
      return c.error(path, 'a rule needs exactly one of expr, table or clause');
    if (r.expr !== undefined && typeof r.expr !== 'string')
      c.error(`${path}.expr`, "'expr' must be a string");
    if (
      r.clause !== undefined &&
      (!Array.isArray(r.clause) || r.clause.some((x) => typeof x !== 'string'))
    )
      c.error(`${path}.clause`, "'clause' must be a list of literals such as f or !f");
    if (r.table !== undefined) {
      const t = r.table;
      if (!isObj(t))
        return c.error(`${path}.table`, "'table' must be a map with features and rows");
      const fs = c.arr(t, 'features', `${path}.table`, true);
      if (fs?.some((x) => typeof x !== 'string'))
        c.error(`${path}.table.features`, 'features must be feature ids');
      if (fs && new Set(fs).size !== fs.length)
        c.error(`${path}.table.features`, 'a feature appears twice');
      if (t.mode !== undefined && t.mode !== 'allow' && t.mode !== 'forbid')
        c.error(`${path}.table.mode`, "'mode' must be allow or forbid");
      c.arr(t, 'rows', `${path}.table`, true);
    }
  });
  if (c.issues.length > beforeRules) rulesOk = false;

  const fieldIds = new Set<string>();
  c.arr(model, 'personalization', '')?.forEach((p, i) => {
    const path = `personalization[${i}]`;
    if (!isObj(p)) return c.error(path, 'a personalization field must be a map');
    c.id(p, path, fieldIds, 'personalization field');
    if (p.kind !== 'text') c.error(`${path}.kind`, "'kind' must be text");
    const max = c.int(p, 'maxLength', path, { required: true, min: 1 });
    const min = c.int(p, 'minLength', path, { min: 0 });
    if (min !== undefined && max !== undefined && min > max)
      c.error(`${path}.minLength`, "'minLength' exceeds 'maxLength'");
    c.int(p, 'price', path);
    if (max !== undefined && max > MAX_PATTERN_INPUT)
      c.error(`${path}.maxLength`, `'maxLength' must be at most ${MAX_PATTERN_INPUT}`);
    const pattern = c.str(p, 'pattern', path, false);
    if (pattern !== undefined) {
      let valid = true;
      try {
        new RegExp(pattern, 'u');
      } catch (err) {
        valid = false;
        c.error(`${path}.pattern`, `invalid regular expression: ${(err as Error).message}`);
      }
      // Safe by construction: no pattern that can backtrack exponentially is ever run.
      const unsafe =
        valid || pattern.length > MAX_PATTERN_LENGTH ? unsafePatternReason(pattern) : null;
      if (unsafe) c.error(`${path}.pattern`, `the pattern ${unsafe}`);
    }
    if (p.when !== undefined && typeof p.when !== 'string')
      c.error(`${path}.when`, "'when' must be a rule expression");
  });

  if (model.defaults !== undefined && !isObj(model.defaults))
    c.error('defaults', "'defaults' must be a map of feature to value");
  const presetIds = new Set<string>();
  c.arr(model, 'presets', '')?.forEach((p, i) => {
    const path = `presets[${i}]`;
    if (!isObj(p)) return c.error(path, 'a preset must be a map');
    c.id(p, path, presetIds, 'preset');
    c.str(p, 'label', path, true);
    if (!isObj(p.choices))
      c.error(`${path}.choices`, "'choices' must be a map of feature to value");
  });
  if (Array.isArray(model.groups))
    model.groups.forEach((g, i) => {
      if (isObj(g) && Array.isArray(g.features))
        g.features.forEach((fid, j) => {
          if (typeof fid !== 'string' || !featureIds.has(fid))
            c.error(`groups[${i}].features[${j}]`, `unknown feature '${String(fid)}'`);
        });
    });
  const needIds = new Set<string>();
  c.arr(model, 'needs', '')?.forEach((q, i) => {
    const path = `needs[${i}]`;
    if (!isObj(q)) return c.error(path, 'a need question must be a map');
    c.id(q, path, needIds, 'need');
    c.str(q, 'question', path, true);
    const answerIds = new Set<string>();
    c.arr(q, 'answers', path, true)?.forEach((a, j) => {
      const p = `${path}.answers[${j}]`;
      if (!isObj(a)) return c.error(p, 'an answer must be a map');
      c.id(a, p, answerIds, 'answer');
      c.str(a, 'label', p, true);
      const req = c.arr(a, 'require', p);
      if (req?.some((x) => typeof x !== 'string'))
        c.error(`${p}.require`, 'require must be a list of rule expressions');
      if (a.prefer !== undefined) {
        if (!isObj(a.prefer)) c.error(`${p}.prefer`, "'prefer' must be a map of key to weight");
        else
          for (const [k, w] of Object.entries(a.prefer)) {
            if (typeof w !== 'number') c.error(`${p}.prefer.${k}`, 'a weight must be a number');
            const eq = k.indexOf('=');
            if (eq >= 0 && !featureIds.has(k.slice(0, eq)))
              c.error(`${p}.prefer.${k}`, `unknown feature '${k.slice(0, eq)}'`);
          }
      }
    });
  });

  if (
    featuresOk &&
    rulesOk &&
    c.issues.every((i) => i.severity !== 'error' || !i.path.startsWith('features'))
  ) {
    const { issues } = buildIR(model as unknown as ProductModel);
    c.issues.push(...issues);
  }
  return c.issues;
}

/**
 * The satisfiability proof of a compiled model as issues: when no product satisfies every rule,
 * one error per rule of the minimal conflicting set (path `rules[i]`, naming the others); when
 * the SAT backend could not decide it within its budget, one warning.
 */
export function productIssues(compiled: CompiledModel): ModelIssue[] {
  const { conflict, undecided } = compiled.stats;
  if (conflict) {
    const rules = compiled.model.rules ?? [];
    const names = conflict.map((id) => `'${id}'`).join(', ');
    if (conflict.length === 0)
      return [
        {
          severity: 'error',
          path: 'features',
          message: 'no valid product: a feature has no value',
        },
      ];
    return conflict.map((id) => ({
      severity: 'error' as const,
      path: `rules[${rules.findIndex((r) => r.id === id)}]`,
      message: `no valid product: rules ${names} cannot all hold (a minimal conflicting set: without any one of them a product exists)`,
    }));
  }
  if (undecided)
    return [
      {
        severity: 'warning',
        path: '',
        message: 'could not prove within the solver budget that any product satisfies every rule',
      },
    ];
  return [];
}

/** Returns the model typed, or throws `ModelError` listing every error. */
export function parseModel(input: unknown): ProductModel {
  const issues = checkModel(input);
  if (issues.some((i) => i.severity === 'error')) throw new ModelError(issues);
  return input as ProductModel;
}

/** Parses JSON text and checks it (YAML is parsed by callers; the engine has no YAML dependency). */
export function parseModelJson(text: string): ProductModel {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ModelError([
      { severity: 'error', path: '', message: `invalid JSON: ${(err as Error).message}` },
    ]);
  }
  return parseModel(data);
}
