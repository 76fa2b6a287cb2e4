// Contract pricing over plain data: the engine's list price lines of one design, a company's
// price list terms and a quantity → price lines that each say which contract term set them.
//
// Rules (one place, so quotes, orders and the console agree):
// - Everything is in integer minor units of the list's currency. A list in another currency than
//   the product does not apply (the list prices stand, term `list`).
// - A price override for the approved design (`designPrices[approvedConfigurationId]`) replaces
//   the unit price of the base and every option; percent off does not apply to it.
// - Otherwise an option whose `feature=value` has an override costs that amount per unit (term
//   `option-price`); every other line of positive amount gets the list's percent off (term
//   `percent-off`); credits (negative lines) stay as listed.
// - Percent off is a discount computed per line and per unit, rounded half up to a minor unit
//   (500 bp of 1999 is 99.95 → 100 off): round(amount × bp / 10 000).
// - The best volume tier the quantity reaches (largest `minQuantity` ≤ quantity) adds one line:
//   its percent of the unit subtotal, rounded half up, off each unit (term `volume-tier`).
// - Line amounts are unit amount × quantity; the total is the sum of the lines. A total that would
//   fall below zero gets one `floor` line bringing it to zero: a contract never pays the buyer.
import type { PriceLine, Value } from '@customerize/engine';

/** Percentages are basis points: 500 = 5 %, 10 000 = 100 %. */
export type VolumeTier = { minQuantity: number; percentOffBp: number };

export type ContractTerms = {
  percentOffBp: number;
  /** `feature=value` → unit price in minor units. */
  optionPrices: Record<string, number>;
  /** Approved configuration id → unit price of the whole design (base and options). */
  designPrices: Record<string, number>;
  tiers: VolumeTier[];
};

export type PriceListRef = { id: string; name: string; currency: string; terms: ContractTerms };

export type ContractTerm =
  | { kind: 'list' }
  | { kind: 'percent-off'; percentOffBp: number }
  | { kind: 'option-price'; key: string }
  | { kind: 'design-price'; approvedConfigurationId: string }
  | { kind: 'volume-tier'; minQuantity: number; percentOffBp: number }
  | { kind: 'floor' }
  /** An extra discount a firm's quote gave on top of the contract (quotes module). */
  | { kind: 'quote'; quoteNumber: string; percentOffBp: number };

export type ContractLine = {
  kind: PriceLine['kind'] | 'design' | 'volume-tier' | 'floor' | 'quote';
  label: string;
  feature?: string;
  value?: Value;
  quantity: number;
  /** The list price of one unit (0 for lines the contract adds). */
  unitList: number;
  /** What one unit costs under the contract. */
  unitAmount: number;
  /** unitAmount × quantity. */
  amount: number;
  term: ContractTerm;
  /** The price list that set the amount; absent for list prices. */
  priceListId?: string;
};

export type ContractPrice = {
  currency: string;
  quantity: number;
  lines: ContractLine[];
  /** List price of the quantity (sum of list lines × quantity). */
  listTotal: number;
  /** Sum of `lines[].amount`. */
  total: number;
};

/** Half up to an integer (ties towards +∞), on exact integer arithmetic for integer inputs. */
export function percentOf(amount: number, bp: number): number {
  return Math.floor((amount * bp + 5_000) / 10_000);
}

export function optionKey(feature: string, value: Value): string {
  return `${feature}=${String(value)}`;
}

/** The tier a quantity reaches: the one with the largest `minQuantity` not above it. */
export function tierFor(tiers: VolumeTier[], quantity: number): VolumeTier | null {
  let best: VolumeTier | null = null;
  for (const t of tiers)
    if (t.minQuantity <= quantity && (!best || t.minQuantity > best.minQuantity)) best = t;
  return best;
}

export function contractPrice(input: {
  currency: string;
  lines: readonly PriceLine[];
  quantity: number;
  list: PriceListRef | null;
  approvedConfigurationId?: string | null;
}): ContractPrice {
  const { quantity } = input;
  const list = input.list && input.list.currency === input.currency ? input.list : null;
  const out: ContractLine[] = [];
  const at = (l: Omit<ContractLine, 'amount' | 'quantity'>): ContractLine => ({
    ...l,
    quantity,
    amount: l.unitAmount * quantity,
    ...(list && l.term.kind !== 'list' ? { priceListId: list.id } : {}),
  });
  const named = (l: PriceLine) => ({
    kind: l.kind,
    label: l.label,
    ...(l.feature !== undefined ? { feature: l.feature } : {}),
    ...(l.value !== undefined ? { value: l.value } : {}),
  });
  const designPrice =
    list && input.approvedConfigurationId
      ? list.terms.designPrices[input.approvedConfigurationId]
      : undefined;
  if (list && designPrice !== undefined) {
    const covered = input.lines.filter((l) => l.kind !== 'personalization');
    out.push(
      at({
        kind: 'design',
        label: 'Contract price of the approved design',
        unitList: covered.reduce((s, l) => s + l.amount, 0),
        unitAmount: designPrice,
        term: { kind: 'design-price', approvedConfigurationId: input.approvedConfigurationId! },
      }),
    );
  }
  for (const l of input.lines) {
    if (designPrice !== undefined && l.kind !== 'personalization') continue;
    const key =
      l.kind === 'option' && l.feature !== undefined && l.value !== undefined
        ? optionKey(l.feature, l.value)
        : null;
    const override = list && key !== null ? list.terms.optionPrices[key] : undefined;
    if (override !== undefined)
      out.push(
        at({
          ...named(l),
          unitList: l.amount,
          unitAmount: override,
          term: { kind: 'option-price', key: key! },
        }),
      );
    else if (list && list.terms.percentOffBp > 0 && l.amount > 0)
      out.push(
        at({
          ...named(l),
          unitList: l.amount,
          unitAmount: l.amount - percentOf(l.amount, list.terms.percentOffBp),
          term: { kind: 'percent-off', percentOffBp: list.terms.percentOffBp },
        }),
      );
    else
      out.push(
        at({ ...named(l), unitList: l.amount, unitAmount: l.amount, term: { kind: 'list' } }),
      );
  }
  const tier = list ? tierFor(list.terms.tiers, quantity) : null;
  const unitSubtotal = out.reduce((s, l) => s + l.unitAmount, 0);
  if (tier && tier.percentOffBp > 0 && unitSubtotal > 0) {
    out.push(
      at({
        kind: 'volume-tier',
        label: `Volume price from ${tier.minQuantity} units: ${tier.percentOffBp / 100} % off`,
        unitList: 0,
        unitAmount: -percentOf(unitSubtotal, tier.percentOffBp),
        term: {
          kind: 'volume-tier',
          minQuantity: tier.minQuantity,
          percentOffBp: tier.percentOffBp,
        },
      }),
    );
  }
  const sum = out.reduce((s, l) => s + l.amount, 0);
  if (sum < 0)
    out.push({
      kind: 'floor',
      label: 'A contract price never goes below zero',
      quantity,
      unitList: 0,
      unitAmount: 0,
      amount: -sum,
      term: { kind: 'floor' },
      ...(list ? { priceListId: list.id } : {}),
    });
  return {
    currency: input.currency,
    quantity,
    lines: out,
    listTotal: input.lines.reduce((s, l) => s + l.amount, 0) * quantity,
    total: out.reduce((s, l) => s + l.amount, 0),
  };
}
