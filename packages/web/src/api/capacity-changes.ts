// Capacity changes over HTTP (server: capacity/capacity-changes.routes.ts): record a change on a
// work center's calendar as a draft, preview the re-plan it causes, compare alternative plans
// (an extra shift drafted beside it, a partner taking the orders it can make), apply one with its
// fingerprint, discard a draft. Owner and operations change capacity; all staff may look.
import { api } from './client.ts';

export interface CapacityChange {
  id: string;
  workCenterId: string;
  firstDay: string;
  lastDay: string;
  hoursPerDay: number;
  reason: string;
  apology: string;
  status: 'draft' | 'applied' | 'discarded';
  createdAt: string;
  appliedAt: string | null;
  ordersMoved: number | null;
}

export interface NewCapacityChange {
  workCenterId: string;
  firstDay: string;
  lastDay: string;
  hoursPerDay: number;
  reason: string;
  apology?: string;
}

/** How a plan answers the change: nothing more, extra drafts with it, a partner taking orders. */
export interface Alternative {
  label: string;
  extraChangeIds?: string[];
  partnerId?: string | null;
}

export interface PlannedOrder {
  orderId: string;
  number: number;
  previousDate: string;
  promisedDate: string;
  earliestDate: string;
  delayDays: number;
  movedTo: string | null;
}

export interface ChangePlan {
  changeId: string;
  label?: string;
  extraChangeIds: string[];
  partnerId: string | null;
  start: string;
  fingerprint: string;
  affected: number;
  late: number;
  averageDelayDays: number;
  overtimeHours: number;
  toPartner: number;
  /** Most delayed first, at most 1,000. */
  orders: PlannedOrder[];
}

export const CAPACITY_CHANGERS = ['owner', 'operations'];

export function canChangeCapacity(role: string): boolean {
  return CAPACITY_CHANGERS.includes(role);
}

export const capacityChanges = {
  list: () => api.request<CapacityChange[]>('GET', '/capacity-changes'),
  create: (input: NewCapacityChange) =>
    api.request<CapacityChange>('POST', '/capacity-changes', input, { idempotent: true }),
  plan: (id: string) =>
    api.request<ChangePlan>('GET', `/capacity-changes/${encodeURIComponent(id)}/plan`),
  compare: (id: string, alternatives: Alternative[]) =>
    api.request<ChangePlan[]>('POST', `/capacity-changes/${encodeURIComponent(id)}/compare`, {
      alternatives,
    }),
  /** Applies the plan as previewed; `apology` replaces the draft's (what customers read). */
  apply: (
    id: string,
    plan: Pick<ChangePlan, 'fingerprint' | 'extraChangeIds' | 'partnerId'>,
    apology?: string,
  ) =>
    api.request<ChangePlan>('POST', `/capacity-changes/${encodeURIComponent(id)}/apply`, {
      fingerprint: plan.fingerprint,
      extraChangeIds: plan.extraChangeIds,
      partnerId: plan.partnerId,
      ...(apology !== undefined ? { apology } : {}),
    }),
  discard: (id: string) =>
    api.request<null>('DELETE', `/capacity-changes/${encodeURIComponent(id)}`),
};
