// Email: every message is written to the outbox table (the console shows it); when SMTP_URL is
// configured it is also handed to that SMTP server and the row records the outcome.
import nodemailer, { type Transporter } from 'nodemailer';
import { and, desc, eq, ilike, isNotNull, lt, or, sql } from 'drizzle-orm';
import type { AppDeps } from '../deps.ts';
import type { Db } from '../db/types.ts';
import { randomToken, sha256 } from '../auth/tokens.ts';
import { normalizeEmail } from '../users/users.ts';
import { mailSubscriptions, outbox } from './notify.schema.ts';
import { escapeHtml } from './templates.ts';

export type Mail = {
  event: string;
  to: string;
  subject: string;
  text: string;
  /** The HTML part (every interpolated value escaped; see templates.ts), when there is one. */
  html?: string;
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

/**
 * Query parameters whose values let whoever holds the link act as the recipient (`confirm`: a
 * guest's order confirmation). Also matched after `&amp;` and up to a quote in an HTML part.
 */
const SECRET_PARAMETER = /([?&;](?:token|code|key|secret|signature|confirm)=)[^&\s#"'<>]+/gi;
export const HIDDEN = '[hidden]';

/**
 * The text with every secret link parameter replaced by `[hidden]`: what staff may see of a
 * message (the outbox in the console and API). A password-reset or verification link shown to
 * staff would let them take over the customer's account.
 */
export function hideSecrets(text: string): string {
  return text.replace(SECRET_PARAMETER, `$1${HIDDEN}`);
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

export type SentMail = { id: string; status: 'kept' | 'pending' | 'suppressed' };

/**
 * Writes one email to the outbox, in the caller's transaction: it exists exactly when the change
 * that caused it does. With SMTP configured it is `pending` and the mail worker sends it
 * (retrying with backoff); without, it is `kept` for the console. Non-essential mail gets an
 * unsubscribe link (and List-Unsubscribe header) and is not written for an unsubscribed address.
 */
export async function sendMail(
  deps: Pick<AppDeps, 'db' | 'clock' | 'ids' | 'config'>,
  tenantId: string,
  mail: Mail,
): Promise<SentMail> {
  const { db, clock, ids, config } = deps;
  let text = mail.text;
  let html = mail.html ?? null;
  if (!mail.essential) {
    const sub = await subscriptionOf(db, tenantId, mail.to);
    if (sub.unsubscribed) return { id: '', status: 'suppressed' };
    const link = `${config.publicUrl}/unsubscribe?token=${encodeURIComponent(sub.token)}`;
    text += `\n\n--\nYou get this email because of your account or order. Unsubscribe from such mail: ${link}\n`;
    const footer = `<hr><p>You get this email because of your account or order. <a href="${escapeHtml(link)}">Unsubscribe from such mail</a></p>\n`;
    if (html !== null)
      html = html.includes('</body>') ? html.replace('</body>', `${footer}</body>`) : html + footer;
  }
  const id = ids.uuid();
  const now = clock.now();
  const status = config.smtpUrl ? 'pending' : 'kept';
  const shown = hideSecrets(text);
  const shownHtml = html === null ? null : hideSecrets(html);
  await db.insert(outbox).values({
    id,
    tenantId,
    event: mail.event,
    toEmail: mail.to,
    subject: mail.subject,
    text: shown,
    deliveryText: shown === text ? null : text,
    html: shownHtml,
    deliveryHtml: shownHtml === html ? null : html,
    status,
    createdAt: now,
    nextAttemptAt: status === 'pending' ? now : null,
  });
  return { id, status };
}

export type MailPolicy = {
  maxAttempts: number;
  baseDelayMs: number;
  leaseMs: number;
  batchSize: number;
};

export const defaultMailPolicy: MailPolicy = {
  maxAttempts: 8,
  baseDelayMs: 30_000,
  leaseMs: 120_000,
  batchSize: 20,
};

type ClaimedMail = {
  id: string;
  to_email: string;
  subject: string;
  text: string;
  html: string | null;
  attempts: number;
};

/**
 * Sends due pending mail over SMTP. Rows are claimed with FOR UPDATE SKIP LOCKED and a lease, so
 * several processes share the queue and a crash mid-send only delays the mail (SMTP has no
 * dedupe: a crash after the server accepted it and before we recorded it sends it twice).
 */
export async function runMailBatch(
  deps: Pick<AppDeps, 'db' | 'clock' | 'config' | 'logger'>,
  policy: MailPolicy = defaultMailPolicy,
): Promise<number> {
  const smtp = deps.config.smtpUrl;
  if (!smtp) return 0;
  const now = deps.clock.now();
  const result = await deps.db.execute(sql`
    with due as (
      select o.id from ${outbox} o
      where o.status = 'pending' and o.next_attempt_at <= ${now}
        and (o.locked_until is null or o.locked_until <= ${now})
      order by o.next_attempt_at, o.id
      limit ${policy.batchSize}
      for update skip locked
    )
    update ${outbox} m set locked_until = ${new Date(now.getTime() + policy.leaseMs)}, attempts = m.attempts + 1
      from due where m.id = due.id
    returning m.id, m.to_email, m.subject, coalesce(m.delivery_text, m.text) as text,
      coalesce(m.delivery_html, m.html) as html, m.attempts`);
  const claimed = (result as unknown as { rows: ClaimedMail[] }).rows;
  for (const m of claimed) {
    const unsubscribe = /Unsubscribe from such mail: (\S+)/.exec(m.text)?.[1];
    try {
      await transportFor(smtp).sendMail({
        from: deps.config.mailFrom,
        to: m.to_email,
        subject: m.subject,
        text: m.text,
        ...(m.html ? { html: m.html } : {}),
        ...(unsubscribe ? { headers: { 'List-Unsubscribe': `<${unsubscribe}>` } } : {}),
      });
      await deps.db
        .update(outbox)
        .set({ status: 'sent', error: null, sentAt: deps.clock.now(), lockedUntil: null })
        .where(eq(outbox.id, m.id));
    } catch (error) {
      deps.logger.warn({ err: error, mail: m.id }, 'email not sent');
      const gaveUp = m.attempts >= policy.maxAttempts;
      await deps.db
        .update(outbox)
        .set({
          status: gaveUp ? 'failed' : 'pending',
          error: String((error as Error).message ?? error).slice(0, 500),
          lockedUntil: null,
          nextAttemptAt: new Date(
            deps.clock.now().getTime() + policy.baseDelayMs * 2 ** (m.attempts - 1),
          ),
        })
        .where(eq(outbox.id, m.id));
    }
  }
  return claimed.length;
}

/** No email link lives longer than this (verification: 24 hours; reset: 1 hour). */
export const SECRET_LINK_LIFETIME_MS = 24 * 60 * 60_000;

/**
 * Forgets the deliverable text of mail older than any link in it, and hides the links in the
 * staff-visible text of mail written before links were hidden at writing (its deliverable text is
 * kept while its links may still work). Returns how many rows changed.
 */
export async function forgetDeliveredSecrets(db: Db, now: Date): Promise<number> {
  const expiredBefore = new Date(now.getTime() - SECRET_LINK_LIFETIME_MS);
  const forgotten = await db
    .update(outbox)
    .set({ deliveryText: null, deliveryHtml: null })
    .where(
      and(
        or(isNotNull(outbox.deliveryText), isNotNull(outbox.deliveryHtml)),
        lt(outbox.createdAt, expiredBefore),
      ),
    )
    .returning({ id: outbox.id });
  const unhidden = await db
    .select({ id: outbox.id, text: outbox.text, createdAt: outbox.createdAt })
    .from(outbox)
    .where(
      or(
        ...['token=', 'code=', 'key=', 'secret=', 'signature=', 'confirm='].map((p) =>
          ilike(outbox.text, `%${p}%`),
        ),
      ),
    );
  let hidden = 0;
  for (const m of unhidden) {
    const shown = hideSecrets(m.text);
    if (shown === m.text) continue;
    await db
      .update(outbox)
      .set({ text: shown, ...(m.createdAt >= expiredBefore ? { deliveryText: m.text } : {}) })
      .where(eq(outbox.id, m.id));
    hidden += 1;
  }
  return forgotten.length + hidden;
}

export async function listOutbox(db: Db, tenantId: string, limit: number) {
  return db
    .select()
    .from(outbox)
    .where(eq(outbox.tenantId, tenantId))
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(limit);
}
