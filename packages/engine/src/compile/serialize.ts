// Byte format of a compiled model (little-endian):
//   "CZM1" | u32 header length | header JSON (UTF-8: model, backend kind, stats, fingerprint of
//   the model, dead-value blame) | pad to 4 |
//   then, for the decision-diagram backend, a sequence of Int32 arrays, each as
//   u32 length | length × i32:  order, then main {dom, lvl, start, kids, levelStart, roots},
//   then rules {same}.
// The IR is rebuilt from the model on load (cheap and deterministic), so only the diagrams
// need bytes. The compact form for browsers (`withoutModel`) leaves the model out of the header —
// the studio has the model already — and `deserialize(bytes, model)` takes it back; the
// fingerprint (feature ids, values and rule ids) refuses a model the bytes were not made from.
import { FormatError } from '../errors.ts';
import type { FrozenDD } from '../dd/frozen.ts';
import type { MddData } from '../dd/backend.ts';
import type { ProductModel } from '../model/types.ts';

const MAGIC = 0x314d5a43; // "CZM1" read as little-endian u32

export interface SerializedHeader {
  /** Absent in the compact form (`withoutModel`). */
  model?: unknown;
  fingerprint?: string;
  backend: 'bdd' | 'sat';
  stats: unknown;
}

export function encode(header: SerializedHeader, data: MddData | null): Uint8Array {
  const json = new TextEncoder().encode(
    JSON.stringify({ ...header, deadBlame: data?.deadBlame ?? [] }),
  );
  const arrays: Int32Array[] = [];
  if (data) {
    arrays.push(data.order);
    for (const f of [data.main, data.rules])
      arrays.push(f.dom, f.lvl, f.start, f.kids, f.levelStart, f.roots);
  }
  const headLen = 8 + json.length;
  const pad = (4 - (headLen % 4)) % 4;
  let total = headLen + pad;
  for (const a of arrays) total += 4 + a.length * 4;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, json.length, true);
  out.set(json, 8);
  let p = headLen + pad;
  for (const a of arrays) {
    view.setUint32(p, a.length, true);
    p += 4;
    for (let i = 0; i < a.length; i++, p += 4) view.setInt32(p, a[i]!, true);
  }
  return out;
}

export function decode(bytes: Uint8Array): { header: SerializedHeader; data: MddData | null } {
  if (bytes.length < 8) throw new FormatError('not a compiled model: too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC)
    throw new FormatError('not a compiled model: bad magic number');
  const jsonLen = view.getUint32(4, true);
  if (8 + jsonLen > bytes.length) throw new FormatError('not a compiled model: truncated header');
  const header = JSON.parse(
    new TextDecoder().decode(bytes.subarray(8, 8 + jsonLen)),
  ) as SerializedHeader & {
    deadBlame?: Array<[number, number[]]>;
  };
  if (header.backend !== 'bdd') return { header, data: null };
  let p = 8 + jsonLen;
  p += (4 - (p % 4)) % 4;
  const next = (): Int32Array => {
    if (p + 4 > bytes.length) throw new FormatError('not a compiled model: truncated arrays');
    const n = view.getUint32(p, true);
    p += 4;
    if (p + n * 4 > bytes.length) throw new FormatError('not a compiled model: truncated arrays');
    const a = new Int32Array(n);
    for (let i = 0; i < n; i++, p += 4) a[i] = view.getInt32(p, true);
    return a;
  };
  const order = next();
  const frozen = (): FrozenDD => {
    const dom = next();
    const lvl = next();
    const start = next();
    const kids = next();
    const levelStart = next();
    const roots = next();
    return { nlevels: dom.length, dom, lvl, start, kids, levelStart, roots };
  };
  const main = frozen();
  const rules = frozen();
  return { header, data: { order, main, rules, deadBlame: header.deadBlame ?? [] } };
}

/** Where the arrays start: after the header JSON, padded to 4 bytes. */
function arraysOffset(jsonLen: number): number {
  const p = 8 + jsonLen;
  return p + ((4 - (p % 4)) % 4);
}

/**
 * The same compiled model without the product model in its header (what a browser downloads: it
 * has the model from the product already). Deserialize it with `deserialize(bytes, model)`.
 */
export function withoutModel(bytes: Uint8Array): Uint8Array {
  if (bytes.length < 8) throw new FormatError('not a compiled model: too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC)
    throw new FormatError('not a compiled model: bad magic number');
  const jsonLen = view.getUint32(4, true);
  if (8 + jsonLen > bytes.length) throw new FormatError('not a compiled model: truncated header');
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + jsonLen))) as Record<
    string,
    unknown
  >;
  delete header.model;
  const json = new TextEncoder().encode(JSON.stringify(header));
  const arrays = bytes.subarray(Math.min(bytes.length, arraysOffset(jsonLen)));
  const start = arraysOffset(json.length);
  const out = new Uint8Array(start + arrays.length);
  const outView = new DataView(out.buffer);
  outView.setUint32(0, MAGIC, true);
  outView.setUint32(4, json.length, true);
  out.set(json, 8);
  out.set(arrays, start);
  return out;
}

/**
 * A short, order-stable digest of what the compiled bytes index into: feature ids and their
 * values, and the rule ids (a stored model may come back from the database with its object keys
 * reordered, so this never hashes JSON text of objects).
 */
export function modelFingerprint(model: ProductModel): string {
  const parts: unknown[] = [];
  for (const f of model.features) {
    if (f.type === 'enum') parts.push([f.id, f.type, f.options.map((o) => o.id)]);
    else if (f.type === 'int') parts.push([f.id, f.type, f.min, f.max, f.step ?? 1]);
    else parts.push([f.id, f.type]);
  }
  parts.push((model.rules ?? []).map((r) => r.id));
  const text = JSON.stringify(parts);
  // FNV-1a, 2 × 32 bits with different offsets: cheap, no crypto API needed in the browser.
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 13);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
