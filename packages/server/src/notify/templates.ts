// Building blocks of the emails `notify` writes: money and dates as a customer reads them, and
// an HTML part made of paragraphs, label/value rows and links in which every interpolated value
// is escaped (a design name or a card's message is the customer's text, not markup).

/** Text with the five HTML-significant characters escaped (safe in content and in attributes). */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * An amount in minor units (cents) as money in the currency's major units, e.g. 103000 EUR →
 * "€1,030.00". (A local helper for email; the lead may unify it with the shared money format.)
 */
export function formatMoney(minor: number, currency: string): string {
  const format = new Intl.NumberFormat('en', { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

/** A calendar date (`2026-01-20`) as "20 January 2026". */
export function formatDate(isoDate: string): string {
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00.000Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/** One block of an email: a paragraph, a list of label/value rows, or a link with its text. */
export type Block =
  { p: string } | { rows: { label: string; value: string }[] } | { link: string; text: string };

export function textOf(blocks: Block[]): string {
  return blocks
    .map((b) => {
      if ('p' in b) return b.p;
      if ('rows' in b) return b.rows.map((r) => `  ${r.label}: ${r.value}`).join('\n');
      return `${b.text}:\n${b.link}`;
    })
    .join('\n\n');
}

export function htmlOf(title: string, blocks: Block[]): string {
  const body = blocks
    .map((b) => {
      if ('p' in b) return `<p>${escapeHtml(b.p)}</p>`;
      if ('rows' in b)
        return `<table>${b.rows
          .map(
            (r) =>
              `<tr><th align="left">${escapeHtml(r.label)}</th><td>${escapeHtml(r.value)}</td></tr>`,
          )
          .join('')}</table>`;
      return `<p><a href="${escapeHtml(b.link)}">${escapeHtml(b.text)}</a></p>`;
    })
    .join('\n');
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>\n${body}\n</body></html>`;
}

/** The plain-text and HTML parts of one message. */
export function mailParts(subject: string, blocks: Block[]): { text: string; html: string } {
  return { text: textOf(blocks), html: htmlOf(subject, blocks) };
}
