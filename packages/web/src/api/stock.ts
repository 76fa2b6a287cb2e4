// Stock over HTTP (server: stock/stock.routes.ts): stocked parts and modules with their history,
// receipts and adjustments, open reservations, build-ahead suggestions with the risk-pooling
// numbers, and a product's postponement point. Every staff member reads; owner and operations
// change.
import type { Session } from './types.ts';
import { api } from './client.ts';

export interface StockItem {
  id: string;
  sku: string;
  unit: string;
  description: string;
  providerId: string | null;
  generic: boolean;
  onHand: number;
  reserved: number;
  available: number;
  reorderPoint: number;
  leadTimeDays: number;
  belowReorderPoint: boolean;
  updatedAt: string;
}

export interface StockMovement {
  id: string;
  kind: 'receipt' | 'adjustment' | 'reservation' | 'consumption' | 'return';
  onHandChange: number;
  reservedChange: number;
  orderId: string | null;
  note: string;
  by: string;
  at: string;
}

export type StockItemDetail = StockItem & { movements: StockMovement[] };

export interface StockReservation {
  orderId: string;
  orderNumber: number;
  status: string;
  itemId: string;
  sku: string;
  unit: string;
  qty: number;
}

export interface BuildSuggestion {
  itemId: string;
  sku: string;
  unit: string;
  description: string;
  providerId: string | null;
  available: number;
  leadTimeDays: number;
  weeklyDemand: number;
  method: 'forecast' | 'moving-average';
  safetyStockPooled: number;
  safetyStockSeparate: number;
  variants: number;
  reorderLevel: number;
  suggestedBuild: number;
}

export interface Replenishment {
  serviceLevel: number;
  z: number;
  historyWeeks: number;
  suggestions: BuildSuggestion[];
}

export interface Postponement {
  productId: string;
  postponedCenters: string[] | null;
  centers: string[];
}

const enc = encodeURIComponent;

export const stockApi = {
  items: () => api.request<StockItem[]>('GET', '/stock-items'),
  item: (id: string) => api.request<StockItemDetail>('GET', `/stock-items/${enc(id)}`),
  create: (input: {
    sku: string;
    unit?: string;
    description?: string;
    generic?: boolean;
    onHand?: number;
    reorderPoint?: number;
    leadTimeDays?: number;
  }) => api.request<StockItemDetail>('POST', '/stock-items', input),
  receive: (id: string, quantity: number, note: string) =>
    api.request<StockItemDetail>('POST', `/stock-items/${enc(id)}/receipts`, {
      quantity,
      ...(note ? { note } : {}),
    }),
  adjust: (id: string, quantity: number, note: string) =>
    api.request<StockItemDetail>('POST', `/stock-items/${enc(id)}/adjustments`, { quantity, note }),
  reservations: () => api.request<StockReservation[]>('GET', '/stock-reservations'),
  replenishment: (serviceLevel: number) =>
    api.request<Replenishment>('GET', `/stock-replenishment?serviceLevel=${serviceLevel}`),
  postponement: (productId: string) =>
    api.request<Postponement>('GET', `/products/${enc(productId)}/postponement`),
  setPostponement: (productId: string, postponedCenters: string[]) =>
    api.request<Postponement>('PUT', `/products/${enc(productId)}/postponement`, {
      postponedCenters,
    }),
  clearPostponement: (productId: string) =>
    api.request<null>('DELETE', `/products/${enc(productId)}/postponement`),
};

/** Owner and operations change stock and postponement points (the server's guard). */
export function canChangeStock(session: Session): boolean {
  return (
    session.user.kind === 'staff' &&
    (session.user.role === 'owner' || session.user.role === 'operations')
  );
}
