// Service levels per customer segment, as plain data: the default treatment, what a customer's
// effective level is, and the inbox rules (due time, overdue, order).
import type { ServiceKey } from './service-levels.schema.ts';

export { SERVICE_KEYS, type ServiceKey } from './service-levels.schema.ts';

export type ServiceLevel = {
  segment: ServiceKey;
  priority: number;
  responseTargetHours: number | null;
  mayUseReservedCapacity: boolean;
  contactStaffId: string | null;
};

export const MAX_PRIORITY = 9;
export const MAX_RESPONSE_TARGET_HOURS = 24 * 60;

/** What a segment gets when the firm has set nothing for it: the ordinary treatment. */
export function defaultLevel(segment: ServiceKey): ServiceLevel {
  return {
    segment,
    priority: 0,
    responseTargetHours: null,
    mayUseReservedCapacity: false,
    contactStaffId: null,
  };
}

/** Whether a segment's level differs from the ordinary treatment (only then is consent read). */
export function isSpecial(level: ServiceLevel, ordinary: ServiceLevel): boolean {
  return (
    level.priority !== ordinary.priority ||
    level.responseTargetHours !== ordinary.responseTargetHours ||
    level.mayUseReservedCapacity !== ordinary.mayUseReservedCapacity ||
    level.contactStaffId !== ordinary.contactStaffId
  );
}

/**
 * When the first staff reply is due: the customer's first message plus the target. Null when
 * the customer has not written yet or the level has no target.
 */
export function responseDueAt(
  firstCustomerMessageAt: Date | null,
  targetHours: number | null,
): Date | null {
  if (firstCustomerMessageAt === null || targetHours === null) return null;
  return new Date(firstCustomerMessageAt.getTime() + targetHours * 3_600_000);
}

/** Overdue: due, not yet answered, and past due now (an answered one is late if after due). */
export function isOverdue(dueAt: Date | null, firstStaffReplyAt: Date | null, now: Date): boolean {
  if (dueAt === null) return false;
  return (firstStaffReplyAt ?? now).getTime() > dueAt.getTime();
}

export type InboxEntry = { priority: number; dueAt: Date | null; lastMessageAt: Date; id: string };

/**
 * The inbox order: higher priority first; within a priority the earliest due first (no due
 * time after every due time); then the newest activity, then id (a stable order).
 */
export function compareInbox(a: InboxEntry, b: InboxEntry): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  const ad = a.dueAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const bd = b.dueAt?.getTime() ?? Number.POSITIVE_INFINITY;
  if (ad !== bd) return ad < bd ? -1 : 1;
  const al = a.lastMessageAt.getTime();
  const bl = b.lastMessageAt.getTime();
  if (al !== bl) return bl - al;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
