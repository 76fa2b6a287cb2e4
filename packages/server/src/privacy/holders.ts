// The personal data the platform's own modules hold about a customer: accounts, dialogue,
// notifications, privacy. Order matters for erasure: the account itself is anonymized last.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { accountTokens, customerProfiles } from '../accounts/accounts.schema.ts';
import { sessions } from '../auth/auth.schema.ts';
import { forgetDevices } from '../auth/login-throttle.ts';
import type { Db } from '../db/types.ts';
import {
  attachments,
  conversations,
  feedback,
  feedbackItems,
  messages,
  revisions,
} from '../dialogue/dialogue.schema.ts';
import { guestEmailCaller } from '../http/idempotency.ts';
import { idempotencyRecords } from '../http/idempotency.schema.ts';
import { emailHash, hideSecrets } from '../notify/mail.ts';
import { mailSubscriptions, outbox } from '../notify/notify.schema.ts';
import { normalizeEmail } from '../users/users.ts';
import { customers } from '../users/users.schema.ts';
import type { DataSubject, PersonalDataHolder } from './personal-data.ts';
import { auditLog, consentRecords, profileRecords, rewardGrants } from './privacy.schema.ts';

const ofCustomer = <T extends { tenantId: unknown; customerId: unknown }>(
  table: T,
  s: DataSubject,
) =>
  and(
    eq(table.tenantId as typeof conversations.tenantId, s.tenantId),
    eq(table.customerId as typeof conversations.customerId, s.customerId),
  );

const count = async (db: Db, q: Promise<unknown[]>) => (await q).length;

export const dialogueHolder: PersonalDataHolder = {
  name: 'dialogue',
  async holdings(db, s) {
    const convs = await db
      .select({ id: conversations.id })
      .from(conversations)
      .where(ofCustomer(conversations, s));
    const ids = convs.map((c) => c.id);
    const msgs = ids.length
      ? await count(
          db,
          db
            .select({ id: messages.id })
            .from(messages)
            .where(inArray(messages.conversationId, ids)),
        )
      : 0;
    const fb = await count(
      db,
      db.select({ id: feedback.id }).from(feedback).where(ofCustomer(feedback, s)),
    );
    return [
      { purpose: 'necessary', what: 'conversations', count: convs.length },
      { purpose: 'necessary', what: 'messages and attachments', count: msgs },
      { purpose: 'research', what: 'feedback on delivered orders', count: fb },
    ];
  },
  async export(db, s) {
    const convs = await db.select().from(conversations).where(ofCustomer(conversations, s));
    const ids = convs.map((c) => c.id);
    const msgs = ids.length
      ? await db.select().from(messages).where(inArray(messages.conversationId, ids))
      : [];
    const files = ids.length
      ? await db.select().from(attachments).where(inArray(attachments.conversationId, ids))
      : [];
    const revs = ids.length
      ? await db.select().from(revisions).where(inArray(revisions.conversationId, ids))
      : [];
    const fb = await db.select().from(feedback).where(ofCustomer(feedback, s));
    const items = fb.length
      ? await db
          .select()
          .from(feedbackItems)
          .where(
            inArray(
              feedbackItems.feedbackId,
              fb.map((f) => f.id),
            ),
          )
      : [];
    return {
      conversations: convs.map((c) => ({
        ...c,
        messages: msgs
          .filter((m) => m.conversationId === c.id)
          .map((m) => ({
            ...m,
            attachments: files
              .filter((a) => a.messageId === m.id)
              .map(({ bytes, ...meta }) => ({ ...meta, dataBase64: bytes.toString('base64') })),
          })),
        revisions: revs.filter((r) => r.conversationId === c.id),
      })),
      feedback: fb.map((f) => ({ ...f, items: items.filter((i) => i.feedbackId === f.id) })),
    };
  },
  async erase(db, s) {
    const convs = await db
      .delete(conversations)
      .where(ofCustomer(conversations, s))
      .returning({ id: conversations.id });
    // Ratings stay for product statistics, detached from the person and without their words.
    const fb = await db
      .update(feedback)
      .set({ customerId: null, text: null, public: false })
      .where(ofCustomer(feedback, s))
      .returning({ id: feedback.id });
    if (fb.length)
      await db
        .update(feedbackItems)
        .set({ text: null })
        .where(
          inArray(
            feedbackItems.feedbackId,
            fb.map((f) => f.id),
          ),
        );
    return {
      deleted: { conversations: convs.length, feedbackTexts: fb.length },
      kept: fb.length
        ? [
            {
              what: 'star ratings of your feedback, anonymous, without text',
              count: fb.length,
              why: 'Anonymous product statistics; they no longer relate to you.',
            },
          ]
        : [],
    };
  },
};

export const notifyHolder: PersonalDataHolder = {
  name: 'notifications',
  async holdings(db, s) {
    const mails = await count(
      db,
      db
        .select({ id: outbox.id })
        .from(outbox)
        .where(
          and(
            eq(outbox.tenantId, s.tenantId),
            sql`lower(${outbox.toEmail}) = ${s.email.toLowerCase()}`,
          ),
        ),
    );
    return [{ purpose: 'necessary', what: 'emails sent to you', count: mails }];
  },
  async export(db, s) {
    const mails = await db
      .select()
      .from(outbox)
      .where(
        and(
          eq(outbox.tenantId, s.tenantId),
          sql`lower(${outbox.toEmail}) = ${s.email.toLowerCase()}`,
        ),
      );
    const subs = await db
      .select()
      .from(mailSubscriptions)
      .where(
        and(
          eq(mailSubscriptions.tenantId, s.tenantId),
          eq(mailSubscriptions.emailHash, emailHash(s.email)),
        ),
      );
    return {
      // The text as sent, without its single-use secrets: an export file is not a key.
      emails: mails.map(({ deliveryText: _secret, deliveryHtml: _secretHtml, ...m }) => ({
        ...m,
        text: hideSecrets(m.text),
        html: m.html === null ? null : hideSecrets(m.html),
      })),
      mailSubscription: subs.map((x) => ({ unsubscribedAt: x.unsubscribedAt })),
    };
  },
  async erase(db, s) {
    const mails = await db
      .delete(outbox)
      .where(
        and(
          eq(outbox.tenantId, s.tenantId),
          sql`lower(${outbox.toEmail}) = ${s.email.toLowerCase()}`,
        ),
      )
      .returning({ id: outbox.id });
    await db
      .delete(mailSubscriptions)
      .where(
        and(
          eq(mailSubscriptions.tenantId, s.tenantId),
          eq(mailSubscriptions.emailHash, emailHash(s.email)),
        ),
      );
    return { deleted: { emails: mails.length }, kept: [] };
  },
};

export const privacyHolder: PersonalDataHolder = {
  name: 'privacy',
  async holdings(db, s) {
    const records = await db
      .select({ purpose: profileRecords.purpose })
      .from(profileRecords)
      .where(ofCustomer(profileRecords, s));
    const consents = await count(
      db,
      db
        .select({ id: consentRecords.id })
        .from(consentRecords)
        .where(ofCustomer(consentRecords, s)),
    );
    const byPurpose = new Map<string, number>();
    for (const r of records) byPurpose.set(r.purpose, (byPurpose.get(r.purpose) ?? 0) + 1);
    return [
      { purpose: 'necessary', what: 'your consent choices (history)', count: consents },
      ...[...byPurpose].map(([purpose, n]) => ({
        purpose: purpose as 'personalization',
        what: 'preferences, needs answers and viewed options',
        count: n,
      })),
    ];
  },
  async export(db, s) {
    return {
      consentHistory: await db
        .select()
        .from(consentRecords)
        .where(ofCustomer(consentRecords, s))
        .orderBy(consentRecords.at),
      profile: await db
        .select()
        .from(profileRecords)
        .where(ofCustomer(profileRecords, s))
        .orderBy(profileRecords.recordedAt),
      rewards: await db.select().from(rewardGrants).where(ofCustomer(rewardGrants, s)),
      staffAccess: await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.tenantId, s.tenantId), eq(auditLog.customerId, s.customerId)))
        .orderBy(auditLog.at),
    };
  },
  async erase(db, s) {
    const records = await db
      .delete(profileRecords)
      .where(ofCustomer(profileRecords, s))
      .returning({ id: profileRecords.id });
    const unused = await db
      .delete(rewardGrants)
      .where(and(ofCustomer(rewardGrants, s), isNull(rewardGrants.usedAt)))
      .returning({ id: rewardGrants.id });
    const used = await count(
      db,
      db.select({ id: rewardGrants.id }).from(rewardGrants).where(ofCustomer(rewardGrants, s)),
    );
    const consents = await count(
      db,
      db
        .select({ id: consentRecords.id })
        .from(consentRecords)
        .where(ofCustomer(consentRecords, s)),
    );
    const audits = await count(
      db,
      db
        .select({ id: auditLog.id })
        .from(auditLog)
        .where(and(eq(auditLog.tenantId, s.tenantId), eq(auditLog.customerId, s.customerId))),
    );
    return {
      deleted: { profileRecords: records.length, unusedRewards: unused.length },
      kept: [
        ...(consents
          ? [
              {
                what: 'the history of your consent choices (purpose, when, notice version; no contact data)',
                count: consents,
                why: 'We must be able to prove consent was given (GDPR Art. 7(1)).',
              },
            ]
          : []),
        ...(used
          ? [
              {
                what: 'rewards you used',
                count: used,
                why: 'They are part of the price of an order kept for accounting.',
              },
            ]
          : []),
        ...(audits
          ? [
              {
                what: 'the log of staff access to your data (ids and times only)',
                count: audits,
                why: 'Accountability for how staff handled your data (GDPR Art. 5(2)).',
              },
            ]
          : []),
      ],
    };
  },
};

/** Last: the account. The customer row stays as an anonymous id that kept records point to. */
export const accountHolder: PersonalDataHolder = {
  name: 'account',
  async holdings(db, s) {
    const profile = await count(
      db,
      db
        .select({ id: customerProfiles.customerId })
        .from(customerProfiles)
        .where(ofCustomer(customerProfiles, s)),
    );
    const live = await count(
      db,
      db
        .select({ id: sessions.id })
        .from(sessions)
        .where(and(ofCustomer(sessions, s), isNull(sessions.revokedAt))),
    );
    return [
      { purpose: 'necessary', what: 'your account (name, email, password hash)', count: 1 },
      {
        purpose: 'necessary',
        what: 'your profile (phone, contact channels, addresses)',
        count: profile,
      },
      { purpose: 'necessary', what: 'sign-in sessions', count: live },
    ];
  },
  async export(db, s) {
    const [customer] = await db
      .select()
      .from(customers)
      .where(and(eq(customers.tenantId, s.tenantId), eq(customers.id, s.customerId)));
    const [profile] = await db
      .select()
      .from(customerProfiles)
      .where(ofCustomer(customerProfiles, s));
    const sess = await db.select().from(sessions).where(ofCustomer(sessions, s));
    return {
      account: customer
        ? {
            id: customer.id,
            email: customer.email,
            name: customer.name,
            businessAccountId: customer.businessAccountId,
            businessRole: customer.businessRole,
            createdAt: customer.createdAt,
          }
        : null,
      profile: profile ?? null,
      sessions: sess.map((x) => ({
        createdAt: x.createdAt,
        expiresAt: x.expiresAt,
        revokedAt: x.revokedAt,
        userAgent: x.userAgent,
        ip: x.ip,
      })),
    };
  },
  async erase(db, s, now) {
    await db.delete(customerProfiles).where(ofCustomer(customerProfiles, s));
    const sess = await db
      .delete(sessions)
      .where(ofCustomer(sessions, s))
      .returning({ id: sessions.id });
    // Browsers remembered for sign-in throttling are keyed by a hash of the email.
    const devices = await forgetDevices(db, s.tenantId, normalizeEmail(s.email));
    await db
      .delete(accountTokens)
      .where(
        and(
          eq(accountTokens.tenantId, s.tenantId),
          sql`lower(${accountTokens.email}) = ${s.email.toLowerCase()}`,
        ),
      );
    // Stored first answers of retried requests may quote the person (they are encrypted, and
    // only a cache): the customer's own, and those of a guest who used their email.
    await db
      .delete(idempotencyRecords)
      .where(
        and(
          eq(idempotencyRecords.tenantId, s.tenantId),
          inArray(idempotencyRecords.caller, [
            `customer:${s.customerId}`,
            guestEmailCaller(s.email),
          ]),
        ),
      );
    await db
      .update(customers)
      .set({
        email: `erased-${s.customerId}@erased.invalid`,
        name: 'Erased customer',
        passwordHash: null,
        updatedAt: now,
      })
      .where(and(eq(customers.tenantId, s.tenantId), eq(customers.id, s.customerId)));
    return {
      deleted: { sessions: sess.length, profile: 1, knownDevices: devices },
      kept: [
        {
          what: 'an anonymous customer number (no name, email or password)',
          count: 1,
          why: 'Records kept for other reasons (orders for accounting, consent proof) refer to it.',
        },
      ],
    };
  },
};
