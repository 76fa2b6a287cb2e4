// The variety and effectiveness scorecard (plain functions): each figure with its definition,
// formula and inputs, the margin per option value, and the combined effectiveness index. In the
// spirit of Kumar & Stecke's index of mass-customization effectiveness (docs/insights.md): the
// firm reads how much variety it offers, how much customers use, and whether it delivers that
// variety reliably, fast and profitably.
import type { FeatureDef, OptionProps, ProductModel, Value } from '@customerize/engine';
import type { Labels } from './option-demand.ts';
import type { OrderFigures } from './scorecard.store.ts';

export type Explanation = {
  definition: string;
  formula: string;
  inputs: { name: string; value: number | string | null }[];
};

export type Figure = {
  key: string;
  label: string;
  /** Null when it cannot be computed (the explanation says why); big counts as decimal strings. */
  value: number | string | null;
  unit: 'configurations' | 'orders' | 'percent' | 'days' | 'score';
  explanation: Explanation;
};

/** Two decimals, half away from zero (figures are shown and compared at this precision). */
export const round2 = (x: number) => (Math.sign(x) * Math.round(Math.abs(x) * 100)) / 100;
const pct = (part: number, whole: number) => (whole === 0 ? null : round2((100 * part) / whole));

export type OfferedFacts =
  | { status: 'counted'; versionId: string; configurations: string | null }
  | { status: 'unavailable'; versionId: string | null; reason: string };

export function offeredFigure(offered: OfferedFacts): Figure {
  const why =
    offered.status === 'unavailable'
      ? offered.reason
      : offered.configurations === null
        ? 'The model is too large for the engine to count exactly.'
        : null;
  return {
    key: 'configurationsOffered',
    label: 'Configurations offered',
    value: offered.status === 'counted' ? offered.configurations : null,
    unit: 'configurations',
    explanation: {
      definition:
        'The exact number of different valid products of the published model version: every combination of option values the rules allow (the engine’s exact count; customer-input measurements count once per allowed value). Counted once per published version, which never changes.' +
        (why ? ` Not available: ${why}` : ''),
      formula: '|{ configurations c : c satisfies every rule of the published version }|',
      inputs: [{ name: 'publishedVersionId', value: offered.versionId }],
    },
  };
}

export type Premium = {
  /** Average premium over the cheapest equivalent, percent; null when no order can be compared. */
  average: number | null;
  compared: number;
  leftOut: number;
};

/** Per version: orders, their summed totals and the cheapest valid configuration's price. */
export function premiumOf(
  versions: { versionId: string; orders: number; total: number; cheapest: number | null }[],
): Premium {
  let sum = 0;
  let compared = 0;
  let leftOut = 0;
  for (const v of versions) {
    if (v.cheapest === null || v.cheapest <= 0) {
      leftOut += v.orders;
      continue;
    }
    // Σ over the version's orders of (total − cheapest) / cheapest = (Σ total − n·cheapest) / cheapest.
    sum += (100 * (v.total - v.orders * v.cheapest)) / v.cheapest;
    compared += v.orders;
  }
  return { average: compared === 0 ? null : round2(sum / compared), compared, leftOut };
}

export type ValueMargin = {
  feature: string;
  featureLabel: string;
  value: Value;
  valueLabel: string;
  orders: number;
  /** Price delta of the value (model, ordered versions averaged by orders), minor units. */
  priceDelta: number;
  /** Cost delta, minor units; null when no cost is known. */
  costDelta: number | null;
  /** priceDelta − costDelta per order; null when no cost is known. */
  marginPerOrder: number | null;
  /** Summed over the orders; null when no cost is known. */
  marginTotal: number | null;
  costSource: 'model' | 'providers' | 'missing';
};

function propsOfValue(f: FeatureDef, value: Value): { price: number; cost: number | undefined } {
  const of = (p: OptionProps | undefined) => ({ price: p?.price ?? 0, cost: p?.cost });
  if (f.type === 'enum') return of(f.options.find((o) => o.id === value));
  if (f.type === 'bool') return of(value === true ? f.whenTrue : f.whenFalse);
  const steps = Number(value) - f.min;
  const lin = (name: string) => {
    const l = f.linear?.[name];
    return l ? (l.offset ?? 0) + l.perUnit * steps : undefined;
  };
  return { price: lin('price') ?? 0, cost: lin('cost') };
}

/** Whether a model states costs anywhere (then an option without `cost` adds 0, as the engine sums). */
export function modelHasCosts(model: ProductModel): boolean {
  if (model.base?.cost !== undefined) return true;
  return model.features.some((f) =>
    f.type === 'enum'
      ? f.options.some((o) => o.cost !== undefined)
      : f.type === 'bool'
        ? f.whenTrue?.cost !== undefined || f.whenFalse?.cost !== undefined
        : f.linear?.cost !== undefined,
  );
}

/**
 * Margin per option value: per order choosing it, its price delta minus its cost delta, from the
 * model version the order was made with. Costs come from the model when it states costs, else
 * from the providers' option costs for the product (averaged over providers; a provider that does
 * not list the value adds 0), else they are missing (margin null, said so).
 */
export function marginsPerValue(
  counts: { versionId: string; feature: string; value: Value; orders: number }[],
  models: Map<string, ProductModel>,
  providerCosts: Record<string, number>[],
  labels: Labels,
): ValueMargin[] {
  const out = new Map<string, ValueMargin>();
  for (const c of counts) {
    const model = models.get(c.versionId);
    const f = model?.features.find((x) => x.id === c.feature);
    if (!model || !f) continue;
    const { price, cost } = propsOfValue(f, c.value);
    let costDelta: number | null = null;
    let source: ValueMargin['costSource'] = 'missing';
    if (modelHasCosts(model)) {
      costDelta = cost ?? 0;
      source = 'model';
    } else if (providerCosts.length > 0) {
      const key = `${c.feature}=${String(c.value)}`;
      costDelta = providerCosts.reduce((s, p) => s + (p[key] ?? 0), 0) / providerCosts.length;
      source = 'providers';
    }
    const key = `${c.feature}\u0000${JSON.stringify(c.value)}`;
    let row = out.get(key);
    if (!row) {
      row = {
        feature: c.feature,
        featureLabel: labels.feature(c.feature),
        value: c.value,
        valueLabel: labels.value(c.feature, c.value),
        orders: 0,
        priceDelta: 0,
        costDelta: 0,
        marginPerOrder: 0,
        marginTotal: 0,
        costSource: source,
      };
      out.set(key, row);
    }
    // Running sums; divided by orders below.
    row.orders += c.orders;
    row.priceDelta += price * c.orders;
    if (costDelta === null || row.costDelta === null) {
      row.costDelta = null;
      row.costSource = 'missing';
    } else {
      row.costDelta += costDelta * c.orders;
      row.costSource = source;
    }
  }
  return [...out.values()]
    .map((r) => {
      const priceDelta = round2(r.priceDelta / r.orders);
      if (r.costDelta === null)
        return { ...r, priceDelta, costDelta: null, marginPerOrder: null, marginTotal: null };
      const marginTotal = round2(r.priceDelta - r.costDelta);
      return {
        ...r,
        priceDelta,
        costDelta: round2(r.costDelta / r.orders),
        marginTotal,
        marginPerOrder: round2(marginTotal / r.orders),
      };
    })
    .sort((a, b) => a.feature.localeCompare(b.feature) || b.orders - a.orders);
}

export const MARGIN_EXPLANATION: Explanation = {
  definition:
    'What each option value adds to the margin of an order that chooses it: its price delta minus its cost delta, from the model version the order was made with. Costs come from the model (option `cost`) when the model states costs, else from the providers’ option costs for the product (averaged over providers), else they are missing and the margin is not shown. Order-level discounts, offers and contract prices are not spread over options.',
  formula:
    'marginPerOrder(value) = Σ_orders (price(value) − cost(value)) ÷ orders(value); marginTotal = Σ_orders (price − cost)',
  inputs: [],
};

/** Weights of the effectiveness index (documented in docs/insights.md). */
export const INDEX_WEIGHTS = {
  varietyUse: 0.25,
  demandSpread: 0.15,
  promiseReliability: 0.35,
  premium: 0.1,
  marginPositive: 0.15,
} as const;

/** A premium at or above this (percent) scores 1 in the index. */
export const PREMIUM_FULL_SCORE = 50;

export type Scorecard = { figures: Figure[]; margins: ValueMargin[] };

export function scorecardFigures(
  offered: OfferedFacts,
  o: OrderFigures,
  premium: Premium,
  margins: ValueMargin[],
): Figure[] {
  const top = (n: number) => o.topCounts.slice(0, n).reduce((s, x) => s + x, 0);
  const top10 = pct(top(10), o.orders);
  const top100 = pct(top(100), o.orders);
  const kept = pct(o.deliveredOnTime, o.delivered);
  const leadInputs = [{ name: 'orders', value: o.orders }];
  const LEAD_DEF =
    'Days from the day an order was placed to the day it was delivered (its first change to delivered), or to its promised date while it is not delivered yet; days in the firm’s time zone.';
  const withCost = margins.filter((m) => m.marginTotal !== null);
  const costedOrders = withCost.reduce((s, m) => s + m.orders, 0);
  const positiveOrders = withCost
    .filter((m) => (m.marginPerOrder ?? 0) > 0)
    .reduce((s, m) => s + m.orders, 0);

  const scores: { name: keyof typeof INDEX_WEIGHTS; score: number | null }[] = [
    {
      name: 'varietyUse',
      score: o.orders === 0 ? null : o.distinctConfigurations / o.orders,
    },
    { name: 'demandSpread', score: top10 === null ? null : 1 - top10 / 100 },
    { name: 'promiseReliability', score: kept === null ? null : kept / 100 },
    {
      name: 'premium',
      score:
        premium.average === null
          ? null
          : Math.min(1, Math.max(0, premium.average / PREMIUM_FULL_SCORE)),
    },
    { name: 'marginPositive', score: costedOrders === 0 ? null : positiveOrders / costedOrders },
  ];
  const used = scores.filter((s) => s.score !== null);
  const weight = used.reduce((s, x) => s + INDEX_WEIGHTS[x.name], 0);
  const index =
    weight === 0
      ? null
      : round2((100 * used.reduce((s, x) => s + INDEX_WEIGHTS[x.name] * x.score!, 0)) / weight);

  return [
    offeredFigure(offered),
    {
      key: 'ordersCounted',
      label: 'Orders',
      value: o.orders,
      unit: 'orders',
      explanation: {
        definition:
          'Orders of the product placed in the period (days in the firm’s time zone), except cancelled ones and guest orders not yet confirmed. Every other figure is over these orders.',
        formula: 'count(orders placed from..to, status ∉ {cancelled, pending_confirmation})',
        inputs: [],
      },
    },
    {
      key: 'distinctConfigurationsOrdered',
      label: 'Distinct configurations ordered',
      value: o.distinctConfigurations,
      unit: 'configurations',
      explanation: {
        definition:
          'How many different configurations (the same choices of every feature, whatever the model version) the orders were for.',
        formula: '|{ choices(o) : o ∈ orders }|',
        inputs: [{ name: 'orders', value: o.orders }],
      },
    },
    {
      key: 'top10Share',
      label: 'Orders covered by the top 10 configurations',
      value: top10,
      unit: 'percent',
      explanation: {
        definition:
          'How concentrated demand is: the share of orders that are one of the 10 most ordered configurations. High: a few standard products; low: demand spread over the variety.',
        formula: '100 × Σ orders of the 10 most ordered configurations ÷ orders',
        inputs: [
          { name: 'ordersOfTop10', value: top(10) },
          { name: 'orders', value: o.orders },
        ],
      },
    },
    {
      key: 'top100Share',
      label: 'Orders covered by the top 100 configurations',
      value: top100,
      unit: 'percent',
      explanation: {
        definition: 'The same with the 100 most ordered configurations.',
        formula: '100 × Σ orders of the 100 most ordered configurations ÷ orders',
        inputs: [
          { name: 'ordersOfTop100', value: top(100) },
          { name: 'orders', value: o.orders },
        ],
      },
    },
    {
      key: 'promisedDatesKept',
      label: 'Promised dates kept',
      value: kept,
      unit: 'percent',
      explanation: {
        definition:
          'Of the orders delivered, the share delivered on or before the date promised to the customer (the order’s promised date; days in the firm’s time zone). Orders not delivered yet do not count.',
        formula: '100 × delivered on or before the promised date ÷ delivered',
        inputs: [
          { name: 'deliveredOnTime', value: o.deliveredOnTime },
          { name: 'delivered', value: o.delivered },
        ],
      },
    },
    {
      key: 'leadTimeAverage',
      label: 'Lead time, average',
      value: o.leadAverage === null ? null : round2(o.leadAverage),
      unit: 'days',
      explanation: {
        definition: LEAD_DEF,
        formula: 'mean over orders of (delivered day, else promised day) − placed day',
        inputs: leadInputs,
      },
    },
    {
      key: 'leadTimeP50',
      label: 'Lead time, median (p50)',
      value: o.leadP50,
      unit: 'days',
      explanation: {
        definition: `${LEAD_DEF} Half the orders take at most this long.`,
        formula:
          'nearest-rank 50th percentile of the lead times (the smallest value with ≥ 50 % at or below it)',
        inputs: leadInputs,
      },
    },
    {
      key: 'leadTimeP90',
      label: 'Lead time, p90',
      value: o.leadP90,
      unit: 'days',
      explanation: {
        definition: `${LEAD_DEF} Nine orders in ten take at most this long.`,
        formula: 'nearest-rank 90th percentile of the lead times',
        inputs: leadInputs,
      },
    },
    {
      key: 'pricePremium',
      label: 'Price premium over the cheapest equivalent',
      value: premium.average,
      unit: 'percent',
      explanation: {
        definition:
          'How much more customers paid than the cheapest valid configuration of the same product (the engine’s minimum-price configuration of the model version the order was made with), averaged over orders. The order’s price is its total as charged (after offers, rewards and contract prices).',
        formula: 'mean over orders of 100 × (order total − cheapest price) ÷ cheapest price',
        inputs: [
          { name: 'ordersCompared', value: premium.compared },
          { name: 'ordersLeftOut', value: premium.leftOut },
        ],
      },
    },
    {
      key: 'effectivenessIndex',
      label: 'Mass-customization effectiveness index',
      value: index,
      unit: 'score',
      explanation: {
        definition:
          'One score from 0 to 100 combining whether customers use the variety, how spread demand is, whether promises are kept, whether customers pay for customization and whether the options they choose make money — in the spirit of Kumar & Stecke’s index of mass-customization effectiveness. Parts that cannot be computed (no deliveries, no costs) are left out and the weights of the rest scaled up.',
        formula:
          '100 × Σ wᵢ·sᵢ ÷ Σ wᵢ over the parts computed: varietyUse = distinct ÷ orders (w 0.25); demandSpread = 1 − top-10 share (w 0.15); promiseReliability = promised dates kept (w 0.35); premium = min(1, max(0, premium % ÷ 50)) (w 0.10); marginPositive = share of costed option choices in orders with a positive margin (w 0.15)',
        inputs: scores.map((s) => ({
          name: s.name,
          value: s.score === null ? null : round2(s.score),
        })),
      },
    },
  ];
}
