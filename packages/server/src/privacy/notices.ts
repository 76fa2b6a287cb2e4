// The purposes personal data is used for, and the notice text a customer agrees to for each.
// Version 1 of every notice is the platform default below; a firm publishes its own wording as
// version 2, 3, … (privacy_notices). Consent records name the version the customer saw.
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/types.ts';
import { PURPOSES, privacyNotices, type Purpose } from './privacy.schema.ts';
import { tenants } from '../tenants/tenants.schema.ts';

export { PURPOSES, type Purpose };

export const DEFAULT_NOTICES: Record<Purpose, string> = {
  necessary:
    'We use your name, email, addresses and orders to run your account, make and deliver what you order, answer your messages, and keep the accounting records the law requires.',
  personalization:
    'With your consent we use the preferences you state, your answers to the needs questions and the options you look at to tailor the studio and our messages to you. You can withdraw at any time; we then stop using and delete that data.',
  marketing:
    'With your consent we send you news about products and offers by email. Every message has an unsubscribe link.',
  research:
    'With your consent we use your designs, feedback and how you use the studio to develop the next versions of our products.',
  'co-creation':
    "With your consent you can publish designs in our gallery under the name you choose, comment on and remix other customers' designs, and suggest and vote on ideas. What you publish is public until you withdraw it; withdrawing this consent removes it all.",
};

/**
 * Added to the "necessary" notice, whatever its version, while the firm's setting
 * `anonymousStudioAnalytics` is on (the default; studio-events/, docs/studio-events.md).
 */
export const ANONYMOUS_STUDIO_ANALYTICS_NOTICE =
  'In the studio we count what visitors do (options opened, explanations read, designs saved, quoted and ordered) as anonymous daily totals per product: no name, account, visit id or other identifier is kept with them, so they can never be linked to you.';

/** Purposes a customer may refuse; "necessary" is the basis of the contract itself. */
export function isOptional(purpose: Purpose): boolean {
  return purpose !== 'necessary';
}

export type Notice = { purpose: Purpose; version: number; text: string };

export async function currentNotices(db: Db, tenantId: string): Promise<Notice[]> {
  const out: Notice[] = [];
  for (const purpose of PURPOSES) out.push(await currentNotice(db, tenantId, purpose));
  return out;
}

export async function currentNotice(db: Db, tenantId: string, purpose: Purpose): Promise<Notice> {
  const rows = await db
    .select()
    .from(privacyNotices)
    .where(and(eq(privacyNotices.tenantId, tenantId), eq(privacyNotices.purpose, purpose)))
    .orderBy(desc(privacyNotices.version))
    .limit(1);
  const row = rows[0];
  const notice = row
    ? { purpose, version: row.version, text: row.text }
    : { purpose, version: 1, text: DEFAULT_NOTICES[purpose] };
  if (purpose !== 'necessary') return notice;
  const [firm] = await db
    .select({ settings: tenants.settings })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  return firm && firm.settings.anonymousStudioAnalytics !== false
    ? { ...notice, text: `${notice.text} ${ANONYMOUS_STUDIO_ANALYTICS_NOTICE}` }
    : notice;
}

export async function publishNotice(
  db: Db,
  deps: { ids: { uuid(): string }; now: Date },
  tenantId: string,
  purpose: Purpose,
  text: string,
): Promise<Notice> {
  const current = await currentNotice(db, tenantId, purpose);
  const version = current.version + 1;
  await db.insert(privacyNotices).values({
    id: deps.ids.uuid(),
    tenantId,
    purpose,
    version,
    text,
    publishedAt: deps.now,
  });
  return { purpose, version, text };
}
