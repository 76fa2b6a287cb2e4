// Email: every message is written to the outbox table (the console shows it); when SMTP_URL is
// configured it is also handed to that SMTP server and the row records the outcome.
import nodemailer, { type Transporter } from 'nodemailer';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { AppDeps } from '../deps.ts';
import type { Db } from '../db/types.ts';
import { randomToken, sha256 } from '../auth/tokens.ts';
import { normalizeEmail } from '../users/users.ts';
import { mailSubscriptions, outbox } from './notify.schema.ts';

export type Mail = {
  event: string;
  to: string;
  subject: string;
  text: string;
  /** Essential mail (verification, password reset) is sent even to unsubscribed addresses. */
  essential: boolean;
};

const transports = new Map<string, Transporter>();

function transportFor(url: string): Transporter {
  let t = transports.get(url);
  if (!t) {
    t = nodemailer.createTransport(url);
    transports.set(url, t);
  }
  return t;
}

export function emailHash(email: string): string {
  return sha256(normalizeEmail(email));
}

/** The address's unsubscribe secret, created on first use. */
export async function subscriptionOf(
  db: Db,
  tenantId: string,
  email: string,
): Promise<{ token: string; unsubscribed: boolean }> {
  const hash = emailHash(email);
  await db
    .insert(mailSubscriptions)
    .values({ tenantId, emailHash: hash, token: randomToken(24) })
    .onConflictDoNothing();
  const rows = await db
    .select()
    .from(mailSubscriptions)
    .where(and(eq(mailSubscriptions.tenantId, tenantId), eq(mailSubscriptions.emailHash, hash)));
  const row = rows[0]!;
  return { token: row.token, unsubscribed: row.unsubscribedAt !== null };
}

/** Opts the address behind `token` out of non-essential mail; false when the token is unknown. */
export async function unsubscribe(db: Db, token: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(mailSubscriptions)
    .set({ unsubscribedAt: sql`coalesce(${mailSubscriptions.unsubscribedAt}, ${now})` })
    .where(eq(mailSubscriptions.token, token))
    .returning({ tenantId: mailSubscriptions.tenantId });
  return rows.length > 0;
}

export type SentMail = { id: string; status: 'kept' | 'sent' | 'failed' | 'suppressed' };

/**
 * Sends one email. Non-essential mail gets an unsubscribe link (and List-Unsubscribe header) and
 * is not sent to an address that unsubscribed. SMTP failures are recorded, not thrown: the action
 * that caused the mail has already happened.
 */
export async function sendMail(
  deps: Pick<AppDeps, 'db' | 'clock' | 'ids' | 'config' | 'logger'>,
  tenantId: string,
  mail: Mail,
): Promise<SentMail> {
  const { db, clock, ids, config } = deps;
  let text = mail.text;
  const headers: Record<string, string> = {};
  if (!mail.essential) {
    const sub = await subscriptionOf(db, tenantId, mail.to);
    if (sub.unsubscribed) return { id: '', status: 'suppressed' };
    const link = `${config.publicUrl}/unsubscribe?token=${encodeURIComponent(sub.token)}`;
    text += `\n\n--\nYou get this email because of your account or order. Unsubscribe from such mail: ${link}\n`;
    headers['List-Unsubscribe'] = `<${link}>`;
  }
  const id = ids.uuid();
  const smtp = config.smtpUrl;
  await db.insert(outbox).values({
    id,
    tenantId,
    event: mail.event,
    toEmail: mail.to,
    subject: mail.subject,
    text,
    status: smtp ? 'failed' : 'kept',
    error: smtp ? 'not sent yet' : null,
    createdAt: clock.now(),
  });
  if (!smtp) return { id, status: 'kept' };
  try {
    await transportFor(smtp).sendMail({
      from: config.mailFrom,
      to: mail.to,
      subject: mail.subject,
      text,
      headers,
    });
    await db
      .update(outbox)
      .set({ status: 'sent', error: null, sentAt: clock.now() })
      .where(eq(outbox.id, id));
    return { id, status: 'sent' };
  } catch (error) {
    deps.logger.warn({ err: error, event: mail.event }, 'email not sent');
    await db
      .update(outbox)
      .set({ status: 'failed', error: String((error as Error).message ?? error).slice(0, 500) })
      .where(eq(outbox.id, id));
    return { id, status: 'failed' };
  }
}

export async function listOutbox(db: Db, tenantId: string, limit: number) {
  return db
    .select()
    .from(outbox)
    .where(eq(outbox.tenantId, tenantId))
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(limit);
}
