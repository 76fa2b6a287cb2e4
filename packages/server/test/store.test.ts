// The store functions against every configured database: PGlite always, PostgreSQL when
// TEST_DATABASE_URL is set (and then it must be reachable: opening it fails the suite).
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  findApiKeyBySecret,
  insertApiKey,
  listApiKeys,
  revokeApiKey,
} from '../src/auth/api-keys.store.ts';
import { newApiKeySecret } from '../src/auth/api-keys.ts';
import { clear, hit } from '../src/auth/rate-limit.ts';
import {
  findLiveSession,
  insertSession,
  revokeSession,
  revokeStaffSessions,
} from '../src/auth/sessions.store.ts';
import { sha256 } from '../src/auth/tokens.ts';
import { isUniqueViolation } from '../src/db/errors.ts';
import { idempotencyRecords } from '../src/http/idempotency.schema.ts';
import { purgeExpired } from '../src/maintenance.ts';
import { sequentialIds } from '../src/ids.ts';
import { defaultTenantSettings } from '../src/tenants/tenants.ts';
import {
  findTenantBySlug,
  getTenant,
  insertTenant,
  updateTenant,
} from '../src/tenants/tenants.store.ts';
import {
  countActiveOwnersForUpdate,
  findStaffByEmail,
  getStaff,
  insertBusinessAccount,
  insertCustomer,
  insertStaff,
  listStaff,
  updateStaff,
} from '../src/users/users.store.ts';
import { testDatabaseTargets, type TestDatabase } from './helpers/db.ts';

const now = new Date('2026-03-01T10:00:00.000Z');

for (const target of testDatabaseTargets()) {
  describe(`stores on ${target.name}`, () => {
    let tdb: TestDatabase;
    const ids = sequentialIds();
    const db = () => tdb.database.db;

    before(async () => {
      tdb = await target.open();
    });
    beforeEach(() => tdb.reset());
    after(() => tdb?.close());

    async function tenant(slug: string) {
      return insertTenant(db(), {
        id: ids.uuid(),
        slug,
        name: `Firm ${slug}`,
        settings: defaultTenantSettings,
        now,
      });
    }
    async function staff(tenantId: string, email: string, role: 'owner' | 'sales' = 'owner') {
      return insertStaff(db(), {
        id: ids.uuid(),
        tenantId,
        email,
        name: email,
        role,
        passwordHash: 'x',
        now,
      });
    }

    test('a tenant is found by slug and keeps its settings as JSON', async () => {
      const t = await tenant('acme');
      assert.deepEqual(await findTenantBySlug(db(), 'acme'), t);
      const changed = await updateTenant(db(), t.id, {
        settings: { ...t.settings, currency: 'USD' },
        now: new Date(now.getTime() + 1000),
      });
      assert.equal(changed?.settings.currency, 'USD');
      assert.equal(
        (await getTenant(db(), t.id))?.updatedAt.toISOString(),
        '2026-03-01T10:00:01.000Z',
      );
      assert.equal(await findTenantBySlug(db(), 'other'), null);
    });

    test('a slug is unique across the platform', async () => {
      await tenant('acme');
      await assert.rejects(tenant('acme'), (e: unknown) => isUniqueViolation(e));
    });

    test('staff emails are unique per firm, case-insensitively, and free across firms', async () => {
      const a = await tenant('a');
      const b = await tenant('b');
      await staff(a.id, 'Ann@Example.com');
      await assert.rejects(staff(a.id, 'ann@example.com'), (e: unknown) => isUniqueViolation(e));
      await staff(b.id, 'ann@example.com');
      assert.equal(
        (await findStaffByEmail(db(), a.id, 'ANN@example.com'))?.email,
        'Ann@Example.com',
      );
    });

    test('every lookup is scoped by tenant: another firm’s id finds nothing', async () => {
      const a = await tenant('a');
      const b = await tenant('b');
      const bob = await staff(b.id, 'bob@example.com');
      assert.equal(await getStaff(db(), a.id, bob.id), null);
      assert.equal(await updateStaff(db(), a.id, bob.id, { name: 'Hacked', now }), null);
      assert.deepEqual(await listStaff(db(), a.id), []);
      assert.equal((await getStaff(db(), b.id, bob.id))?.name, 'bob@example.com');
    });

    test('active owners are counted without disabled ones', async () => {
      const a = await tenant('a');
      const one = await staff(a.id, 'one@example.com');
      await staff(a.id, 'two@example.com');
      await staff(a.id, 'sales@example.com', 'sales');
      await updateStaff(db(), a.id, one.id, { disabledAt: now, now });
      assert.equal(await db().transaction((tx) => countActiveOwnersForUpdate(tx, a.id)), 1);
    });

    test('a customer cannot join another firm’s business account (the key includes the tenant)', async () => {
      const a = await tenant('a');
      const b = await tenant('b');
      const account = await insertBusinessAccount(db(), {
        id: ids.uuid(),
        tenantId: b.id,
        name: 'Globex',
        now,
      });
      const customer = {
        id: ids.uuid(),
        email: 'c@example.com',
        name: 'C',
        passwordHash: null,
        businessAccountId: account.id,
        businessRole: 'buyer' as const,
        now,
      };
      await assert.rejects(insertCustomer(db(), { ...customer, tenantId: a.id }));
      assert.equal(
        (await insertCustomer(db(), { ...customer, tenantId: b.id })).businessAccountId,
        account.id,
      );
    });

    test('a session lives until it expires or is revoked, and dies with a disabled user', async () => {
      const a = await tenant('a');
      const ann = await staff(a.id, 'ann@example.com');
      const session = await insertSession(db(), {
        id: ids.uuid(),
        tenantId: a.id,
        tokenHash: sha256('token-1'),
        csrfToken: 'csrf',
        staffUserId: ann.id,
        createdAt: now,
        expiresAt: new Date(now.getTime() + 60_000),
      });
      assert.equal((await findLiveSession(db(), sha256('token-1'), now))?.staff?.id, ann.id);
      assert.equal(
        await findLiveSession(db(), sha256('token-1'), new Date(now.getTime() + 60_000)),
        null,
      );
      await updateStaff(db(), a.id, ann.id, { disabledAt: now, now });
      assert.equal(await findLiveSession(db(), sha256('token-1'), now), null);
      await updateStaff(db(), a.id, ann.id, { disabledAt: null, now });
      await revokeSession(db(), a.id, session.id, now);
      assert.equal(await findLiveSession(db(), sha256('token-1'), now), null);
    });

    test('revoking a person’s sessions leaves other people’s', async () => {
      const a = await tenant('a');
      const ann = await staff(a.id, 'ann@example.com');
      const bob = await staff(a.id, 'bob@example.com');
      for (const [who, token] of [
        [ann, 'ann-token'],
        [bob, 'bob-token'],
      ] as const) {
        await insertSession(db(), {
          id: ids.uuid(),
          tenantId: a.id,
          tokenHash: sha256(token),
          csrfToken: 'c',
          staffUserId: who.id,
          createdAt: now,
          expiresAt: new Date(now.getTime() + 60_000),
        });
      }
      await revokeStaffSessions(db(), a.id, ann.id, now);
      assert.equal(await findLiveSession(db(), sha256('ann-token'), now), null);
      assert.notEqual(await findLiveSession(db(), sha256('bob-token'), now), null);
    });

    test('an API key is found by its secret until revoked; only its hash is stored', async () => {
      const a = await tenant('a');
      const { secret, prefix, secretHash } = newApiKeySecret();
      const key = await insertApiKey(db(), {
        id: ids.uuid(),
        tenantId: a.id,
        name: 'ERP',
        role: 'sales',
        prefix,
        secretHash,
        createdAt: now,
      });
      assert.notEqual(key.secretHash, secret);
      assert.equal((await findApiKeyBySecret(db(), secret))?.id, key.id);
      assert.equal(await findApiKeyBySecret(db(), `${secret}x`), null);
      assert.equal(
        await revokeApiKey(db(), (await tenant('b')).id, key.id, now),
        null,
        'not from another firm',
      );
      await revokeApiKey(db(), a.id, key.id, now);
      assert.equal(await findApiKeyBySecret(db(), secret), null);
      assert.equal((await listApiKeys(db(), a.id))[0]?.revokedAt?.toISOString(), now.toISOString());
    });

    test('a rate-limit bucket counts within its window, refuses beyond, and restarts after it', async () => {
      const rule = { limit: 3, windowMs: 60_000 };
      for (let i = 0; i < 3; i++)
        assert.deepEqual(await hit(db(), 'login:x', rule, now), { allowed: true });
      assert.deepEqual(await hit(db(), 'login:x', rule, new Date(now.getTime() + 20_000)), {
        allowed: false,
        retryAfterSeconds: 40,
      });
      assert.deepEqual(
        await hit(db(), 'login:y', rule, now),
        { allowed: true },
        'buckets are separate',
      );
      assert.deepEqual(await hit(db(), 'login:x', rule, new Date(now.getTime() + 60_000)), {
        allowed: true,
      });
      await clear(db(), 'login:x');
      for (let i = 0; i < 3; i++)
        assert.deepEqual(await hit(db(), 'login:x', rule, now), { allowed: true });
    });

    test('purging deletes long-ended sessions, old idempotency records and rate windows, and keeps the rest', async () => {
      const a = await tenant('a');
      const ann = await staff(a.id, 'ann@example.com');
      const day = 24 * 60 * 60 * 1000;
      const session = (token: string, expiresAt: Date) =>
        insertSession(db(), {
          id: ids.uuid(),
          tenantId: a.id,
          tokenHash: sha256(token),
          csrfToken: 'c',
          staffUserId: ann.id,
          createdAt: new Date(expiresAt.getTime() - day),
          expiresAt,
        });
      await session('long-expired', new Date(now.getTime() - 31 * day));
      await session('recently-expired', new Date(now.getTime() - 1 * day));
      await session('live', new Date(now.getTime() + day));
      await db()
        .insert(idempotencyRecords)
        .values([
          {
            tenantId: a.id,
            route: 'POST /x',
            key: 'old',
            requestHash: 'h',
            createdAt: new Date(now.getTime() - 2 * day),
          },
          { tenantId: a.id, route: 'POST /x', key: 'new', requestHash: 'h', createdAt: now },
        ]);
      await hit(
        db(),
        'old-bucket',
        { limit: 1, windowMs: 60_000 },
        new Date(now.getTime() - 2 * day),
      );
      await hit(db(), 'new-bucket', { limit: 1, windowMs: 60_000 }, now);

      assert.deepEqual(await purgeExpired(db(), now), {
        sessions: 1,
        idempotencyRecords: 1,
        rateLimitBuckets: 1,
        bidOffers: 0,
      });
      assert.deepEqual(await purgeExpired(db(), now), {
        sessions: 0,
        idempotencyRecords: 0,
        rateLimitBuckets: 0,
        bidOffers: 0,
      });
      assert.notEqual(await findLiveSession(db(), sha256('live'), now), null);
    });

    test('concurrent hits on one bucket are all counted', async () => {
      const rule = { limit: 100, windowMs: 60_000 };
      await Promise.all(Array.from({ length: 10 }, () => hit(db(), 'burst', rule, now)));
      assert.deepEqual(await hit(db(), 'burst', { limit: 10, windowMs: 60_000 }, now), {
        allowed: false,
        retryAfterSeconds: 60,
      });
    });
  });
}
