// The one boundary where a design's choices enter the engine: `normalizeChoices` turns what a
// client sent (JSON) into canonical engine values, or says per feature why it cannot. Every
// query (validate, price, BOM, routing, lead time, backends) takes canonical values only
// (`valueIndex` is strict), so one set of normalized choices is read the same way everywhere.
//
// The careful option: nothing is coerced. A bool feature takes `true`/`false`, an int feature
// a JSON number of its domain, an option feature an option id (a string). The text `"true"`
// or `"52"` is a wrong encoding and is refused — never silently read as `true` or `52` in one
// place and dropped in another.
import type { Choices, CompiledModel } from '../api.ts';
import type { Value } from '../model/types.ts';
import { valueIndex, type IR, type IRFeature } from './ir.ts';

export interface ChoiceError {
  /** The feature id (or `''` when the choices are not a map at all). */
  field: string;
  /**
   * `wrong-type`: not a JSON value of the feature's kind (an encoding error, e.g. `"52"` for an
   * int feature); `unknown-feature`; `not-a-value`: the right kind, but not in the domain.
   */
  code: 'wrong-type' | 'unknown-feature' | 'not-a-value';
  message: string;
}

export interface NormalizedChoices {
  /** Canonical values of every valid entry, in the model's feature order. */
  choices: Choices;
  /** One error per entry that is not a canonical value (empty when all are). */
  errors: ChoiceError[];
}

const isMap = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

function kindError(f: IRFeature, raw: unknown): string | null {
  if (f.kind === 'bool')
    return typeof raw === 'boolean' ? null : `'${f.id}' must be true or false (a JSON boolean)`;
  if (f.kind === 'int')
    return typeof raw === 'number' && Number.isFinite(raw)
      ? null
      : `'${f.id}' must be a number (a JSON number, not text)`;
  return typeof raw === 'string' ? null : `'${f.id}' must be an option id (a string)`;
}

function domainText(f: IRFeature): string {
  if (f.kind === 'int') {
    const first = f.values[0] as number;
    const last = f.values[f.values.length - 1] as number;
    const step = f.values.length > 1 ? (f.values[1] as number) - first : 1;
    return `an integer from ${first} to ${last}${step !== 1 ? ` in steps of ${step}` : ''}`;
  }
  const shown = f.values.slice(0, 12).map(String).join(', ');
  return `one of ${shown}${f.values.length > 12 ? ', …' : ''}`;
}

/** Canonical engine values of a design's choices, or field-named errors (feature id as field). */
export function normalizeChoices(compiled: CompiledModel | IR, input: unknown): NormalizedChoices {
  const ir = 'ir' in compiled ? compiled.ir : compiled;
  const errors: ChoiceError[] = [];
  if (!isMap(input))
    return {
      choices: {},
      errors: [
        { field: '', code: 'wrong-type', message: 'choices must be a map of feature to value' },
      ],
    };
  const index = new Int32Array(ir.features.length).fill(-1);
  for (const [k, raw] of Object.entries(input)) {
    const fi = ir.featureIndex.get(k);
    if (fi === undefined) {
      errors.push({ field: k, code: 'unknown-feature', message: `unknown feature '${k}'` });
      continue;
    }
    const f = ir.features[fi]!;
    const kind = kindError(f, raw);
    if (kind) {
      errors.push({ field: k, code: 'wrong-type', message: kind });
      continue;
    }
    const i = valueIndex(f, raw);
    if (i < 0) {
      errors.push({
        field: k,
        code: 'not-a-value',
        message: `'${String(raw)}' is not a value of '${k}' (${domainText(f)})`,
      });
      continue;
    }
    index[fi] = i;
  }
  const entries: Array<[string, Value]> = [];
  ir.features.forEach((f, fi) => {
    if (index[fi]! >= 0) entries.push([f.id, f.values[index[fi]!]!]);
  });
  return { choices: Object.fromEntries(entries), errors };
}
