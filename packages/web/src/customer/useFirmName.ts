// The firm's display name for the customer header: the signed-in session's tenant when there is
// one, otherwise the product name. (A public "which firm is this storefront" endpoint can replace
// the fallback once the server offers one.)
import { useSession } from '../session.tsx';

export const PRODUCT_NAME = 'Customerize';

export function useFirmName(): string {
  const { state } = useSession();
  return state.status === 'signed-in' ? state.session.tenant.name : PRODUCT_NAME;
}
