// How the studio writes money, price effects and lead times (dates: ../ui/dates.ts). Money arrives as integer
// minor units plus an ISO currency (the engine's and the server's convention).

const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(currency: string, whole: boolean): Intl.NumberFormat {
  const key = `${currency}:${whole}`;
  let f = moneyFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency,
      ...(whole ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {}),
    });
    moneyFormats.set(key, f);
  }
  return f;
}

/** Digits after the decimal point of `currency` (2 for EUR, 0 for JPY). */
export function fractionDigits(currency: string): number {
  return moneyFormat(currency, false).resolvedOptions().maximumFractionDigits ?? 2;
}

/** €1,234.50; whole amounts drop the cents (€1,234). */
export function formatMoney(minor: number, currency: string): string {
  const major = minor / 10 ** fractionDigits(currency);
  return moneyFormat(currency, Number.isInteger(major)).format(major);
}

/** A signed price effect: +€49, −€20, or "included" for zero. */
export function formatDelta(minor: number, currency: string): string {
  if (minor === 0) return 'included';
  const text = formatMoney(Math.abs(minor), currency);
  return minor > 0 ? `+${text}` : `−${text}`;
}

/** €549 or €549 – €2,058. */
export function formatMoneyRange(min: number, max: number, currency: string): string {
  return min === max
    ? formatMoney(min, currency)
    : `${formatMoney(min, currency)} – ${formatMoney(max, currency)}`;
}

export function formatDays(min: number, max: number): string {
  if (min === max) return `${min} ${min === 1 ? 'day' : 'days'}`;
  return `${min}–${max} days`;
}

/** Today (local) plus `days` calendar days, as YYYY-MM-DD. */
export function addDays(days: number, from = new Date()): string {
  const d = new Date(from.getFullYear(), from.getMonth(), from.getDate() + days);
  const mm = String(d.getMonth() + 1).padStart(2, '0');
  const dd = String(d.getDate()).padStart(2, '0');
  return `${d.getFullYear()}-${mm}-${dd}`;
}

let decimal: string | undefined;

/** The reader's decimal separator ("." in English, "," in German), for scaled values. */
export function decimalSeparator(): string {
  decimal ??=
    new Intl.NumberFormat().formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
  return decimal;
}
