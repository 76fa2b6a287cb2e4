// Module demand for operations (owner, operations, sales): expected use of each part over the
// next weeks, with the history it was fitted on (module-demand.ts). Aggregates only: no customer.
import { Type } from 'typebox';
import { requireStaff, staffOf } from '../auth/guards.ts';
import type { AppDeps } from '../deps.ts';
import type { App } from '../http/app-type.ts';
import { responses } from '../http/schemas.ts';
import {
  DEFAULT_FORECAST_WEEKS,
  DEFAULT_HISTORY_WEEKS,
  MAX_FORECAST_WEEKS,
  MAX_HISTORY_WEEKS,
  moduleDemandForecast,
} from './module-demand.ts';

const ROLES = ['owner', 'operations', 'sales'] as const;

const Week = Type.Object({
  start: Type.String({ format: 'date-time' }),
  end: Type.String({ format: 'date-time' }),
});

export const ModuleDemandSchema = Type.Object({
  method: Type.Literal('linear-trend', {
    description:
      'Weekly units per product fitted by least squares, extended and floored at 0, times each BOM line’s quantity per unit',
  }),
  historyWeeks: Type.Array(Week),
  forecastWeeks: Type.Array(Week),
  products: Type.Array(
    Type.Object({
      productId: Type.String(),
      productName: Type.String(),
      history: Type.Array(Type.Number(), { description: 'Units ordered per history week' }),
      intercept: Type.Number(),
      slope: Type.Number({ description: 'Units per week, per week' }),
      forecast: Type.Array(Type.Number(), { description: 'Expected units per forecast week' }),
    }),
  ),
  parts: Type.Array(
    Type.Object({
      sku: Type.String(),
      unit: Type.String(),
      description: Type.Union([Type.String(), Type.Null()]),
      history: Type.Array(Type.Number(), { description: 'Quantity used per history week' }),
      forecast: Type.Array(Type.Number(), { description: 'Expected quantity per forecast week' }),
      total: Type.Number(),
      perUnit: Type.Array(Type.Object({ productId: Type.String(), qty: Type.Number() })),
    }),
  ),
});

export function registerModuleDemandRoutes(app: App, deps: AppDeps): void {
  const { db, clock } = deps;
  app.get(
    '/api/v1/insights/module-demand',
    {
      onRequest: requireStaff([...ROLES]),
      schema: {
        tags: ['insights'],
        summary:
          'Expected use of each part/module per week over the next weeks, from the order trend and the option mix',
        querystring: Type.Object({
          weeks: Type.Optional(
            Type.Integer({
              minimum: 1,
              maximum: MAX_FORECAST_WEEKS,
              default: DEFAULT_FORECAST_WEEKS,
            }),
          ),
          historyWeeks: Type.Optional(
            Type.Integer({
              minimum: 2,
              maximum: MAX_HISTORY_WEEKS,
              default: DEFAULT_HISTORY_WEEKS,
            }),
          ),
        }),
        response: responses({ 200: ModuleDemandSchema }),
      },
    },
    async (request) => {
      const staff = staffOf(request);
      return moduleDemandForecast(db, staff.tenantId, {
        weeks: request.query.weeks ?? DEFAULT_FORECAST_WEEKS,
        historyWeeks: request.query.historyWeeks ?? DEFAULT_HISTORY_WEEKS,
        now: clock.now(),
      });
    },
  );
}
