// The preview layers of a design: the asset keys its chosen values bring, in feature order
// (later layers are drawn on top). The studio's live preview and the shop's product cards
// compose the same layers over the product's `base` image.
import type { Configuration } from '../api.ts';
import type { ProductModel } from './types.ts';

export function designAssets(model: ProductModel, choices: Configuration): string[] {
  const out: string[] = [];
  for (const f of model.features) {
    const v = choices[f.id];
    if (v === undefined) continue;
    const assets =
      f.type === 'enum'
        ? f.options.find((o) => o.id === v)?.assets
        : f.type === 'bool'
          ? (v ? f.whenTrue : f.whenFalse)?.assets
          : undefined;
    for (const a of assets ?? []) if (!out.includes(a)) out.push(a);
  }
  return out;
}
