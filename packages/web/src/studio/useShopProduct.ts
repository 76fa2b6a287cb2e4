// Loads one product for the studio: the storefront's firm, the published version's model and its
// compiled form (decoded once into an engine CompiledModel).
import type { CompiledModel, ProductModel, Restriction } from '@customerize/engine';
import type { ShopApi } from '../api/client.ts';
import type { ShopProductDetail } from '../api/types.ts';
import { useResource, type Resource } from '../ui/useResource.ts';
import { shopApi } from './storefront.ts';
import { loadCompiled } from './model.ts';
import type { StudioProduct } from './StudioEditor.tsx';

export interface LoadedProduct {
  shop: ShopApi;
  detail: ShopProductDetail;
  product: StudioProduct;
  compiled: CompiledModel;
  /** What the customer's company approved (issue 12): the studio session works inside it. */
  restrictions: Restriction[];
}

/** Loads the studio data of product `slug` (its published version). */
export async function loadShopProduct(slug: string): Promise<LoadedProduct> {
  const shop = await shopApi();
  // `?approved=<id>`: one of the company's approved configurations, opened from its portal.
  const approved = new URLSearchParams(window.location.search).get('approved');
  const detail: ShopProductDetail = approved
    ? await shop.client.request(
        'GET',
        `/shop/${encodeURIComponent(shop.tenant)}/products/${encodeURIComponent(slug)}?approved=${encodeURIComponent(approved)}`,
      )
    : await shop.product(slug);
  const model = detail.model as ProductModel;
  const compiled = await loadCompiled(detail.compiledUrl, model);
  const product: StudioProduct = {
    name: detail.product.name,
    slug: detail.product.slug,
    ...(detail.product.description ? { description: detail.product.description } : {}),
    model,
    versionId: detail.version.id,
    popularity: detail.popularity ?? {},
    assetsBase: detail.assetsBase,
  };
  return { shop, detail, product, compiled, restrictions: detail.restrictions ?? [] };
}

/** The product `slug` for a page (loaded once, when the page mounts). */
export function useShopProduct(slug: string): Resource<LoadedProduct> {
  return useResource(() => loadShopProduct(slug));
}
