// Studio events (docs/studio-events.md): ingestion drops and counts what must not be stored,
// records a visit only under research consent (else anonymous counts, where the firm allows),
// and the stuck and funnel pages give exact numbers for a hand-computed set of events. Runs on
// PGlite and, with TEST_DATABASE_URL, on PostgreSQL.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { randomIds } from '../src/ids.ts';
import { createTestApp, type Firm, type SignedIn, type TestApp } from './helpers/app.ts';
import { signUpCustomer } from './helpers/accounts.ts';
import { testDatabaseTargets, type TestDatabase } from './helpers/db.ts';
import { shopProduct } from './helpers/shop.ts';

type Ev = Record<string, unknown>;
type Model = {
  base?: { price?: number };
  features: { id: string; options?: { id: string; price?: number }[] }[];
  rules: { id: string; message?: string }[];
};
type Stuck = {
  period: { from: string; to: string };
  products: { id: string; slug: string; sessionsOpened: number }[];
  rules: {
    productSlug: string;
    rule: string;
    message: string;
    excludedOpened: number;
    whyRead: number;
    choseAnyway: number;
    abandoned: number;
    sessions: number;
    share: number;
    revenueBlocked: number;
    currency: string;
  }[];
  dropped: { reason: string; count: number }[];
};
type FunnelRow = {
  productSlug: string;
  entry: string;
  opened: number;
  saved: number;
  quoted: number;
  ordered: number;
  savedRate: number;
  quotedRate: number;
  orderedRate: number;
};

const R1 = 'carbon-needs-disc-brakes';
const R2 = 'hub-gears-not-on-carbon';

for (const target of testDatabaseTargets()) {
  describe(`studio events on ${target.name}`, () => {
    let testDb: TestDatabase;
    let t: TestApp;
    let alpha: Firm;
    let owner: SignedIn;
    let bike: { versionId: string; model: Model };

    before(async () => {
      testDb = await target.open();
      t = await createTestApp({ testDb, ids: randomIds });
    });
    after(async () => {
      await t.close();
      await testDb.close();
    });
    beforeEach(async () => {
      await t.reset();
      alpha = await t.seedFirm('alpha', 'Alpha Joinery');
      owner = await t.signIn(alpha, 'owner');
      const p = await shopProduct(t, 'alpha', 'city-bike');
      bike = { versionId: p.version.id, model: p.model as unknown as Model };
    });

    async function send(
      events: Ev[],
      options: {
        visit?: string;
        entry?: string;
        who?: SignedIn;
        tenant?: string;
        versionId?: string;
      } = {},
    ) {
      return t.app.inject({
        method: 'POST',
        url: `/api/v1/shop/${options.tenant ?? 'alpha'}/studio-events`,
        headers: options.who?.headers ?? {},
        payload: {
          visit: options.visit ?? randomUUID(),
          versionId: options.versionId ?? bike.versionId,
          entry: options.entry ?? 'options',
          events,
        },
      });
    }

    async function stuck(who: SignedIn = owner, query = '') {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/insights/stuck${query}`,
        headers: who.headers,
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<Stuck>();
    }

    async function funnelRows(query = '') {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/insights/funnel${query}`,
        headers: owner.headers,
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<{ rows: FunnelRow[] }>().rows;
    }

    async function rows(table: string): Promise<Record<string, unknown>[]> {
      const r = await t.db.execute(sql`select * from ${sql.identifier(table)}`);
      return (r as unknown as { rows: Record<string, unknown>[] }).rows;
    }

    /** Every table's rows as text, to search for what must never be stored. */
    async function wholeDatabase(): Promise<string> {
      const tables = await t.db.execute(
        sql`select table_name from information_schema.tables where table_schema = current_schema()`,
      );
      let out = '';
      for (const { table_name } of (tables as unknown as { rows: { table_name: string }[] }).rows) {
        const r = await t.db.execute(
          sql`select coalesce(string_agg(x::text, '|'), '') as s from ${sql.identifier(table_name)} x`,
        );
        out += (r as unknown as { rows: { s: string }[] }).rows[0]!.s;
      }
      return out;
    }

    const price = (option: string, feature: string) =>
      bike.model.features.find((f) => f.id === feature)!.options!.find((o) => o.id === option)!
        .price ?? 0;

    test('the stuck and funnel pages give the hand-computed numbers of a known set of events', async () => {
      // Visit A (entered from a preset): runs into R1 with carbon, reads why, chooses it anyway,
      // then saves, quotes and orders.
      const a = await send(
        [
          { type: 'studio_opened', first: true },
          {
            type: 'excluded_opened',
            feature: 'frame_material',
            value: 'carbon',
            rules: [R1],
            firstRules: [R1],
            design: { brakes: 'rim' },
          },
          { type: 'why_read', feature: 'frame_material', value: 'carbon', rules: [R1] },
          {
            type: 'chose_anyway',
            feature: 'frame_material',
            value: 'carbon',
            rules: [R1],
            design: { brakes: 'rim' },
          },
          { type: 'design_saved', first: true },
          { type: 'quoted', first: true },
          { type: 'ordered', first: true },
        ],
        { entry: 'preset' },
      );
      assert.equal(a.statusCode, 202, a.body);
      assert.deepEqual(a.json(), { recorded: 'anonymous', accepted: 7, dropped: [] });
      // Visit B (option by option), in two batches: R2, then R1, and leaves after the conflict.
      const visitB = randomUUID();
      const b1 = await send(
        [
          { type: 'studio_opened', first: true },
          {
            type: 'excluded_opened',
            feature: 'drivetrain',
            value: 'hub8',
            rules: [R2],
            firstRules: [R2],
            design: { frame_material: 'carbon' },
          },
        ],
        { visit: visitB },
      );
      assert.equal(b1.statusCode, 202, b1.body);
      const b2 = await send(
        [
          {
            type: 'excluded_opened',
            feature: 'brakes',
            value: 'rim',
            rules: [R1],
            firstRules: [R1],
            design: { frame_material: 'carbon', drivetrain: 'derailleur9' },
          },
          { type: 'why_read', feature: 'brakes', value: 'rim', rules: [R1] },
          {
            type: 'conflict_abandoned',
            feature: 'brakes',
            value: 'rim',
            rules: [R1],
            design: { frame_material: 'carbon', drivetrain: 'derailleur9' },
          },
        ],
        { visit: visitB },
      );
      assert.equal(b2.statusCode, 202, b2.body);
      // Visit C (option by option): saves twice and quotes, no rule.
      const c = await send([
        { type: 'studio_opened', first: true },
        { type: 'design_saved', first: true },
        { type: 'design_saved' },
        { type: 'quoted', first: true },
      ]);
      assert.equal(c.statusCode, 202, c.body);

      const base = bike.model.base?.price ?? 0;
      // The blocked design of visit B, priced by hand from the model: base + carbon +
      // derailleur + rim brakes (the value tried).
      const blocked =
        base +
        price('carbon', 'frame_material') +
        price('derailleur9', 'drivetrain') +
        price('rim', 'brakes');
      assert.ok(blocked > 0, 'the blocked design has a price');

      const s = await stuck(owner, '?product=city-bike');
      assert.deepEqual(
        s.products.map((p) => [p.slug, p.sessionsOpened]),
        [['city-bike', 3]],
      );
      const message = (id: string) => bike.model.rules.find((r) => r.id === id)!.message;
      assert.deepEqual(
        s.rules.map((r) => ({ ...r })),
        [
          {
            ...s.rules[0]!,
            productSlug: 'city-bike',
            rule: R1,
            message: message(R1),
            excludedOpened: 2,
            whyRead: 2,
            choseAnyway: 1,
            abandoned: 1,
            sessions: 2,
            share: 2 / 3,
            revenueBlocked: blocked,
            currency: 'EUR',
          },
          {
            ...s.rules[1]!,
            productSlug: 'city-bike',
            rule: R2,
            message: message(R2),
            excludedOpened: 1,
            whyRead: 0,
            choseAnyway: 0,
            abandoned: 0,
            sessions: 1,
            share: 1 / 3,
            revenueBlocked: 0,
            currency: 'EUR',
          },
        ],
      );

      const f = (await funnelRows()).filter((r) => r.productSlug === 'city-bike');
      const pick = (r: FunnelRow) => [r.entry, r.opened, r.saved, r.quoted, r.ordered];
      assert.deepEqual(f.map(pick), [
        ['all', 3, 2, 2, 1],
        ['options', 2, 1, 1, 0],
        ['preset', 1, 1, 1, 1],
      ]);
      assert.deepEqual(
        [f[0]!.savedRate, f[0]!.quotedRate, f[0]!.orderedRate],
        [2 / 3, 2 / 3, 1 / 3],
      );
      assert.deepEqual([f[1]!.savedRate, f[1]!.orderedRate], [1 / 2, 0]);
      // Every published product is in the funnel, with zeros when nobody opened it.
      const card = (await funnelRows()).find((r) => r.productSlug === 'greeting-card');
      assert.deepEqual(card && pick(card), ['all', 0, 0, 0, 0]);
      // A period before the events shows none of them.
      const before = await stuck(owner, '?product=city-bike&from=2025-01-01&to=2025-12-31');
      assert.deepEqual(before.rules, []);
    });

    test('unknown types and personal fields are dropped and counted, never stored', async () => {
      const res = await send([
        { type: 'studio_opened', first: true },
        { type: 'mouse_moved' },
        {
          type: 'excluded_opened',
          feature: 'brakes',
          value: 'rim',
          rules: [R1],
          email: 'leak.me@example.org',
        },
        { type: 'why_read', feature: 'brakes', value: 'rim', rules: ['no-such-rule'] },
        { type: 'excluded_opened', feature: 'no_such_feature', value: 'x', rules: [R1] },
        { type: 'excluded_opened', feature: 'brakes', value: 'Anna Berg', rules: [R1] },
        { type: 'excluded_opened', feature: 'rider_height', value: 187, rules: [R1] },
        {
          type: 'conflict_abandoned',
          rules: [R1],
          design: { rider_height: 187, brakes: 'rim' },
        },
        { type: 'design_saved', customerId: '0b7c7f0e-5a36-4a3f-9a9e-2f1f51f3a111' },
        { type: 'quoted', comment: 'I am Anna, call me' },
      ]);
      assert.equal(res.statusCode, 202, res.body);
      const body = res.json<{
        accepted: number;
        dropped: { index: number; reason: string; field: string }[];
      }>();
      assert.equal(body.accepted, 1);
      assert.deepEqual(body.dropped, [
        { index: 1, reason: 'unknown_type', field: 'events.1.type' },
        { index: 2, reason: 'personal_field', field: 'events.2.email' },
        { index: 3, reason: 'unknown_rule', field: 'events.3.rules' },
        { index: 4, reason: 'unknown_feature', field: 'events.4.feature' },
        { index: 5, reason: 'unknown_value', field: 'events.5.value' },
        { index: 6, reason: 'personal_field', field: 'events.6.value' },
        { index: 7, reason: 'personal_field', field: 'events.7.design.rider_height' },
        { index: 8, reason: 'personal_field', field: 'events.8.customerId' },
        { index: 9, reason: 'personal_field', field: 'events.9.comment' },
      ]);
      // A batch of nothing but bad events: 400 naming the field, and still counted.
      const bad = await send([{ type: 'studio_opened', name: 'Anna Berg' }]);
      assert.equal(bad.statusCode, 400, bad.body);
      assert.match(String(bad.headers['content-type']), /problem\+json/);
      assert.deepEqual(bad.json<{ errors: unknown[] }>().errors, [
        { field: 'events.0.name', message: 'personal data is never recorded with studio events' },
      ]);
      const unknownOnly = await send([{ type: 'hover' }]);
      assert.equal(unknownOnly.statusCode, 400);
      assert.equal(
        unknownOnly.json<{ errors: { field: string }[] }>().errors[0]!.field,
        'events.0.type',
      );

      const counted = Object.fromEntries((await stuck()).dropped.map((d) => [d.reason, d.count]));
      assert.deepEqual(counted, {
        unknown_type: 2,
        personal_field: 6,
        unknown_field: 0,
        malformed: 0,
        unknown_feature: 1,
        unknown_value: 1,
        unknown_rule: 1,
      });
      const everything = await wholeDatabase();
      for (const secret of ['leak.me@example.org', 'Anna', 'mouse_moved', '0b7c7f0e-5a36'])
        assert.ok(!everything.includes(secret), `${secret} is stored nowhere`);
      // Only the one good event was counted.
      const counts = await rows('studio_event_counts');
      assert.deepEqual(
        counts.map((r) => [r.type, r.rule, r.events, r.sessions]),
        [[0, -1, 1, 1]],
      );
    });

    test('guests and customers without research consent leave anonymous counts only; with consent the visit is kept, never the customer', async () => {
      const customer = await signUpCustomer(t, alpha, {
        email: 'noah@example.org',
        name: 'Noah Berg',
        password: 'cedar and brass 19',
      });
      const events = [
        { type: 'studio_opened', first: true },
        {
          type: 'excluded_opened',
          feature: 'frame_material',
          value: 'carbon',
          rules: [R1],
          firstRules: [R1],
          design: { brakes: 'rim' },
        },
      ];
      const guest = await send(events);
      assert.equal(guest.json<{ recorded: string }>().recorded, 'anonymous');
      const without = await send(events, { who: customer });
      assert.equal(without.json<{ recorded: string }>().recorded, 'anonymous');
      assert.deepEqual(await rows('studio_sessions'), [], 'no visit kept without consent');
      assert.deepEqual(await rows('studio_events'), []);

      const consent = async (given: boolean) => {
        const state = await t.app.inject({
          method: 'GET',
          url: '/api/v1/privacy/consents',
          headers: customer.headers,
        });
        const version = state
          .json<{ purposes: { purpose: string; notice: { version: number } }[] }>()
          .purposes.find((p) => p.purpose === 'research')!.notice.version;
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/privacy/consents',
          headers: customer.headers,
          payload: { purpose: 'research', given, screen: 'privacy-centre', noticeVersion: version },
        });
        assert.equal(res.statusCode, 200, res.body);
      };
      await consent(true);
      const visit = randomUUID();
      const withConsent = await send(events, { who: customer, visit, entry: 'needs' });
      assert.equal(withConsent.json<{ recorded: string }>().recorded, 'session');
      const sessions = await rows('studio_sessions');
      assert.equal(sessions.length, 1);
      assert.equal(sessions[0]!.visit, visit);
      assert.equal(sessions[0]!.entry, 0);
      const kept = await rows('studio_events');
      assert.deepEqual(
        kept.map((e) => [
          e.type,
          e.rules === null ? null : (e.rules as number[]).length,
          typeof e.price,
        ]),
        [
          [0, null, 'object'],
          [1, 1, 'number'],
        ],
      );
      // No column of a studio table holds the customer, and their id is nowhere in them.
      const columns = await t.db.execute(
        sql`select table_name, column_name from information_schema.columns
            where table_schema = current_schema() and table_name like 'studio%'`,
      );
      const names = (columns as unknown as { rows: { column_name: string }[] }).rows.map(
        (c) => c.column_name,
      );
      assert.ok(names.length >= 20);
      assert.ok(!names.some((n) => /customer|user|email/.test(n)), names.join(', '));
      const studioRows = JSON.stringify([
        ...sessions,
        ...kept,
        ...(await rows('studio_event_counts')),
      ]);
      assert.ok(!studioRows.includes(customer.userId), 'the customer id is in no studio row');

      // Withdrawn (a moment later: the latest record is the state): the very next batch is
      // anonymous again.
      t.clock.advance(60_000);
      await consent(false);
      const later = await send(events, { who: customer, visit });
      assert.equal(later.json<{ recorded: string }>().recorded, 'anonymous');
      assert.equal((await rows('studio_events')).length, 2, 'nothing more kept with the visit');
      // All four batches are in the counts: 4 visits opened, R1 touched 4 times.
      const s = await stuck(owner, '?product=city-bike');
      assert.equal(s.products[0]!.sessionsOpened, 4);
      assert.equal(s.rules[0]!.excludedOpened, 4);
    });

    test('a firm that turns anonymous studio analytics off records nothing of guests; staff are never counted', async () => {
      const off = await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/tenant',
        headers: owner.headers,
        payload: { settings: { anonymousStudioAnalytics: false } },
      });
      assert.equal(off.statusCode, 200, off.body);
      const guest = await send([{ type: 'studio_opened', first: true }]);
      assert.equal(guest.statusCode, 202, guest.body);
      assert.equal(guest.json<{ recorded: string }>().recorded, 'none');
      const on = await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/tenant',
        headers: owner.headers,
        payload: { settings: { anonymousStudioAnalytics: true } },
      });
      assert.equal(on.statusCode, 200, on.body);
      const staff = await send([{ type: 'studio_opened', first: true }], { who: owner });
      assert.equal(staff.json<{ recorded: string }>().recorded, 'none');
      assert.deepEqual(await rows('studio_event_counts'), []);
      // The notice everyone reads says what is counted while it is on, and only then.
      const necessary = async () =>
        (await t.app.inject({ method: 'GET', url: '/api/v1/privacy/notices?tenant=alpha' }))
          .json<{ purpose: string; text: string }[]>()
          .find((n) => n.purpose === 'necessary')!.text;
      assert.match(await necessary(), /anonymous daily totals/);
      await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/tenant',
        headers: owner.headers,
        payload: { settings: { anonymousStudioAnalytics: false } },
      });
      assert.doesNotMatch(await necessary(), /anonymous daily totals/);
    });

    test('firms are isolated: another firm’s version is 404 in this shop, and its events never show here', async () => {
      const beta = await t.seedFirm('beta', 'Beta Metalworks');
      const betaBike = await shopProduct(t, 'beta', 'city-bike');
      const cross = await send([{ type: 'studio_opened', first: true }], {
        versionId: betaBike.version.id,
      });
      assert.equal(cross.statusCode, 404, cross.body);
      const inBeta = await send(
        [
          { type: 'studio_opened', first: true },
          {
            type: 'excluded_opened',
            feature: 'brakes',
            value: 'rim',
            rules: [R1],
            firstRules: [R1],
          },
        ],
        { tenant: 'beta', versionId: betaBike.version.id },
      );
      assert.equal(inBeta.statusCode, 202, inBeta.body);
      const s = await stuck();
      assert.deepEqual(s.rules, []);
      assert.ok(s.products.every((p) => p.sessionsOpened === 0));
      assert.doesNotMatch(JSON.stringify(s), new RegExp(betaBike.version.id));
      const betaOwner = await t.signIn(beta, 'owner');
      const theirs = await stuck(betaOwner, '?product=city-bike');
      assert.equal(theirs.rules[0]!.rule, R1);
      assert.equal(theirs.products[0]!.sessionsOpened, 1);
      // Customers and guests do not read the insight pages.
      const guestRead = await t.app.inject({ method: 'GET', url: '/api/v1/insights/stuck' });
      assert.equal(guestRead.statusCode, 401);
    });

    test('concurrent batches add up exactly (one upsert per counter row)', async () => {
      const batch = [
        { type: 'studio_opened', first: true },
        { type: 'excluded_opened', feature: 'brakes', value: 'rim', rules: [R1], firstRules: [R1] },
      ];
      const answers = await Promise.all(Array.from({ length: 12 }, () => send(batch)));
      assert.ok(answers.every((a) => a.statusCode === 202));
      const s = await stuck(owner, '?product=city-bike');
      assert.equal(s.products[0]!.sessionsOpened, 12);
      assert.equal(s.rules[0]!.sessions, 12);
      assert.equal(s.rules[0]!.excludedOpened, 12);
    });

    test('bad periods and products are 4xx naming the field', async () => {
      for (const [query, field] of [
        ['?from=2026-02-30', 'from'],
        ['?to=yesterday', 'to'],
        ['?from=2026-03-01&to=2026-02-01', 'from'],
      ] as const) {
        const res = await t.app.inject({
          method: 'GET',
          url: `/api/v1/insights/funnel${query}`,
          headers: owner.headers,
        });
        assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
        assert.ok(
          res.json<{ errors: { field: string }[] }>().errors.some((e) => e.field === field),
          res.body,
        );
      }
      const unknown = await t.app.inject({
        method: 'GET',
        url: '/api/v1/insights/stuck?product=no-such-product',
        headers: owner.headers,
      });
      assert.equal(unknown.statusCode, 404);
    });
  });
}
