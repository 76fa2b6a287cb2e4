// The firm's display name for the customer header: the signed-in session's tenant when there is
// one, otherwise the storefront's firm (GET /storefront), otherwise the product name.
import { useSession } from '../session.tsx';
import { useStorefront } from '../studio/storefront.ts';

export const PRODUCT_NAME = 'Customerize';

export function useFirmName(): string {
  const { state } = useSession();
  const storefront = useStorefront();
  if (state.status === 'signed-in') return state.session.tenant.name;
  return storefront?.tenant.name ?? PRODUCT_NAME;
}
