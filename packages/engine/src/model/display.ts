// How people read and type the value of an int feature. The engine works in integers; a model
// may give an int feature a display scale (`display: { step: 0.25, unit: D, decimals: 2,
// signed: true }`) so the stored integer -10 reads "−2.50 D" and a customer who types "-2.50"
// (or "-2,50", "−2.50 D") chooses -10. Pure functions, shared by the studio, the server's mail
// and the engine's own price lines.
import type { IntDisplay, IntFeature } from './types.ts';

/** The typographic minus sign used in formatted values (U+2212). */
const MINUS = '\u2212';

/** Digits after the decimal point: `decimals`, else as many as the step has (0.25 → 2). */
export function displayDecimals(display: IntDisplay): number {
  if (display.decimals !== undefined) return display.decimals;
  const text = String(display.step);
  const exp = /e-(\d+)$/.exec(text);
  if (exp) return Math.min(6, Number(exp[1]));
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : Math.min(6, text.length - dot - 1);
}

/** How to write a scaled value: with or without the unit, and the decimal separator of the
 * reader's locale (default "."; the studio passes the browser's, e.g. "," in German). */
export interface ScaledFormat {
  unit?: boolean;
  decimal?: string;
}

/**
 * The number a person reads for the stored integer `value`: value × step with the display's
 * decimals, a typographic minus, a plus for positive values when `signed`, and the unit unless
 * `unit: false`. `formatScaled(-10, { step: 0.25, unit: 'D', signed: true })` → "−2.50 D".
 */
export function formatScaled(
  value: number,
  display: IntDisplay,
  format: ScaledFormat = {},
): string {
  const decimals = displayDecimals(display);
  const scaled = value * display.step;
  let digits = Math.abs(scaled).toFixed(decimals);
  // -0.001 shown with two decimals is "0.00", not "−0.00".
  const zero = Number(digits) === 0;
  if (zero) digits = (0).toFixed(decimals);
  if (format.decimal && format.decimal !== '.') digits = digits.replace('.', format.decimal);
  const sign = zero ? '' : scaled < 0 ? MINUS : display.signed ? '+' : '';
  const unit = format.unit !== false && display.unit ? ` ${display.unit}` : '';
  return `${sign}${digits}${unit}`;
}

/** The value of an int feature as people read it: scaled when the feature has a display, else
 * the integer with the feature's unit ("54 cm"). */
export function formatIntValue(
  feature: IntFeature,
  value: number,
  format: ScaledFormat = {},
): string {
  if (feature.display) return formatScaled(value, feature.display, format);
  return `${String(value)}${feature.unit ? ` ${feature.unit}` : ''}`;
}

/** The integers an int feature allows: `min, min+step, … ≤ max`. */
export interface IntDomain {
  min: number;
  max: number;
  step?: number;
}

export type ParsedScaled = { ok: true; value: number } | { ok: false; message: string };

const NUMBER = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/;

/**
 * The stored integer of what a person typed, or a message saying what is wrong. Accepts a
 * leading + or − (ASCII or typographic), a decimal point or comma, spaces, and the display's
 * unit at the end: "-2.50", "−2,50 D", "+1.25". With `domain`, the integer must also be one of
 * the feature's values; the message then names the nearest ones ("−2.30 D is between two
 * steps: choose −2.25 D or −2.50 D").
 */
export function parseScaled(
  text: string,
  display: IntDisplay,
  domain?: IntDomain,
  format: Omit<ScaledFormat, 'unit'> = {},
): ParsedScaled {
  const show = (v: number, d: IntDisplay = display) => formatScaled(v, d, format);
  let t = text.trim().replace(/[\u2212\u2012\u2013\u2014\ufe63\uff0d]/g, '-');
  const unit = display.unit?.trim();
  if (unit && t.toLowerCase().endsWith(unit.toLowerCase()))
    t = t.slice(0, t.length - unit.length).trim();
  t = t.replace(/\s+/g, '');
  if (t === '') return { ok: false, message: 'Enter a number' };
  if (!NUMBER.test(t))
    return {
      ok: false,
      message: `“${text.trim()}” is not a number, e.g. ${formatScaled(-10, display, { ...format, unit: false }).replace(MINUS, '-')}`,
    };
  const x = Number(t.replace(',', '.'));
  const q = x / display.step;
  const n = Math.round(q);
  // The typed number shown back with the display's sign, decimals and unit, not rounded.
  const shown = show(x, {
    ...display,
    step: 1,
    decimals: Math.max(displayDecimals(display), decimalsOf(x)),
  });
  const stepText = (step: number) => show(step, { ...display, signed: false });
  if (Math.abs(q - n) > 1e-9 * Math.max(1, Math.abs(q)))
    return {
      ok: false,
      message: `${shown} is between two steps of ${stepText(1)}: choose ${show(Math.floor(q))} or ${show(Math.ceil(q))}`,
    };
  const value = n === 0 ? 0 : n;
  if (domain) {
    const step = domain.step ?? 1;
    const low = show(domain.min);
    const high = show(domain.min + Math.floor((domain.max - domain.min) / step) * step);
    if (value < domain.min || value > domain.max)
      return { ok: false, message: `${shown} is out of range: choose from ${low} to ${high}` };
    if ((value - domain.min) % step !== 0) {
      const below = domain.min + Math.floor((value - domain.min) / step) * step;
      return {
        ok: false,
        message: `${shown} is between two steps of ${stepText(step)}: choose ${show(below)} or ${show(below + step)}`,
      };
    }
  }
  return { ok: true, value };
}

function decimalsOf(x: number): number {
  const text = String(Math.abs(x));
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : Math.min(6, text.length - dot - 1);
}
