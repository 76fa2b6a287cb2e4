// Campaign message templates: plain text written by staff with personal fields in double braces,
// `{{name}}` or `{{lastDesign.link|our studio}}` (after `|`: what to write when the customer has
// no such thing). Checked when saved (an unknown field is refused, naming it), rendered per
// recipient into a text part and an HTML part in which every value and every word of the
// template is escaped: staff write text, never markup.
import { escapeHtml } from '../notify/templates.ts';

export type FieldKind = 'text' | 'link' | 'picture';

export const TEMPLATE_FIELDS = {
  name: { kind: 'text', help: 'The customer’s name' },
  'lastDesign.name': { kind: 'text', help: 'The name of the design they saved last' },
  'lastDesign.link': { kind: 'link', help: 'A link that opens their last design in the studio' },
  'lastDesign.picture': {
    kind: 'picture',
    help: 'The picture of their last design (HTML part only)',
  },
  'recommended.name': {
    kind: 'text',
    help: 'A design recommended for them: the firm’s most ordered buildable design of the product they last designed, that they have not ordered',
  },
  'recommended.link': { kind: 'link', help: 'A link to the recommended design’s product' },
  'recommended.picture': {
    kind: 'picture',
    help: 'The picture of the recommended design (HTML part only)',
  },
  offer: {
    kind: 'text',
    help: 'The campaign’s offer, when they may use it now: what it gives, until when, and a link that opens it in the shop (in a subject: without the link); empty (or the fallback) when they may not',
  },
  'shop.link': { kind: 'link', help: 'A link to the shop' },
} as const satisfies Record<string, { kind: FieldKind; help: string }>;

export type FieldName = keyof typeof TEMPLATE_FIELDS;

export function isField(name: string): name is FieldName {
  return Object.hasOwn(TEMPLATE_FIELDS, name);
}

type Part = { text: string } | { field: FieldName; fallback: string };

export type TemplateIssue = { field: string; message: string };

const OPEN = '{{';
const CLOSE = '}}';

/** Splits a template into literal text and fields; issues name the problem and where it is. */
export function parseTemplate(
  source: string,
  where: string,
): { parts: Part[]; issues: TemplateIssue[] } {
  const parts: Part[] = [];
  const issues: TemplateIssue[] = [];
  let at = 0;
  while (at < source.length) {
    const open = source.indexOf(OPEN, at);
    if (open < 0) {
      parts.push({ text: source.slice(at) });
      break;
    }
    if (open > at) parts.push({ text: source.slice(at, open) });
    const close = source.indexOf(CLOSE, open + OPEN.length);
    if (close < 0) {
      issues.push({
        field: where,
        message: `“{{” at character ${open + 1} is never closed with “}}”`,
      });
      break;
    }
    const inner = source.slice(open + OPEN.length, close);
    const bar = inner.indexOf('|');
    const name = (bar < 0 ? inner : inner.slice(0, bar)).trim();
    const fallback = bar < 0 ? '' : inner.slice(bar + 1).trim();
    if (!isField(name)) {
      issues.push({
        field: where,
        message: `unknown personal field {{${name.slice(0, 60)}}}; known fields: ${Object.keys(TEMPLATE_FIELDS).join(', ')}`,
      });
    } else {
      parts.push({ field: name, fallback });
    }
    at = close + CLOSE.length;
  }
  return { parts, issues };
}

/** Every problem of a campaign's subject and body (empty: it can be saved). */
export function checkTemplate(subject: string, body: string): TemplateIssue[] {
  const s = parseTemplate(subject, 'subject');
  const issues = [...s.issues];
  for (const p of s.parts)
    if ('field' in p && TEMPLATE_FIELDS[p.field].kind !== 'text')
      issues.push({
        field: 'subject',
        message: `{{${p.field}}} is a ${TEMPLATE_FIELDS[p.field].kind}; the subject takes text fields only`,
      });
  issues.push(...parseTemplate(body, 'body').issues);
  return issues;
}

/** A design as a message shows it: its name, where it opens, and its picture's layers (URLs). */
export type DesignCard = { name: string; link: string; layers: string[] };

/** Everything one recipient's message may say about them. */
export type PersonalValues = {
  name: string;
  lastDesign: DesignCard | null;
  recommended: DesignCard | null;
  offer: OfferLine | null;
  shopLink: string;
};

/** The offer as a message says it: one sentence, and the link that applies it in the shop. */
export type OfferLine = { text: string; link: string };

function valueOf(
  v: PersonalValues,
  field: FieldName,
):
  | { kind: 'text' | 'link'; value: string }
  | { kind: 'picture'; card: DesignCard }
  | { kind: 'offer'; offer: OfferLine }
  | null {
  const text = (value: string | null | undefined) =>
    value ? { kind: 'text' as const, value } : null;
  const link = (value: string | null | undefined) =>
    value ? { kind: 'link' as const, value } : null;
  const picture = (card: DesignCard | null) =>
    card && card.layers.length > 0 ? { kind: 'picture' as const, card } : null;
  switch (field) {
    case 'name':
      return text(v.name);
    case 'lastDesign.name':
      return text(v.lastDesign?.name);
    case 'lastDesign.link':
      return link(v.lastDesign?.link);
    case 'lastDesign.picture':
      return picture(v.lastDesign);
    case 'recommended.name':
      return text(v.recommended?.name);
    case 'recommended.link':
      return link(v.recommended?.link);
    case 'recommended.picture':
      return picture(v.recommended);
    case 'offer':
      return v.offer ? { kind: 'offer', offer: v.offer } : null;
    case 'shop.link':
      return link(v.shopLink);
  }
}

/**
 * The template as plain text for this recipient (pictures leave nothing; links are URLs). In a
 * subject (`inSubject`) the offer is its sentence without the link.
 */
export function renderText(source: string, v: PersonalValues, inSubject = false): string {
  return parseTemplate(source, 'template')
    .parts.map((p) => {
      if ('text' in p) return p.text;
      const value = valueOf(v, p.field);
      if (!value) return p.fallback;
      if (value.kind === 'offer')
        return inSubject ? value.offer.text : `${value.offer.text} ${value.offer.link}`;
      return value.kind === 'picture' ? '' : value.value;
    })
    .join('');
}

/** A design's picture: its layers drawn over each other (CSS grid), the first carrying the alt text. */
export function pictureHtml(card: DesignCard): string {
  const imgs = card.layers
    .map(
      (src, i) =>
        `<img src="${escapeHtml(src)}" alt="${i === 0 ? escapeHtml(card.name) : ''}" width="320" style="grid-area:1/1;width:320px;height:auto">`,
    )
    .join('');
  return `<div style="display:grid;width:320px">${imgs}</div>`;
}

function htmlOfText(text: string): string {
  return escapeHtml(text).replaceAll('\n', '<br>\n');
}

/**
 * The template as the body of an HTML message: paragraphs at blank lines, every literal and
 * every value escaped, links as anchors, pictures as images. The subject goes into the title.
 */
export function renderHtml(subject: string, source: string, v: PersonalValues): string {
  const paragraphs = source.split(/\n[ \t]*\n/);
  const body = paragraphs
    .map((para) => {
      const inner = parseTemplate(para, 'template')
        .parts.map((p) => {
          if ('text' in p) return htmlOfText(p.text);
          const value = valueOf(v, p.field);
          if (!value) return htmlOfText(p.fallback);
          if (value.kind === 'picture') return pictureHtml(value.card);
          if (value.kind === 'offer')
            return `${htmlOfText(value.offer.text)} <a href="${escapeHtml(value.offer.link)}">${escapeHtml(value.offer.link)}</a>`;
          if (value.kind === 'link')
            return `<a href="${escapeHtml(value.value)}">${escapeHtml(value.value)}</a>`;
          return htmlOfText(value.value);
        })
        .join('');
      return `<p>${inner}</p>`;
    })
    .join('\n');
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(renderText(subject, v, true))}</title></head><body>\n${body}\n</body></html>`;
}

/** Subject (one line), text part and HTML part of one recipient's message. */
export function renderMessage(
  subject: string,
  body: string,
  v: PersonalValues,
): { subject: string; text: string; html: string } {
  return {
    subject: renderText(subject, v, true).replace(/\s+/g, ' ').trim(),
    text: renderText(body, v),
    html: renderHtml(subject, body, v),
  };
}
