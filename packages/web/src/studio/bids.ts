// "Name your price" without React: reading the price the customer types, turning the studio's
// choices and their must-have / flexible marks into the bid the server reads, and putting the
// server's answer (accepted or not accepted) and its refusals into words.
import type { FeatureDef, ProductModel, Value } from '@customerize/engine';
import { ApiError, type FieldError } from '../api/client.ts';
import type { BidAnswer, NewBid } from '../api/bids.ts';
import type { Choices, ChoiceValue } from '../api/types.ts';
import { formatDate, formatDateTime } from '../ui/dates.ts';
import { decimalSeparator, formatMoney } from './format.ts';
import { featureById, featureLabel, featureValues, valueLabel } from './model.ts';

// ---------------------------------------------------------------------------------------------
// The price

export type ParsedPrice = { ok: true; amount: number } | { ok: false; message: string };

/** Digits after the decimal point of `currency` (2 for EUR, 0 for JPY). */
export function minorDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2
  );
}

/**
 * The price as typed ("1,234.50", "1.234,50", "€ 900", "899.9") in integer minor units of
 * `currency`. With both "." and "," the last one is the decimal point. With one of them once, it
 * is the decimal point if it is the reader's decimal separator, or if not exactly three digits
 * follow it ("12,5" is 12.50 to an English reader, "1,200" is 1200); used more than once, it
 * groups thousands.
 */
export function parsePrice(
  text: string,
  currency: string,
  decimal: string = decimalSeparator(),
): ParsedPrice {
  const notANumber = {
    ok: false,
    message: 'Enter the price as a number, e.g. 950 or 949.50.',
  } as const;
  // Spaces and apostrophes group thousands too (1 200, 1'200); a currency sign or code around
  // the number is allowed.
  const cleaned = text
    .replace(/[\s\u00a0\u202f']/g, '')
    .replace(/^[^\d\-.,]+/, '')
    .replace(/[^\d.,]+$/, '');
  if (text.trim() === '') return { ok: false, message: 'Enter the price you will pay.' };
  if (cleaned.startsWith('-')) return { ok: false, message: 'The price cannot be negative.' };
  if (!/^[\d.,]*\d[\d.,]*$/.test(cleaned)) return notANumber;
  const lastDot = cleaned.lastIndexOf('.');
  const lastComma = cleaned.lastIndexOf(',');
  let point: '.' | ',' | null = null;
  if (lastDot >= 0 && lastComma >= 0) point = lastDot > lastComma ? '.' : ',';
  else if (lastDot >= 0 || lastComma >= 0) {
    const sep = lastDot >= 0 ? '.' : ',';
    const [head, ...groups] = cleaned.split(sep);
    const thousands = head!.length <= 3 && groups.every((g) => g.length === 3);
    if (groups.length > 1) {
      if (!thousands) return notANumber;
    } else if (sep === decimal || !thousands) point = sep;
  }
  const at = point === null ? cleaned.length : cleaned.lastIndexOf(point);
  const grouped = cleaned.slice(0, at);
  const fraction = cleaned.slice(at + 1);
  // Left of the decimal point, only the other separator, grouping by three.
  if (point !== null && grouped.includes(point)) return notANumber;
  if (/[.,]/.test(grouped) && !/^\d{1,3}([.,]\d{3})+$/.test(grouped)) return notANumber;
  if (!/^\d*$/.test(fraction)) return notANumber;
  const digits = minorDigits(currency);
  if (fraction.length > digits) {
    return {
      ok: false,
      message:
        digits === 0
          ? `Enter a whole amount: ${currency} has no smaller unit.`
          : `Use at most ${digits} digits after the decimal point.`,
    };
  }
  const amount = Number((grouped.replace(/[.,]/g, '') || '0') + fraction.padEnd(digits, '0'));
  if (!Number.isSafeInteger(amount)) return { ok: false, message: 'That price is too large.' };
  return { ok: true, amount };
}

/** The amount as a customer types it back: "949.50", "950" (no grouping, reader's decimal). */
export function priceInput(amount: number, currency: string, decimal = decimalSeparator()): string {
  const digits = minorDigits(currency);
  if (digits === 0) return String(amount);
  const whole = Math.floor(amount / 10 ** digits);
  const fraction = amount % 10 ** digits;
  return fraction === 0
    ? String(whole)
    : `${whole}${decimal}${String(fraction).padStart(digits, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Must have or flexible

/** How the customer holds to one choice: exactly this, or any of the listed values. */
export type Mark = { kind: 'must' } | { kind: 'flexible'; values: ChoiceValue[] };

/** Features with more values than this are offered as "must have" only (no list of boxes). */
const MAX_FLEXIBLE_VALUES = 40;

/** Whether a chosen feature may be marked flexible: not the customer's own measurement. */
export function canBeFlexible(f: FeatureDef): boolean {
  return !f.customerInput && featureValues(f).length <= MAX_FLEXIBLE_VALUES;
}

/** The choices made so far, in model order, each "must have" unless `marks` says otherwise. */
export function markedChoices(
  model: ProductModel,
  choices: Choices,
  marks: Record<string, Mark>,
): { feature: FeatureDef; value: ChoiceValue; mark: Mark }[] {
  return model.features
    .filter((f) => choices[f.id] !== undefined)
    .map((f) => ({
      feature: f,
      value: choices[f.id]!,
      mark: (canBeFlexible(f) ? marks[f.id] : undefined) ?? { kind: 'must' },
    }));
}

/** "Make flexible" with one click: any value of the feature is acceptable. */
export function flexibleAll(f: FeatureDef): Mark {
  return { kind: 'flexible', values: featureValues(f) };
}

export interface BidForm {
  versionId: string;
  model: ProductModel;
  choices: Choices;
  marks: Record<string, Mark>;
  priceText: string;
  latestDate: string;
  /** Today in YYYY-MM-DD: the earliest latest date. */
  today: string;
  personalization: Record<string, string>;
  /** Features only the customer can give (their height, a prescription) not entered yet: no
   * offer can be made without them, so the bid waits for them. */
  missingInput: string[];
  /** Guests give an email; null for a signed-in customer. */
  email: string | null;
}

const nameOf = (model: ProductModel, id: string) => {
  const f = featureById(model, id);
  return f ? featureLabel(f) : id;
};

export type BuiltBid = { ok: true; body: NewBid } | { ok: false; errors: FieldError[] };

/**
 * The bid the server reads, or what is wrong, keyed by the field names the server uses
 * (`price.amount`, `latestDate`, `email`, `flexible.<feature>`), so both show in one place.
 */
export function buildBid(form: BidForm): BuiltBid {
  const errors: FieldError[] = [];
  const currency = form.model.currency;
  const mustHave: Choices = {};
  const flexible: Record<string, ChoiceValue[]> = {};
  for (const { feature, value, mark } of markedChoices(form.model, form.choices, form.marks)) {
    if (mark.kind === 'must') {
      mustHave[feature.id] = value;
      continue;
    }
    // Model order, no repeats, only values the feature has.
    const known = featureValues(feature);
    const values = known.filter((v) => mark.values.some((m) => m === v));
    if (values.length === 0) {
      errors.push({
        field: `flexible.${feature.id}`,
        message: `Tick at least one acceptable ${featureLabel(feature).toLowerCase()}, or make it a must-have.`,
      });
    } else flexible[feature.id] = values;
  }
  for (const id of form.missingInput) {
    errors.push({
      field: `mustHave.${id}`,
      message: `Enter “${nameOf(form.model, id)}” first: only you can give it, and we build to it.`,
    });
  }
  const price = parsePrice(form.priceText, currency);
  if (!price.ok) errors.push({ field: 'price.amount', message: price.message });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.latestDate)) {
    errors.push({ field: 'latestDate', message: 'Choose the latest delivery date you accept.' });
  } else if (form.latestDate < form.today) {
    errors.push({
      field: 'latestDate',
      message: 'The latest delivery date cannot be in the past.',
    });
  }
  const email = form.email?.trim() ?? null;
  if (email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    errors.push({
      field: 'email',
      message:
        email === '' ? 'Enter your email: we send the answer there.' : 'Enter a valid email.',
    });
  }
  if (errors.length || !price.ok) return { ok: false, errors };
  const personalization = Object.fromEntries(
    Object.entries(form.personalization).filter(([, text]) => text.trim() !== ''),
  );
  return {
    ok: true,
    body: {
      versionId: form.versionId,
      mustHave,
      ...(Object.keys(flexible).length ? { flexible } : {}),
      price: { amount: price.amount, currency },
      latestDate: form.latestDate,
      ...(Object.keys(personalization).length ? { personalization } : {}),
      ...(email !== null ? { email } : {}),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The answer in words

export interface DesignLine {
  feature: string;
  label: string;
  value: string;
  /** What the customer said about it: insisted, allowed among others, or left to the firm. */
  source: 'must' | 'flexible' | 'open';
}

export interface AcceptedWords {
  kind: 'accepted';
  design: DesignLine[];
  price: string;
  listPrice: string;
  date: string;
  /** "our workshop" or the partner's name. */
  provider: string;
  expiresAt: string;
}

export interface Suggestion {
  kind: 'raise-price' | 'relax' | 'later-date';
  text: string;
  /** relax: the must-haves to make flexible, most expensive first. */
  features: { id: string; label: string }[];
}

export interface RefusedWords {
  kind: 'refused';
  suggestions: Suggestion[];
  acceptedFrom: string | null;
  /** When the same bid may be made again, in words; null when it may be made again at once. */
  rebid: string | null;
}

export type AnswerWords = AcceptedWords | RefusedWords;

/** Joins "a", "a and b", "a, b and c". */
export function listWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`;
}

export function providerName(provider: { id: string | null; name: string }): string {
  return provider.id === null ? 'our workshop' : provider.name;
}

export function answerWords(answer: BidAnswer, model: ProductModel): AnswerWords {
  const money = (m: { amount: number; currency: string }) => formatMoney(m.amount, m.currency);
  if (answer.status !== 'refused' && answer.offer) {
    const offer = answer.offer;
    const design = model.features
      .filter((f) => offer.choices[f.id] !== undefined)
      .map((f): DesignLine => ({
        feature: f.id,
        label: featureLabel(f),
        value: valueLabel(f, offer.choices[f.id] as Value),
        source:
          answer.mustHave[f.id] !== undefined
            ? 'must'
            : answer.flexible[f.id] !== undefined
              ? 'flexible'
              : 'open',
      }));
    return {
      kind: 'accepted',
      design,
      price: money(answer.price),
      listPrice: money(offer.listPrice),
      date: formatDate(offer.promisedDate),
      provider: providerName(offer.provider),
      expiresAt: offer.expiresAt,
    };
  }
  const suggestions = answer.suggestions.map((s): Suggestion => {
    if (s.kind === 'raise-price') return { kind: s.kind, text: 'Raise your price.', features: [] };
    if (s.kind === 'later-date') {
      return { kind: s.kind, text: 'Accept a later delivery date.', features: [] };
    }
    const features = s.features.map((id) => ({ id, label: nameOf(model, id) }));
    return {
      kind: 'relax',
      text: `Be flexible about ${listWords(features.map((f) => f.label.toLowerCase()))}.`,
      features,
    };
  });
  return {
    kind: 'refused',
    suggestions,
    acceptedFrom: answer.acceptedFrom
      ? `Bids like yours were accepted from ${money(answer.acceptedFrom)}.`
      : null,
    rebid: answer.rebidAfter
      ? `The same bid can be made again from ${formatDateTime(answer.rebidAfter)}. Change a must-have, what is flexible or the date to bid again now.`
      : null,
  };
}

/** Time left until `expiresAt` as "29:59" (or "1:05:00"); null once it has passed. */
export function countdown(expiresAt: string, now: number): string | null {
  const left = Math.floor((Date.parse(expiresAt) - now) / 1000);
  if (!(left > 0)) return null;
  const h = Math.floor(left / 3600);
  const m = Math.floor((left % 3600) / 60);
  const s = left % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/** The refusals a bid can meet before any answer, in words (null: show the error as it is). */
export function bidProblem(error: unknown): { title: string; detail: string } | null {
  if (!(error instanceof ApiError)) return null;
  const code = typeof error.extra.code === 'string' ? error.extra.code : (error.type ?? '');
  if (error.status === 429 && code.endsWith('rebid-too-soon')) {
    const at = typeof error.extra.retryAfter === 'string' ? error.extra.retryAfter : null;
    return {
      title: 'You made this same bid a short while ago',
      detail: `${at ? `It can be made again from ${formatDateTime(at)}. ` : ''}Change a must-have, what is flexible or the date to bid again now.`,
    };
  }
  if (error.status === 429) {
    const at = typeof error.extra.retryAfter === 'string' ? error.extra.retryAfter : null;
    return {
      title: 'Too many bids in a short time',
      detail: at
        ? `You can bid again from ${formatDateTime(at)}.`
        : 'Please wait a little before bidding again.',
    };
  }
  if (error.status === 410) {
    return {
      title: 'This offer has expired',
      detail: 'Offers hold for a limited time. Name your price again for a new answer.',
    };
  }
  return null;
}
