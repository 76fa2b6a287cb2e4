// The firm whose shop the customer area shows (GET /storefront), asked once per page load.
import { useEffect, useState } from 'react';
import { api, type ShopApi } from '../api/client.ts';
import type { Storefront } from '../api/types.ts';

let pending: Promise<Storefront> | null = null;

export function loadStorefront(): Promise<Storefront> {
  pending ??= api.storefront.get().catch((error: unknown) => {
    pending = null;
    throw error;
  });
  return pending;
}

/** The storefront once known (undefined while loading or when the server is unreachable). */
export function useStorefront(): Storefront | undefined {
  const [value, setValue] = useState<Storefront | undefined>(undefined);
  useEffect(() => {
    let live = true;
    loadStorefront().then(
      (s) => live && setValue(s),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return value;
}

export async function shopApi(): Promise<ShopApi> {
  const s = await loadStorefront();
  return api.shop(s.tenant.slug);
}
