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

const startsWith = (bytes: Uint8Array, prefix: number[], at = 0) =>
  prefix.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/**
 * The bytes are what the type says (the type is what the asset is served with, under nosniff):
 * PNG, JPEG and WebP by their signatures, SVG as text with an <svg> element. An HTML page
 * uploaded as `logo.png` is refused.
 */
export function assertContentMatches(contentType: string, bytes: Uint8Array): void {
  const ok = (() => {
    switch (contentType) {
      case 'image/png':
        return startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      case 'image/jpeg':
        return startsWith(bytes, [0xff, 0xd8, 0xff]);
      case 'image/webp':
        return startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8);
      case 'image/svg+xml': {
        const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 4096));
        return !head.includes('\u0000') && /<svg[\s>]/i.test(head);
      }
      default:
        return false;
    }
  })();
  if (!ok)
    throw new ValidationFailed([
      { field: 'file', message: `the content is not a valid ${contentType} image` },
    ]);
}
