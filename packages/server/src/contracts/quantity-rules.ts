// Quantity rules over plain data: how many of a design one order line may hold. A rule for the
// approved configuration wins over its product's rule; without either a line takes any whole
// number from 1.
export type QuantityRule = { minQuantity: number; maxQuantity: number | null; increment: number };

export const DEFAULT_QUANTITY_RULE: QuantityRule = {
  minQuantity: 1,
  maxQuantity: null,
  increment: 1,
};

export function ruleFor(
  rules: readonly (QuantityRule & {
    productId: string | null;
    approvedConfigurationId: string | null;
  })[],
  productId: string,
  approvedConfigurationId: string | null,
): QuantityRule {
  return (
    (approvedConfigurationId !== null
      ? rules.find((r) => r.approvedConfigurationId === approvedConfigurationId)
      : undefined) ??
    rules.find((r) => r.productId === productId) ??
    DEFAULT_QUANTITY_RULE
  );
}

/** Why `quantity` breaks `rule`, in words for the buyer; null when it follows it. */
export function quantityProblem(rule: QuantityRule, quantity: number): string | null {
  if (!Number.isSafeInteger(quantity) || quantity < 1)
    return 'must be a whole number of at least 1';
  if (quantity < rule.minQuantity) return `must be at least ${rule.minQuantity}`;
  if (rule.maxQuantity !== null && quantity > rule.maxQuantity)
    return `must be at most ${rule.maxQuantity}`;
  if ((quantity - rule.minQuantity) % rule.increment !== 0)
    return `must be one of ${rule.minQuantity}, ${rule.minQuantity + rule.increment}, ${rule.minQuantity + 2 * rule.increment}, …`;
  return null;
}
