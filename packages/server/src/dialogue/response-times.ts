// The firm's response-time figures: for conversations whose first customer message arrived in
// an ISO week, the median and 90th percentile of the time until the first staff reply.
import { and, eq, gte, isNotNull } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import { isOverdue, responseDueAt } from '../service-levels/service-levels.ts';
import { conversations } from './dialogue.schema.ts';

export type WeekFigures = {
  week: string;
  answered: number;
  unanswered: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
  /** Conversations whose customer has a response target (service-levels/), and how they did. */
  withTarget: number;
  metTarget: number;
  missedTarget: number;
};

/**
 * Response targets in hours per customer (service-levels/ `serviceOfCustomers`: the segment's
 * target only while the customer has personalization consent); null or missing: no target.
 */
export type TargetsOf = (customerIds: string[]) => Promise<Map<string, number | null>>;

/** ISO 8601 week, e.g. "2026-W03" (weeks start Monday; week 1 holds the first Thursday). */
export function isoWeek(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = new Date(Date.UTC(d.getUTCFullYear(), 0, 1));
  const week = Math.ceil(((d.getTime() - yearStart.getTime()) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function responseTimes(
  db: Db,
  tenantId: string,
  since: Date,
  targets?: { now: Date; of: TargetsOf },
): Promise<WeekFigures[]> {
  const rows = await db
    .select({
      customerId: conversations.customerId,
      asked: conversations.firstCustomerMessageAt,
      replied: conversations.firstStaffReplyAt,
    })
    .from(conversations)
    .where(
      and(
        eq(conversations.tenantId, tenantId),
        isNotNull(conversations.firstCustomerMessageAt),
        gte(conversations.firstCustomerMessageAt, since),
      ),
    );
  const targetOf = targets
    ? await targets.of([...new Set(rows.map((r) => r.customerId))])
    : new Map<string, number | null>();
  type Week = { minutes: number[]; unanswered: number; with: number; met: number; missed: number };
  const weeks = new Map<string, Week>();
  for (const r of rows) {
    const key = isoWeek(r.asked!);
    const w = weeks.get(key) ?? { minutes: [], unanswered: 0, with: 0, met: 0, missed: 0 };
    if (r.replied) w.minutes.push((r.replied.getTime() - r.asked!.getTime()) / 60_000);
    else w.unanswered += 1;
    const due = responseDueAt(r.asked, targetOf.get(r.customerId) ?? null);
    if (due && targets) {
      w.with += 1;
      // Answered by the due time: met; answered later, or still unanswered past it: missed.
      if (isOverdue(due, r.replied, targets.now)) w.missed += 1;
      else if (r.replied) w.met += 1;
    }
    weeks.set(key, w);
  }
  return [...weeks.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([week, w]) => {
      const sorted = w.minutes.sort((a, b) => a - b);
      return {
        week,
        answered: sorted.length,
        unanswered: w.unanswered,
        medianMinutes: percentile(sorted, 50),
        p90Minutes: percentile(sorted, 90),
        withTarget: w.with,
        metTarget: w.met,
        missedTarget: w.missed,
      };
    });
}
