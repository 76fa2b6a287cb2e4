// The firm's response-time figures: for conversations whose first customer message arrived in
// an ISO week, the median and 90th percentile of the time until the first staff reply.
import { and, eq, gte, isNotNull } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import { conversations } from './dialogue.schema.ts';

export type WeekFigures = {
  week: string;
  answered: number;
  unanswered: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
};

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

export async function responseTimes(db: Db, tenantId: string, since: Date): Promise<WeekFigures[]> {
  const rows = await db
    .select({
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
  const weeks = new Map<string, { minutes: number[]; unanswered: number }>();
  for (const r of rows) {
    const key = isoWeek(r.asked!);
    const w = weeks.get(key) ?? { minutes: [], unanswered: 0 };
    if (r.replied) w.minutes.push((r.replied.getTime() - r.asked!.getTime()) / 60_000);
    else w.unanswered += 1;
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
      };
    });
}
