// What the revision UI needs about a design: its versions (from the shop API, which lets the
// design's owner and the firm's staff read it) and its product's model, to name features and
// values and, in the console, to run the engine.
import type { Design, DesignVersion } from '../api/types.ts';
import { loadShopProduct, type LoadedProduct } from '../studio/useShopProduct.ts';
import { shopApi } from '../studio/storefront.ts';

export interface DesignContext {
  design: Design;
  loaded: LoadedProduct;
}

export async function loadDesignContext(designId: string): Promise<DesignContext> {
  const shop = await shopApi();
  const design = await shop.design(designId);
  const loaded = await loadShopProduct(design.productSlug);
  return { design, loaded };
}

export function designVersion(design: Design, number: number): DesignVersion | undefined {
  return design.versions.find((v) => v.number === number);
}

export function currentVersion(design: Design): DesignVersion | undefined {
  return designVersion(design, design.currentVersion) ?? design.versions.at(-1);
}
