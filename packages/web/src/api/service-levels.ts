// Service levels per customer segment over HTTP (server: service-levels/service-levels.routes.ts):
// priority and response target in the inbox, reserved capacity, named contact. Owner and sales
// read; the owner changes. A customer reads their own contact's name.
import { api } from './client.ts';
import { SEGMENT_LABELS, type Segment } from './insights.ts';

export type ServiceKey = 'default' | Segment;

export const SERVICE_KEY_LABELS: Record<ServiceKey, string> = {
  default: 'Everyone else (default)',
  ...SEGMENT_LABELS,
};

export interface ServiceLevel {
  segment: ServiceKey;
  priority: number;
  responseTargetHours: number | null;
  mayUseReservedCapacity: boolean;
  contact: { id: string; name: string } | null;
}

export interface ServiceLevelChange {
  segment: ServiceKey;
  priority: number;
  responseTargetHours: number | null;
  mayUseReservedCapacity: boolean;
  contactStaffId: string | null;
}

export const serviceLevels = {
  list: () => api.request<ServiceLevel[]>('GET', '/service-levels'),
  save: (change: ServiceLevelChange) => api.request<ServiceLevel>('PUT', '/service-levels', change),
  myContact: () => api.request<{ contact: { name: string } | null }>('GET', '/account/contact'),
};

/** Priority as staff read it: 0 is normal, higher comes first. */
export function priorityLabel(p: number): string {
  return p === 0 ? 'Normal' : `Priority ${p}`;
}
