// The product model: the format firms write (YAML or JSON). This file is the contract between
// the engine, the server, the web app and the importers. The JSON Schema in
// `packages/engine/schema/product-model.schema.json` describes the same shape for editors.

/** A value of a feature: an option id (enum), a boolean (bool) or an integer (int). */
export type Value = string | number | boolean;

/** Money and every numeric property are integers (money in minor units of `ProductModel.currency`). */
export interface OptionProps {
  /** Price delta in minor units (may be negative). */
  price?: number;
  /** Cost to the firm in minor units. */
  cost?: number;
  /** Lead time in days contributed by this option (aggregated with max, see `PropertyDef`). */
  leadTimeDays?: number;
  /** Any other numeric property the firm names, e.g. `{ weight: 1450 }` (grams). */
  props?: Record<string, number>;
  /** Bill-of-material lines this option adds. */
  bom?: BomLine[];
  /** Work-center hours this option needs. */
  work?: WorkLine[];
}

export interface BomLine {
  sku: string;
  qty: number;
  unit?: string;
  description?: string;
}

export interface WorkLine {
  /** Work-center id, e.g. `frame-shop`. */
  center: string;
  hours: number;
  /** Operation name shown in the routing, e.g. "weld frame". */
  operation?: string;
  /** True when this operation is the postponed final customization step (done last, after stock parts). */
  final?: boolean;
}

export interface OptionDef extends OptionProps {
  id: string;
  label?: string;
  description?: string;
  /** Asset keys (images / SVG layers) the studio composes into a preview. */
  assets?: string[];
}

interface FeatureBase {
  id: string;
  label?: string;
  /** Help text that teaches the customer what this feature means. */
  help?: string;
  /** Presentation group id (see `groups`). */
  group?: string;
  /**
   * The customer's own input: a personal measurement (body size, prescription) that only the
   * customer can give. The engine never fills it in — optimum, samples, needs proposals and
   * "fill in the rest" leave it open; defaults, presets and needs answers must not set it — and
   * a design is complete (orderable) only once the customer has entered it.
   */
  customerInput?: boolean;
}

export interface EnumFeature extends FeatureBase {
  type: 'enum';
  options: OptionDef[];
}

export interface BoolFeature extends FeatureBase {
  type: 'bool';
  /** Properties of choosing `true` (e.g. price of an add-on). */
  whenTrue?: OptionProps & { label?: string; description?: string; assets?: string[] };
  /** Properties of choosing `false`. */
  whenFalse?: OptionProps & { label?: string; description?: string; assets?: string[] };
}

export interface IntFeature extends FeatureBase {
  type: 'int';
  min: number;
  max: number;
  /** Step between allowed values (default 1): values are min, min+step, … ≤ max. */
  step?: number;
  unit?: string;
  /** How people read and type the value: the integer times `display.step` (see `IntDisplay`). */
  display?: IntDisplay;
  /** Linear properties of the chosen value: property = offset + perUnit * (value - min). */
  linear?: Record<string, { perUnit: number; offset?: number }>;
}

/**
 * The display scale of an int feature: customers read and type `value × step` (−2.50 D) while
 * the engine keeps the integer (-10). Format and parse with `formatScaled` / `parseScaled`.
 */
export interface IntDisplay {
  /** What one integer step is worth to people, e.g. 0.25 (quarter dioptres). Greater than 0. */
  step: number;
  /** Unit shown after the number, e.g. `D`; replaces the feature's `unit` in what people see. */
  unit?: string;
  /** Digits after the decimal point, 0 to 6 (default: as many as `step` has). */
  decimals?: number;
  /** Show a + before positive values (opticians write +1.25). */
  signed?: boolean;
}

export type FeatureDef = EnumFeature | BoolFeature | IntFeature;

/** Declares how a numeric property aggregates over a configuration. */
export interface PropertyDef {
  name: string;
  label?: string;
  unit?: string;
  /** `sum` (price, weight, cost — default) or `max` (lead time: parts are made in parallel). */
  aggregate?: 'sum' | 'max';
}

/** A free personalization field: validated, priced, never enumerated by the engine. */
export interface PersonalizationField {
  id: string;
  label?: string;
  help?: string;
  kind: 'text';
  minLength?: number;
  maxLength: number;
  /** ECMAScript regular expression the whole text must match. */
  pattern?: string;
  required?: boolean;
  /** Price in minor units when the field is filled in. */
  price?: number;
  /** Only offered when this condition (rule expression) holds, e.g. `monogram = true`. */
  when?: string;
}

/**
 * A rule. Either `expr` in the expression language:
 *   `frame = carbon -> brakes in {disc, hydraulic}`, `not (a and b)`, `size >= 50 <-> wheels = w29`,
 *   `sum(weight) <= 9500`, `count(extras_*) <= 3`,
 * or a `table` of allowed or forbidden combinations.
 */
export interface RuleDef {
  id: string;
  /** Shown to customers when this rule excludes an option ("Carbon frames need disc brakes"). */
  message?: string;
  expr?: string;
  table?: TableDef;
  /** A clause over boolean features: at least one literal holds; `"!f"` negates. Importers of
   * large feature models (DIMACS, FeatureIDE) emit these: cheap to read, no expression parsing. */
  clause?: string[];
}

export interface TableDef {
  features: string[];
  /** `allow` (default): only these rows are valid; `forbid`: these rows are invalid. */
  mode?: 'allow' | 'forbid';
  /** Each row gives one value per feature; `*` matches any value. */
  rows: Array<Array<Value | '*'>>;
}

export interface Preset {
  id: string;
  label: string;
  description?: string;
  choices: Record<string, Value>;
}

export interface Group {
  id: string;
  label: string;
  help?: string;
  /** Order of features in this step. */
  features?: string[];
}

/** A needs question: answers add constraints and/or preference weights (needs-based design). */
export interface NeedQuestion {
  id: string;
  question: string;
  help?: string;
  answers: NeedAnswer[];
}

export interface NeedAnswer {
  id: string;
  label: string;
  /** Rule expressions that must hold when this answer is chosen. */
  require?: string[];
  /** Preference weights for the optimal completion: `{ "frame=aluminium": 5, "weight": -1 }`
   * (a `feature=value` key rewards that value; a property name weighs that property). */
  prefer?: Record<string, number>;
}

export interface ProductModel {
  /** Stable family id, e.g. `city-bike`. */
  id: string;
  name: string;
  description?: string;
  /** ISO 4217 currency of every money amount, e.g. `EUR`. */
  currency: string;
  /** Price, cost and lead time of the product before any option. */
  base?: OptionProps;
  properties?: PropertyDef[];
  features: FeatureDef[];
  personalization?: PersonalizationField[];
  rules?: RuleDef[];
  defaults?: Record<string, Value>;
  presets?: Preset[];
  groups?: Group[];
  needs?: NeedQuestion[];
  /** Force a backend; default `auto` (decision diagram under a budget, else SAT). */
  backend?: 'auto' | 'bdd' | 'sat';
}
