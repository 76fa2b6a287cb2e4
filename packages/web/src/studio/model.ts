// Reading the product model for display: labels, help, groups (steps), the preview layers of a
// set of choices, and loading the compact compiled model into an engine CompiledModel.
import {
  deserialize,
  designAssets,
  formatIntValue,
  type CompiledModel,
  type FeatureDef,
  type OptionProps,
  type ProductModel,
  type Value,
} from '@customerize/engine';
import { decimalSeparator } from './format.ts';

/**
 * Downloads a version's compact compiled model (its URL is immutable, so the browser's cache
 * serves every later visit) and restores it with the product model it was compiled from.
 */
export async function loadCompiled(url: string, model: ProductModel): Promise<CompiledModel> {
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`Could not load the product's engine (${res.status})`);
  return deserialize(new Uint8Array(await res.arrayBuffer()), model);
}

export function featureLabel(f: FeatureDef): string {
  return f.label ?? f.id;
}

export function featureById(model: ProductModel, id: string): FeatureDef | undefined {
  return model.features.find((f) => f.id === id);
}

/** The customer-facing name of `value` of feature `f` ("Hydraulic disc brakes", "Yes", "175 cm",
 * "−2.50 D" for an int feature with a display scale). */
export function valueLabel(f: FeatureDef | undefined, value: Value | undefined): string {
  if (value === undefined) return 'not chosen';
  if (!f) return String(value);
  if (f.type === 'enum') return f.options.find((o) => o.id === value)?.label ?? String(value);
  if (f.type === 'bool') {
    const side = value ? f.whenTrue : f.whenFalse;
    return side?.label ?? (value ? 'Yes' : 'No');
  }
  return typeof value === 'number'
    ? formatIntValue(f, value, { decimal: decimalSeparator() })
    : String(value);
}

/** Description of one value (enum option or bool side), if the model has one. */
export function valueDescription(f: FeatureDef, value: Value): string | undefined {
  if (f.type === 'enum') return f.options.find((o) => o.id === value)?.description;
  if (f.type === 'bool') return (value ? f.whenTrue : f.whenFalse)?.description;
  return undefined;
}

/** The option properties `value` brings (price, lead time, assets); int features: linear price. */
export function valueProps(
  f: FeatureDef,
  value: Value,
): (OptionProps & { assets?: string[] }) | undefined {
  if (f.type === 'enum') return f.options.find((o) => o.id === value);
  if (f.type === 'bool') return value ? f.whenTrue : f.whenFalse;
  const price = f.linear?.price;
  if (!price || typeof value !== 'number') return undefined;
  return { price: (price.offset ?? 0) + price.perUnit * (value - f.min) };
}

export function valuePrice(f: FeatureDef, value: Value | undefined): number {
  return value === undefined ? 0 : (valueProps(f, value)?.price ?? 0);
}

/** All values of a feature in model order. */
export function featureValues(f: FeatureDef): Value[] {
  if (f.type === 'enum') return f.options.map((o) => o.id);
  if (f.type === 'bool') return [true, false];
  const out: number[] = [];
  for (let v = f.min; v <= f.max; v += f.step ?? 1) out.push(v);
  return out;
}

export interface Step {
  id: string;
  label: string;
  help?: string;
  features: FeatureDef[];
}

/** The editor's steps: the model's groups in order, then any ungrouped features. */
export function stepsOf(model: ProductModel): Step[] {
  const placed = new Set<string>();
  const steps: Step[] = [];
  for (const g of model.groups ?? []) {
    const ids = g.features ?? model.features.filter((f) => f.group === g.id).map((f) => f.id);
    const features = ids
      .map((id) => featureById(model, id))
      .filter((f): f is FeatureDef => f !== undefined && !placed.has(f.id));
    features.forEach((f) => placed.add(f.id));
    if (features.length)
      steps.push({ id: g.id, label: g.label, ...(g.help ? { help: g.help } : {}), features });
  }
  const rest = model.features.filter((f) => !placed.has(f.id));
  if (rest.length)
    steps.push({ id: 'more', label: steps.length ? 'More options' : 'Options', features: rest });
  return steps;
}

/** Preview layers: asset keys of the chosen values, in feature order (later layers on top). */
export function previewLayers(model: ProductModel, choices: Record<string, Value>): string[] {
  return designAssets(model, choices);
}

/** URL of an asset key under the shop's asset base (keys without an extension are SVG files). */
export function assetUrl(base: string, key: string): string {
  return base + encodeURIComponent(key);
}

export function isComplete(model: ProductModel, choices: Record<string, Value>): boolean {
  return model.features.every((f) => choices[f.id] !== undefined);
}
