// Loads one product for the studio: the storefront's firm, the published version's model and its
// compiled form (decoded once into an engine CompiledModel).
import type { CompiledModel, ProductModel } from '@customerize/engine';
import type { ShopApi } from '../api/client.ts';
import type { ShopProductDetail } from '../api/types.ts';
import { useResource, type Resource } from '../ui/useResource.ts';
import { shopApi } from './storefront.ts';
import { decodeCompiled } from './model.ts';
import type { StudioProduct } from './StudioEditor.tsx';

export interface LoadedProduct {
  shop: ShopApi;
  detail: ShopProductDetail;
  product: StudioProduct;
  compiled: CompiledModel;
}

/** Loads the studio data of product `slug` (its published version). */
export async function loadShopProduct(slug: string): Promise<LoadedProduct> {
  const shop = await shopApi();
  const detail = await shop.product(slug);
  const compiled = decodeCompiled(detail.compiled);
  const model = (detail.model ?? compiled.model) as ProductModel;
  const product: StudioProduct = {
    name: detail.product.name,
    slug: detail.product.slug,
    ...(detail.product.description ? { description: detail.product.description } : {}),
    model,
    versionId: detail.version.id,
    popularity: detail.popularity ?? {},
    assetsBase: detail.assetsBase,
  };
  return { shop, detail, product, compiled };
}

/** The product `slug` for a page (loaded once, when the page mounts). */
export function useShopProduct(slug: string): Resource<LoadedProduct> {
  return useResource(() => loadShopProduct(slug));
}
