// A company's approved space on a product: checked against the published model when approved,
// turned into engine restrictions for the studio ("Not approved by <company>"), and enforced
// on every quote, design save, bid and order of the company's people.
//
// Policy: a product the company approved configurations for is open to its people only inside
// one of those configurations (the union of their spaces); a product without any approved
// configuration of the company is not restricted. Customers outside a company never are.
import {
  collectFeatures,
  evalExpr,
  resolveExpr,
  SamplingUnavailableError,
  valueIndex,
  type CompiledModel,
  type Explanation,
  type IR,
  type IRExpr,
  type Restriction,
  type Value,
} from '@customerize/engine';
import { compiledVersion } from '../catalog/catalog.ts';
import { publishedVersions } from '../catalog/catalog.store.ts';
import type { Db } from '../db/types.ts';
import { Conflict, HttpProblem, NotFound, ValidationFailed } from '../http/errors.ts';
import type { FieldError } from '../http/errors.ts';
import { getBusinessAccount, getCustomer } from '../users/users.store.ts';
import type { BusinessAccount, Customer } from '../users/users.ts';
import { listApprovedConfigurations, type ApprovedConfiguration } from './companies.store.ts';

export type SpaceInput = {
  kind: 'fixed' | 'space';
  allowed: Record<string, Value[]>;
  fixed: Record<string, Value>;
  rules: string[];
};

/** One approved configuration compiled on one model: its restriction and its company rules. */
export type CompiledSpace = {
  restriction: Restriction;
  /** Rules over several features: checked on complete designs (a single-feature rule is in
   * `restriction` already). */
  rules: Array<{ text: string; expr: IRExpr; features: number[] }>;
};

/** No design satisfies the approved space (with the engine's explanation). */
export class EmptyApprovedSpace extends HttpProblem {
  constructor(detail: string, errors: FieldError[], explanation: Explanation | null) {
    super(422, 'empty-approved-space', 'No design fits the approved space', detail, errors);
    this.extensions = { explanation };
  }
}

/** A design outside every approved configuration of the company (409, naming the features). */
export class OutsideApprovedSpace extends Conflict {
  /** `at` is where the design sits in the request body: '' or e.g. 'lines.2.' */
  constructor(company: string, outside: Array<{ feature: string; message: string }>, at = '') {
    super(
      `Not approved by ${company}: ${outside.map((o) => o.message).join('; ')}.`,
      outside.map((o) => ({ field: `${at}choices.${o.feature}`, message: o.message })),
    );
    this.extensions = { code: 'not-approved', features: outside.map((o) => o.feature) };
  }
}

export function notApprovedMessage(company: string): string {
  return `Not approved by ${company}`;
}

/**
 * Checks an approved configuration against a model and compiles it: unknown features or
 * values and bad rules are 400 naming the field; a space without any valid design is 422 with
 * the engine's explanation. Pure: the caller caches (see `compiledSpaceOf`).
 */
export function compileSpace(
  compiled: CompiledModel,
  input: SpaceInput,
  restriction: { id: string; company: string },
): CompiledSpace {
  const ir = compiled.ir;
  const errors: FieldError[] = [];
  const allowed: Record<string, Value[]> = {};
  const featureOf = (field: string, id: string) => {
    const f = ir.featureIndex.get(id);
    if (f === undefined) errors.push({ field, message: `the product has no feature '${id}'` });
    return f === undefined ? undefined : ir.features[f]!;
  };
  for (const [id, values] of Object.entries(input.allowed)) {
    const feat = featureOf(`allowed.${id}`, id);
    if (!feat) continue;
    if (id in input.fixed) {
      errors.push({ field: `allowed.${id}`, message: 'is fixed already; allow values or fix one' });
      continue;
    }
    if (values.length === 0)
      errors.push({ field: `allowed.${id}`, message: 'allow one value at least' });
    const canonical: Value[] = [];
    for (const v of values) {
      const i = valueIndex(feat, v);
      if (i < 0)
        errors.push({ field: `allowed.${id}`, message: `'${String(v)}' is not a value of ${id}` });
      else if (!canonical.includes(feat.values[i]!)) canonical.push(feat.values[i]!);
    }
    allowed[id] = canonical;
  }
  for (const [id, v] of Object.entries(input.fixed)) {
    const feat = featureOf(`fixed.${id}`, id);
    if (!feat) continue;
    const i = valueIndex(feat, v);
    if (i < 0)
      errors.push({ field: `fixed.${id}`, message: `'${String(v)}' is not a value of ${id}` });
    else allowed[id] = [feat.values[i]!];
  }
  if (input.kind === 'fixed') {
    for (const feat of ir.features) {
      if (!feat.customerInput && !(feat.id in input.fixed))
        errors.push({ field: `fixed.${feat.id}`, message: 'a fixed design fixes every feature' });
    }
    if (Object.keys(input.allowed).length > 0)
      errors.push({ field: 'allowed', message: 'a fixed design allows no ranges; use kind space' });
  }
  const rules: CompiledSpace['rules'] = [];
  input.rules.forEach((text, n) => {
    let expr: IRExpr;
    try {
      expr = resolveExpr(ir, text);
    } catch (e) {
      errors.push({ field: `rules.${n}`, message: e instanceof Error ? e.message : 'not a rule' });
      return;
    }
    const features = [...collectFeatures(expr, new Set<number>())];
    if (features.length === 1) {
      // A rule over one feature is a set of allowed values: exact as a restriction.
      const feat = ir.features[features[0]!]!;
      const asg = new Int32Array(ir.features.length).fill(-1);
      const ok = feat.values.filter((_, i) => {
        asg[features[0]!] = i;
        return evalExpr(expr, asg);
      });
      allowed[feat.id] = (allowed[feat.id] ?? ok).filter((v) => ok.includes(v));
    } else rules.push({ text, expr, features });
  });
  if (errors.length > 0) throw new ValidationFailed(errors);
  const space: CompiledSpace = {
    restriction: {
      id: restriction.id,
      label: restriction.company,
      message: notApprovedMessage(restriction.company),
      allowed,
    },
    rules,
  };
  assertNotEmpty(compiled, space, input);
  return space;
}

/** 422 when no valid design lies in the space, explained by the engine. */
function assertNotEmpty(compiled: CompiledModel, space: CompiledSpace, input: SpaceInput): void {
  const { backend, ir } = compiled;
  const opts = { restrictions: [space.restriction] };
  const domains = backend.domains({}, opts);
  const empty = ir.features.find((f) => !f.customerInput && (domains[f.id] ?? []).length === 0);
  if (empty) {
    // One restriction per feature, so the engine names which limits (and rules) collide.
    const perFeature = Object.entries(space.restriction.allowed).map(([id, values]) => ({
      id,
      message: `the limit on ${id}`,
      allowed: { [id]: values },
    }));
    const others = { restrictions: perFeature.filter((r) => r.id !== empty.id) };
    const value = space.restriction.allowed[empty.id]?.[0] ?? empty.values[0]!;
    const explanation = backend.explain({}, [], empty.id, value, others);
    const because = [
      ...(explanation?.rules ?? []).map((r) => r.message ?? `rule ${r.id}`),
      ...(explanation?.restrictions ?? []).map((r) => r.message ?? r.id),
      ...(explanation?.conflicting ?? []).map((c) => `${c.feature} = ${String(c.value)}`),
    ];
    // Name the limits that empty the space (the engine's restrictions), else the feature.
    const limits = (explanation?.restrictions ?? []).map((r) => r.id);
    const fieldOf = (id: string) => (id in input.fixed ? `fixed.${id}` : `allowed.${id}`);
    throw new EmptyApprovedSpace(
      `No design fits: ${empty.id} can take none of the values left${because.length ? ` (${because.join('; ')})` : ''}.`,
      (limits.length > 0 ? limits : [empty.id]).map((id) => ({
        field: fieldOf(id),
        message: `together with the model's rules, no valid design is left (${empty.id} has no value)`,
      })),
      explanation,
    );
  }
  if (space.rules.length === 0) return;
  // Rules over several features are not restrictions: a witness design proves the space is
  // not empty (sampled inside the restriction; a space whose witnesses are all refused is 422).
  let samples: Record<string, Value>[];
  try {
    samples = backend.sample({}, 64, 1, opts);
  } catch (e) {
    // A backend that cannot sample gives no witness: the rules are then checked on each design.
    if (e instanceof SamplingUnavailableError) return;
    throw e;
  }
  const fits = samples.some((c) => space.rules.every((r) => ruleHolds(ir, r, c)));
  if (!fits)
    throw new EmptyApprovedSpace(
      'No design found that satisfies the company rules inside the allowed values.',
      space.rules.map((r) => ({
        field: `rules.${input.rules.indexOf(r.text)}`,
        message: 'no design in the space satisfies it',
      })),
      null,
    );
}

function ruleHolds(
  ir: IR,
  rule: CompiledSpace['rules'][number],
  choices: Record<string, Value>,
): boolean {
  const asg = new Int32Array(ir.features.length).fill(-1);
  for (const f of rule.features) {
    const v = choices[ir.features[f]!.id];
    if (v === undefined) return true; // incomplete: the model's own validation refuses it
    asg[f] = valueIndex(ir.features[f]!, v);
    if (asg[f] < 0) return true; // not a value: the model's own validation refuses it
  }
  return evalExpr(rule.expr, asg);
}

const cache = new WeakMap<IR, Map<string, CompiledSpace>>();
const CACHE_PER_MODEL = 256;

/**
 * The compiled space of an approved configuration on a model, compiled once per (configuration,
 * configuration version) and model and kept (the most recent per model), as the engine keeps
 * the facts of a restriction set.
 */
export function compiledSpaceOf(
  compiled: CompiledModel,
  config: ApprovedConfiguration,
  company: string,
): CompiledSpace {
  let byConfig = cache.get(compiled.ir);
  if (!byConfig) cache.set(compiled.ir, (byConfig = new Map()));
  const key = `${config.id}@${config.version}/${company}`;
  const hit = byConfig.get(key);
  if (hit) {
    byConfig.delete(key);
    byConfig.set(key, hit);
    return hit;
  }
  const id = `approved:${config.id}`;
  let space: CompiledSpace;
  try {
    space = compileSpace(compiled, config, { id, company });
  } catch (e) {
    if (!(e instanceof HttpProblem)) throw e;
    // Approved on an earlier model and no longer fitting this one: nothing of it is approved
    // until the company approves it again.
    const first = compiled.ir.features.find((f) => !f.customerInput) ?? compiled.ir.features[0]!;
    space = {
      restriction: {
        id,
        label: company,
        message: notApprovedMessage(company),
        allowed: { [first.id]: [] },
      },
      rules: [],
    };
  }
  if (byConfig.size >= CACHE_PER_MODEL) byConfig.delete(byConfig.keys().next().value!);
  byConfig.set(key, space);
  return space;
}

/** Which features of `choices` lie outside the space (empty: inside). */
export function outsideOf(
  compiled: CompiledModel,
  space: CompiledSpace,
  choices: Record<string, Value>,
): Array<{ feature: string; message: string }> {
  const ir = compiled.ir;
  const out: Array<{ feature: string; message: string }> = [];
  for (const [id, values] of Object.entries(space.restriction.allowed)) {
    const v = choices[id];
    if (v === undefined) continue;
    const feat = ir.features[ir.featureIndex.get(id)!]!;
    const i = valueIndex(feat, v);
    if (!values.some((x) => valueIndex(feat, x) === i))
      out.push({
        feature: id,
        message: `${id} = ${String(v)} is not approved (approved: ${values.map(String).join(', ')})`,
      });
  }
  for (const rule of space.rules) {
    if (!ruleHolds(ir, rule, choices))
      out.push({
        feature: ir.features[rule.features[0]!]!.id,
        message: `the company rule "${rule.text}" does not hold`,
      });
  }
  return out;
}

type Member = { company: BusinessAccount; configs: ApprovedConfiguration[] } | null;

async function memberOf(
  db: Db,
  tenantId: string,
  customer: string | Pick<Customer, 'id' | 'businessAccountId'> | null,
  productId: string,
): Promise<Member> {
  if (customer === null) return null;
  const row = typeof customer === 'string' ? await getCustomer(db, tenantId, customer) : customer;
  if (!row?.businessAccountId) return null;
  const company = await getBusinessAccount(db, tenantId, row.businessAccountId);
  if (!company) return null;
  const configs = await listApprovedConfigurations(db, tenantId, company.id, productId);
  return configs.length > 0 ? { company, configs } : null;
}

async function publishedModel(db: Db, tenantId: string, productId: string) {
  const [version] = await publishedVersions(db, tenantId, [productId]);
  return version ? compiledVersion(db, tenantId, version.id) : null;
}

/**
 * The engine restrictions a customer works under on a product: none outside a company or for a
 * product the company approved nothing of; the space of `approvedConfigurationId` when given
 * (404 when it is not one of the company's on this product); else the one approved
 * configuration, or for several the union of their values per feature (a studio view that
 * may be wider than one configuration — the server still checks each design exactly).
 */
export async function approvedRestrictionsFor(
  db: Db,
  tenantId: string,
  customer: string | Pick<Customer, 'id' | 'businessAccountId'> | null,
  productId: string,
  opts: { compiled?: CompiledModel; approvedConfigurationId?: string } = {},
): Promise<Restriction[]> {
  const member = await memberOf(db, tenantId, customer, productId);
  if (!member) {
    if (opts.approvedConfigurationId)
      throw new NotFound('approved configuration', opts.approvedConfigurationId);
    return [];
  }
  const compiled = opts.compiled ?? (await publishedModel(db, tenantId, productId));
  if (!compiled) return [];
  const name = member.company.name;
  if (opts.approvedConfigurationId) {
    const config = member.configs.find((c) => c.id === opts.approvedConfigurationId);
    if (!config) throw new NotFound('approved configuration', opts.approvedConfigurationId);
    return [compiledSpaceOf(compiled, config, name).restriction];
  }
  const spaces = member.configs.map((c) => compiledSpaceOf(compiled, c, name).restriction);
  if (spaces.length === 1) return spaces;
  const allowed: Record<string, Value[]> = {};
  for (const id of Object.keys(spaces[0]!.allowed)) {
    if (!spaces.every((s) => id in s.allowed)) continue;
    allowed[id] = [...new Set(spaces.flatMap((s) => s.allowed[id]!))];
  }
  return [
    {
      id: `approved:${member.company.id}`,
      label: name,
      message: notApprovedMessage(name),
      allowed,
    },
  ];
}

/**
 * What of a company member's design lies outside every configuration the company approved on
 * the product: null when the design is inside one (or the customer is under no approval),
 * else the company's name and the features of the closest configuration.
 */
export async function approvedSpaceOutside(
  db: Db,
  tenantId: string,
  customer: string | Pick<Customer, 'id' | 'businessAccountId'> | null,
  productId: string,
  compiled: CompiledModel,
  choices: Record<string, Value>,
): Promise<{ company: string; outside: Array<{ feature: string; message: string }> } | null> {
  const member = await memberOf(db, tenantId, customer, productId);
  if (!member) return null;
  const name = member.company.name;
  let closest: Array<{ feature: string; message: string }> | null = null;
  for (const config of member.configs) {
    const outside = outsideOf(compiled, compiledSpaceOf(compiled, config, name), choices);
    if (outside.length === 0) return null;
    if (!closest || outside.length < closest.length) closest = outside;
  }
  return { company: name, outside: closest! };
}

/**
 * Refuses (409, naming the features) a design of a company member that lies outside every
 * configuration the company approved on the product. `compiled` is the model the design is
 * made on; `choices` its choices (complete or partial: a feature not chosen is not checked).
 */
export async function assertInApprovedSpace(
  db: Db,
  tenantId: string,
  customer: string | Pick<Customer, 'id' | 'businessAccountId'> | null,
  productId: string,
  compiled: CompiledModel,
  choices: Record<string, Value>,
  /** Where the design sits in the request body, for the field names ('' or 'lines.2.'). */
  at = '',
): Promise<void> {
  const found = await approvedSpaceOutside(db, tenantId, customer, productId, compiled, choices);
  if (found) throw new OutsideApprovedSpace(found.company, found.outside, at);
}

/** The same check for every line of a multi-line quote or order (lines are named `lines.<i>.`). */
export async function assertLinesInApprovedSpace(
  db: Db,
  tenantId: string,
  customer: string | Pick<Customer, 'id' | 'businessAccountId'> | null,
  lines: ReadonlyArray<{
    productId: string;
    compiled: CompiledModel;
    choices: Record<string, Value>;
  }>,
): Promise<void> {
  for (const [i, l] of lines.entries())
    await assertInApprovedSpace(
      db,
      tenantId,
      customer,
      l.productId,
      l.compiled,
      l.choices,
      `lines.${i}.`,
    );
}

/**
 * The approved spaces a customer works under on a product (null: none), for checks of many
 * complete designs at once (recommendations): a design is approved when it lies outside none
 * of the features of at least one space (`outsideOf` is empty).
 */
export async function approvedSpacesFor(
  db: Db,
  tenantId: string,
  customer: string | null,
  productId: string,
  compiled: CompiledModel,
): Promise<CompiledSpace[] | null> {
  const member = await memberOf(db, tenantId, customer, productId);
  if (!member) return null;
  return member.configs.map((c) => compiledSpaceOf(compiled, c, member.company.name));
}
