// Asset keys and content types.
import { createHash } from 'node:crypto';
import { ValidationFailed } from '../http/errors.ts';

/** Path-like keys: `city-bike/frame-black`. No `..`, no leading slash. */
const KEY = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)*$/;

export const ALLOWED_TYPES: Record<string, string> = {
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};

export const MAX_ASSET_BYTES = 5 * 1024 * 1024;

export function assertAssetKey(key: string): string {
  if (!KEY.test(key) || key.split('/').some((p) => p === '..' || p === '.')) {
    throw new ValidationFailed([
      { field: 'key', message: 'must be letters, digits, - _ . separated by /' },
    ]);
  }
  return key;
}

/** `frame-black.svg` → `frame-black`: models name layers without the extension. */
export function keyWithoutExtension(name: string): string {
  return name.replace(/\.(svg|png|jpe?g|webp)$/i, '');
}

export function contentTypeOf(filename: string, declared: string | undefined): string {
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase();
  const byExt = ext ? ALLOWED_TYPES[ext] : undefined;
  if (byExt) return byExt;
  if (declared && Object.values(ALLOWED_TYPES).includes(declared)) return declared;
  throw new ValidationFailed([
    { field: 'file', message: 'must be an SVG, PNG, JPEG or WebP image' },
  ]);
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
