// Studio events: ingestion from the studio (public, per firm by slug, rate-limited as every
// guest write) and the two insight pages' data for staff (docs/studio-events.md).
import { Type } from 'typebox';
import { requireStaff, staffOf } from '../auth/guards.ts';
import { dateInZone } from '../capacity/capacity.ts';
import { compiledVersion, servingFactsOf } from '../catalog/catalog.ts';
import { getVersionSummary, listProducts, publishedVersions } from '../catalog/catalog.store.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { NotFound, ValidationFailed } from '../http/errors.ts';
import { Body, responses, Uuid } from '../http/schemas.ts';
import { hasConsent } from '../privacy/consent.ts';
import { resolveShopTenant, shopperOf, shopTenantOf } from '../shop/shop-tenant.ts';
import { getTenant } from '../tenants/tenants.store.ts';
import {
  countDeltas,
  DROP_REASONS,
  ENTRY_PATHS,
  EVENT_TYPES,
  MAX_BATCH_EVENTS,
  modelIndex,
  parseEvent,
  type DropReason,
  type ParsedEvent,
} from './studio-events.ts';
import {
  addBatch,
  insertSessionEvents,
  sumCounts,
  sumDrops,
  visitSession,
} from './studio-events.store.ts';
import { funnel, stuckRules, type ProductInfo, type VersionRules } from './studio-insights.ts';

const TenantParams = Type.Object({ tenant: Type.String({ maxLength: 100 }) });
const EntrySchema = Type.Union(
  ENTRY_PATHS.map((e) => Type.Literal(e)),
  { description: 'How the studio was entered' },
);

/**
 * One event. Checked field by field in studio-events.ts (not here), so that one bad event in a
 * batch is dropped and counted instead of refusing the whole batch.
 */
const EventSchema = Type.Object(
  {
    type: Type.String({
      maxLength: 40,
      description: `One of ${EVENT_TYPES.join(', ')}`,
      examples: ['studio_opened'],
    }),
    first: Type.Optional(
      Type.Boolean({ description: 'The first event of this type in the visit' }),
    ),
    feature: Type.Optional(Type.String({ maxLength: 200 })),
    value: Type.Optional(
      Type.Union([Type.String({ maxLength: 200 }), Type.Number(), Type.Boolean()]),
    ),
    rules: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 64 })),
    firstRules: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 64 })),
    design: Type.Optional(
      Type.Record(
        Type.String(),
        Type.Union([Type.String({ maxLength: 200 }), Type.Number(), Type.Boolean()]),
      ),
    ),
  },
  { additionalProperties: true },
);

const Batch = Body({
  // Not a record's id (the tenant-isolation test reads `format: uuid` as one): the browser's
  // random name for this visit, checked to be UUID-shaped.
  visit: Type.String({
    pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
    examples: ['5b0e8a2c-3f4d-4e6a-9b1c-2d3e4f5a6b7c'],
    description: 'A random id the browser makes for this studio visit (never a person’s id)',
  }),
  versionId: Uuid,
  entry: EntrySchema,
  events: Type.Array(EventSchema, { minItems: 1, maxItems: MAX_BATCH_EVENTS }),
});

const IngestAnswer = Type.Object({
  /** `session`: kept with the visit (research consent); `anonymous`: counted only; `none`. */
  recorded: Type.Union([Type.Literal('session'), Type.Literal('anonymous'), Type.Literal('none')]),
  accepted: Type.Integer(),
  dropped: Type.Array(
    Type.Object({ index: Type.Integer(), reason: Type.String(), field: Type.String() }),
  ),
});

const RangeQuery = Type.Object({
  product: Type.Optional(
    Type.String({ minLength: 1, maxLength: 100, description: 'A product slug or id' }),
  ),
  from: Type.Optional(
    Type.String({ format: 'date', description: 'First day (default: 90 days ago)' }),
  ),
  to: Type.Optional(Type.String({ format: 'date', description: 'Last day (default: today)' })),
});

const StuckRuleSchema = Type.Object({
  productId: Type.String(),
  productSlug: Type.String(),
  productName: Type.String(),
  rule: Type.String(),
  message: Type.String(),
  excludedOpened: Type.Integer(),
  whyRead: Type.Integer(),
  choseAnyway: Type.Integer(),
  abandoned: Type.Integer(),
  sessions: Type.Integer(),
  share: Type.Number(),
  revenueBlocked: Type.Integer(),
  currency: Type.String(),
});
const ProductSessionsSchema = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  sessionsOpened: Type.Integer(),
});
const FunnelRowSchema = Type.Object({
  productId: Type.String(),
  productSlug: Type.String(),
  productName: Type.String(),
  entry: Type.String(),
  opened: Type.Integer(),
  saved: Type.Integer(),
  quoted: Type.Integer(),
  ordered: Type.Integer(),
  savedRate: Type.Number(),
  quotedRate: Type.Number(),
  orderedRate: Type.Number(),
});
const Period = Type.Object({ from: Type.String(), to: Type.String() });

const DAY_MS = 86_400_000;

/** A real calendar day written YYYY-MM-DD (2026-02-30 is not one). */
function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const at = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === value;
}

export function registerStudioEventRoutes(app: App, deps: AppDeps): void {
  const { db, clock, ids } = deps;

  // Versions that took events, per process: a version once published is never a draft again,
  // so its product and proof are read once, not on every batch (the key holds the firm).
  const served = new Map<string, { id: string; productId: string }>();
  async function servedVersion(tenantId: string, versionId: string) {
    const key = `${tenantId}/${versionId}`;
    const hit = served.get(key);
    if (hit) return hit;
    const version = await getVersionSummary(db, tenantId, versionId);
    if (!version || version.status === 'draft') throw new NotFound('product version', versionId);
    await servingFactsOf(deps, version);
    if (served.size >= 1024) served.delete(served.keys().next().value!);
    const entry = { id: version.id, productId: version.productId };
    served.set(key, entry);
    return entry;
  }

  app.post(
    '/api/v1/shop/:tenant/studio-events',
    {
      onRequest: resolveShopTenant(db),
      schema: {
        tags: ['shop'],
        summary:
          'Studio events of one visit, in a batch: recorded with the visit only under research consent, else as anonymous counts (where the firm allows); personal data and unknown events are dropped and counted',
        params: TenantParams,
        body: Batch,
        response: responses({ 202: IngestAnswer }),
      },
    },
    async (request, reply) => {
      const tenant = shopTenantOf(request);
      const shopper = shopperOf(request, tenant);
      const { visit, versionId, entry, events } = request.body;
      const version = await servedVersion(tenant.id, versionId);
      const index = modelIndex(await compiledVersion(db, tenant.id, version.id));

      const now = clock.now();
      const day = dateInZone(now, tenant.settings.timezone);
      const kept: ParsedEvent[] = [];
      const dropped: { index: number; reason: DropReason; field: string; message: string }[] = [];
      events.forEach((raw, i) => {
        const parsed = parseEvent(index, raw, i);
        if ('ok' in parsed) kept.push(parsed.ok);
        else dropped.push({ index: i, ...parsed.dropped });
      });
      const drops = new Map<DropReason, number>();
      for (const d of dropped) drops.set(d.reason, (drops.get(d.reason) ?? 0) + 1);

      // Who may be recorded how, decided now (a withdrawal stops recording at the next batch):
      // the visit only for a signed-in customer with research consent; anonymous counts for
      // everyone else where the firm allows them; the firm's own staff are never counted.
      let recorded: 'session' | 'anonymous' | 'none' = 'none';
      if (
        shopper?.kind === 'customer' &&
        (await hasConsent(db, tenant.id, shopper.customerId, 'research'))
      )
        recorded = 'session';
      else if (shopper?.kind !== 'staff' && tenant.settings.anonymousStudioAnalytics !== false)
        recorded = 'anonymous';
      if (kept.length === 0) recorded = 'none';

      const entryIndex = ENTRY_PATHS.indexOf(entry);
      const key =
        recorded === 'none'
          ? null
          : { day, productId: version.productId, versionId: version.id, entry: entryIndex };
      const deltas = recorded === 'none' ? [] : countDeltas(kept);
      if (recorded !== 'session') {
        // Anonymous counts and drops: one statement, stored before the answer says accepted.
        await addBatch(db, tenant.id, day, key, deltas, drops);
      } else {
        await db.transaction(async (tx) => {
          await addBatch(tx, tenant.id, day, key, deltas, drops);
          const sessionId = await visitSession(tx, tenant.id, {
            id: ids.uuid(),
            visit,
            productId: version.productId,
            versionId: version.id,
            entry: entryIndex,
            at: now,
          });
          await insertSessionEvents(tx, tenant.id, sessionId, now, kept);
        });
      }
      if (kept.length === 0)
        throw new ValidationFailed(
          dropped.slice(0, 20).map((d) => ({ field: d.field, message: d.message })),
          `No event of the batch can be recorded: ${dropped
            .slice(0, 5)
            .map((d) => `${d.field} ${d.message}`)
            .join('; ')}.`,
        );
      return reply.code(202).send({
        recorded,
        accepted: kept.length,
        dropped: dropped.map(({ index: i, reason, field }) => ({ index: i, reason, field })),
      });
    },
  );

  /** The period asked for (days in the firm's time zone) and the products it covers. */
  async function scope(
    tenantId: string,
    query: { product?: string; from?: string; to?: string },
  ): Promise<{
    from: string;
    to: string;
    products: ProductInfo[];
    productId?: string;
    versionRules: VersionRules;
    versionOrder: Map<string, number>;
  }> {
    const tenant = (await getTenant(db, tenantId))!;
    const now = clock.now();
    const to = query.to ?? dateInZone(now, tenant.settings.timezone);
    const from =
      query.from ?? dateInZone(new Date(now.getTime() - 90 * DAY_MS), tenant.settings.timezone);
    for (const [field, value] of [
      ['from', from],
      ['to', to],
    ] as const)
      if (!isDay(value))
        throw new ValidationFailed([{ field, message: 'must be a date (YYYY-MM-DD)' }]);
    if (from > to) throw new ValidationFailed([{ field: 'from', message: 'must not be after to' }]);
    const all = await listProducts(db, tenantId);
    const chosen = query.product
      ? all.filter((p) => p.slug === query.product || p.id === query.product)
      : all;
    if (query.product && chosen.length === 0) throw new NotFound('product', query.product);
    const published = new Map(
      (
        await publishedVersions(
          db,
          tenantId,
          chosen.map((p) => p.id),
        )
      ).map((v) => [v.productId, v]),
    );
    const products = chosen
      .filter((p) => published.has(p.id))
      .map((p) => ({
        id: p.id,
        slug: p.slug,
        name: p.name,
        currency: published.get(p.id)!.model.currency,
      }));
    return {
      from,
      to,
      products,
      ...(query.product ? { productId: chosen[0]!.id } : {}),
      versionRules: new Map(),
      versionOrder: new Map(),
    };
  }

  /** Rule ids and messages of the versions the counters name (compiled models are cached). */
  async function rulesOfVersions(
    tenantId: string,
    versionIds: Set<string>,
    into: { versionRules: VersionRules; versionOrder: Map<string, number> },
  ) {
    for (const versionId of versionIds) {
      const summary = await getVersionSummary(db, tenantId, versionId);
      if (!summary) continue;
      const compiled = await compiledVersion(db, tenantId, versionId).catch(() => null);
      if (!compiled) continue;
      into.versionRules.set(
        versionId,
        compiled.ir.rules.map((r) => ({ id: r.id, message: r.message ?? r.id })),
      );
      into.versionOrder.set(versionId, summary.number);
    }
  }

  app.get(
    '/api/v1/insights/stuck',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['insights'],
        summary:
          'Where customers get stuck: per rule, exclusions opened, explanations read, “choose it anyway”, abandoned conflicts, share of studio sessions touched and revenue of blocked designs',
        querystring: RangeQuery,
        response: responses({
          200: Type.Object({
            period: Period,
            products: Type.Array(ProductSessionsSchema),
            rules: Type.Array(StuckRuleSchema),
            dropped: Type.Array(Type.Object({ reason: Type.String(), count: Type.Integer() })),
          }),
        }),
      },
    },
    async (request) => {
      const { tenantId } = staffOf(request);
      const s = await scope(tenantId, request.query);
      const rows = await sumCounts(db, tenantId, s);
      await rulesOfVersions(
        tenantId,
        new Set(rows.filter((r) => r.rule >= 0).map((r) => r.versionId)),
        s,
      );
      const productMap = new Map(s.products.map((p) => [p.id, p]));
      const opened = new Map<string, number>();
      for (const f of funnel(rows, s.products))
        if (f.entry === 'all') opened.set(f.productId, f.opened);
      const drops = await sumDrops(db, tenantId, s);
      return {
        period: { from: s.from, to: s.to },
        products: s.products.map((p) => ({
          id: p.id,
          slug: p.slug,
          name: p.name,
          sessionsOpened: opened.get(p.id) ?? 0,
        })),
        rules: stuckRules(rows, productMap, s.versionRules, s.versionOrder),
        dropped: DROP_REASONS.map((reason) => ({
          reason,
          count: drops.find((d) => d.reason === reason)?.count ?? 0,
        })),
      };
    },
  );

  app.get(
    '/api/v1/insights/funnel',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['insights'],
        summary:
          'Studio funnel: sessions opened → design saved → quoted → ordered, per product and entry path',
        querystring: RangeQuery,
        response: responses({
          200: Type.Object({ period: Period, rows: Type.Array(FunnelRowSchema) }),
        }),
      },
    },
    async (request) => {
      const { tenantId } = staffOf(request);
      const s = await scope(tenantId, request.query);
      const rows = await sumCounts(db, tenantId, s, true);
      return { period: { from: s.from, to: s.to }, rows: funnel(rows, s.products) };
    },
  );
}
