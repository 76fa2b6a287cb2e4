// Money in words for messages: amounts are integer minor units with an ISO 4217 currency, and
// Intl knows how many minor units each currency has (EUR 2, JPY 0, BHD 3).

/** `formatMoney(103000, 'EUR')` → "EUR 1,030.00"; an unknown currency code falls back to "103000 XYZ". */
export function formatMoney(minor: number, currency: string): string {
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat('en', {
      style: 'currency',
      currency,
      currencyDisplay: 'code',
    });
  } catch {
    return `${minor} ${currency}`;
  }
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  // A non-breaking space between code and number reads badly in logs and JSON: use a plain one.
  return format.format(minor / 10 ** digits).replace(/\u00a0/g, ' ');
}
