// Insight reports for the firm's console: demand by option and the variety & effectiveness
// scorecard. Aggregates only (counts and figures, no customer named). Demand by option splits by
// customer-value segment, so it is for those who already see the segments (owner and sales, as
// customers/value); the scorecard also for operations, who plan with lead times and promised
// dates. Designers and providers see neither (margins, segments).
import { Type } from 'typebox';
import { requireStaff, staffOf } from '../auth/guards.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { responses, Uuid } from '../http/schemas.ts';
import { SEGMENTS } from './customer-value.schema.ts';
import { UNSEGMENTED } from './option-demand.store.ts';
import { optionDemandReport, scorecardReport } from './insight-reports.ts';

export const OPTION_DEMAND_ROLES = ['owner', 'sales'] as const;
export const SCORECARD_ROLES = ['owner', 'sales', 'operations'] as const;

const Day = Type.String({
  format: 'date',
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'A day (YYYY-MM-DD) in the firm’s time zone, included',
});

const Period = {
  product: Uuid,
  from: Type.Optional(Day),
  to: Type.Optional(Day),
};

const ValueSchema = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);
const SegmentName = Type.Union([...SEGMENTS, UNSEGMENTED].map((s) => Type.Literal(s)));

const ValueDemand = {
  feature: Type.String(),
  featureLabel: Type.String(),
  value: ValueSchema,
  valueLabel: Type.String(),
  designs: Type.Integer({ description: 'Saved designs choosing the value' }),
  orders: Type.Integer({ description: 'Orders choosing the value' }),
};

const Input = Type.Object({
  name: Type.String(),
  value: Type.Union([Type.Number(), Type.String(), Type.Null()]),
});

const ExplanationSchema = Type.Object({
  definition: Type.String(),
  formula: Type.String(),
  inputs: Type.Array(Input),
});

const ProductRef = Type.Object({ id: Uuid, name: Type.String() });

export const OptionDemandSchema = Type.Object({
  product: ProductRef,
  from: Type.String({ format: 'date' }),
  to: Type.String({ format: 'date' }),
  timezone: Type.String(),
  bucket: Type.Union([Type.Literal('week'), Type.Literal('month')]),
  segment: Type.Union([SegmentName, Type.Null()]),
  totals: Type.Object({ designs: Type.Integer(), orders: Type.Integer() }),
  values: Type.Array(Type.Object(ValueDemand)),
  overTime: Type.Array(
    Type.Object({
      ...ValueDemand,
      bucket: Type.String({ description: 'First day of the week (Monday) or month' }),
    }),
  ),
  bySegment: Type.Array(Type.Object({ ...ValueDemand, segment: SegmentName })),
  explanation: Type.Object({
    definition: Type.String(),
    formula: Type.String(),
    segments: Type.String(),
  }),
});

export const ScorecardSchema = Type.Object({
  product: ProductRef,
  from: Type.String({ format: 'date' }),
  to: Type.String({ format: 'date' }),
  timezone: Type.String(),
  currency: Type.Union([Type.String(), Type.Null()]),
  figures: Type.Array(
    Type.Object({
      key: Type.String(),
      label: Type.String(),
      value: Type.Union([Type.Number(), Type.String(), Type.Null()], {
        description:
          'Null when not computable (see explanation); exact big counts as decimal strings',
      }),
      unit: Type.Union(
        ['configurations', 'orders', 'percent', 'days', 'score'].map((u) => Type.Literal(u)),
      ),
      explanation: ExplanationSchema,
    }),
  ),
  margins: Type.Object({
    costsMissing: Type.Boolean(),
    explanation: ExplanationSchema,
    items: Type.Array(
      Type.Object({
        feature: Type.String(),
        featureLabel: Type.String(),
        value: ValueSchema,
        valueLabel: Type.String(),
        orders: Type.Integer(),
        priceDelta: Type.Number({ description: 'Minor units per order' }),
        costDelta: Type.Union([Type.Number(), Type.Null()]),
        marginPerOrder: Type.Union([Type.Number(), Type.Null()]),
        marginTotal: Type.Union([Type.Number(), Type.Null()]),
        costSource: Type.Union([
          Type.Literal('model'),
          Type.Literal('providers'),
          Type.Literal('missing'),
        ]),
      }),
    ),
  }),
});

export function registerInsightReportRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/v1/insights/option-demand',
    {
      onRequest: requireStaff([...OPTION_DEMAND_ROLES]),
      schema: {
        tags: ['insights'],
        summary:
          'How often each option value is chosen in saved designs and orders, per value, over time and per customer-value segment (segments only under personalization consent)',
        querystring: Type.Object({
          ...Period,
          bucket: Type.Optional(Type.Union([Type.Literal('week'), Type.Literal('month')])),
          segment: Type.Optional(SegmentName),
        }),
        response: responses({ 200: OptionDemandSchema }),
      },
    },
    async (request) => optionDemandReport(deps, staffOf(request).tenantId, request.query),
  );

  app.get(
    '/api/v1/insights/scorecard',
    {
      onRequest: requireStaff([...SCORECARD_ROLES]),
      schema: {
        tags: ['insights'],
        summary:
          'The variety and effectiveness scorecard of a product over a period: every figure with its definition, formula and inputs',
        querystring: Type.Object(Period),
        response: responses({ 200: ScorecardSchema }),
      },
    },
    async (request) => scorecardReport(deps, staffOf(request).tenantId, request.query),
  );
}
