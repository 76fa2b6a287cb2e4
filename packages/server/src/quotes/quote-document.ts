// The printable quote: the same content as an HTML page (print from the browser) and as a PDF
// written with pdfkit (vector text in the standard Helvetica font, no screenshot): the firm, the
// company, each line with its price lines and the contract term that set them, totals in the
// currency's minor units formatted, validity and terms.
import PDFDocument from 'pdfkit';
import type { ContractTerm } from '../contracts/contract-pricing.ts';
import { formatMoney } from '../http/money.ts';
import type { customerQuoteView } from './quotes.ts';

export type QuoteDocument = ReturnType<typeof customerQuoteView> & {
  firmName: string;
  /** The day the document is made (firm's time zone). */
  issued: string;
};

/** Which contract term set a price line, in words (null: the list price). */
export function termText(term: ContractTerm | { kind: string }): string | null {
  const t = term as ContractTerm;
  switch (t.kind) {
    case 'percent-off':
      return `contract: ${t.percentOffBp / 100} % off`;
    case 'option-price':
      return `contract price for ${t.key}`;
    case 'design-price':
      return 'approved design price';
    case 'volume-tier':
      return `volume tier from ${t.minQuantity}: ${t.percentOffBp / 100} % off`;
    case 'floor':
      return 'never below zero';
    case 'quote':
      return `quote ${t.quoteNumber}: extra ${t.percentOffBp / 100} % off`;
    default:
      return null;
  }
}

function choiceText(choices: Record<string, unknown>): string {
  return Object.entries(choices)
    .map(([f, v]) => `${f}: ${String(v)}`)
    .join(', ');
}

function statusNote(q: QuoteDocument): string | null {
  if (q.awaitingApproval) return 'DRAFT: awaiting the firm’s approval, not yet an offer.';
  if (q.status === 'expired') return `EXPIRED: this quote was valid until ${q.validUntil}.`;
  if (q.status === 'won') return 'CONVERTED into an order.';
  if (q.status === 'lost') return 'CLOSED by the firm.';
  return null;
}

export function quotePdf(q: QuoteDocument, createdAt: Date): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: {
      Title: `Quote ${q.number}`,
      Author: q.firmName,
      Subject: `Quote ${q.number} for ${q.companyName}`,
      CreationDate: createdAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const money = (n: number) => formatMoney(n, q.currency);
  doc.font('Helvetica-Bold').fontSize(18).text(q.firmName);
  doc.moveDown(0.3);
  doc.fontSize(14).text(`Quote ${q.number}`);
  doc.font('Helvetica').fontSize(10);
  doc.text(`For: ${q.companyName}`);
  doc.text(`Issued: ${q.issued}   Revision: ${q.revision}`);
  doc.text(`Valid until: ${q.validUntil}`);
  doc.text(`Payment terms: ${q.paymentTerms}`);
  if (q.priceListName) doc.text(`Contract: ${q.priceListName}`);
  const note = statusNote(q);
  if (note) doc.moveDown(0.3).font('Helvetica-Bold').text(note).font('Helvetica');
  doc.moveDown();
  for (const [i, l] of q.lines.entries()) {
    doc
      .font('Helvetica-Bold')
      .fontSize(11)
      .text(`Line ${i + 1}: ${l.productName} (version ${l.versionNumber}) × ${l.quantity}`);
    doc.font('Helvetica').fontSize(8).fillColor('#444').text(choiceText(l.choices));
    doc.fillColor('black').fontSize(9);
    for (const p of l.lines) {
      const term = termText(p.term);
      doc.text(
        `${p.label}${term ? ` [${term}]` : ''}: ${money(p.unitAmount)} × ${p.quantity} = ${money(p.amount)}`,
        { indent: 12 },
      );
    }
    doc
      .font('Helvetica-Bold')
      .text(
        `Line total: ${money(l.total)} (list ${money(l.listTotal)}), earliest delivery ${l.promisedDate}`,
        {
          indent: 12,
        },
      )
      .font('Helvetica');
    doc.moveDown(0.5);
  }
  doc.moveDown(0.5).fontSize(12).font('Helvetica-Bold');
  doc.text(`Total: ${money(q.total)}`);
  doc
    .font('Helvetica')
    .fontSize(9)
    .text(`List price: ${money(q.listTotal)}`);
  if (q.notes) doc.moveDown().fontSize(9).text(`Notes: ${q.notes}`);
  doc.end();
  return done;
}

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

export function quoteHtml(q: QuoteDocument): string {
  const money = (n: number) => esc(formatMoney(n, q.currency));
  const note = statusNote(q);
  const lines = q.lines
    .map(
      (l, i) => `<section class="line">
<h2>Line ${i + 1}: ${esc(l.productName)} (version ${l.versionNumber}) × ${l.quantity}</h2>
<p class="choices">${esc(choiceText(l.choices))}</p>
<table><thead><tr><th>Price line</th><th>Term</th><th class="num">Unit</th><th class="num">Qty</th><th class="num">Amount</th></tr></thead><tbody>
${l.lines
  .map(
    (p) =>
      `<tr><td>${esc(p.label)}</td><td>${esc(termText(p.term) ?? 'list price')}</td><td class="num">${money(p.unitAmount)}</td><td class="num">${p.quantity}</td><td class="num">${money(p.amount)}</td></tr>`,
  )
  .join('\n')}
</tbody><tfoot><tr><th colspan="4">Line total (list ${money(l.listTotal)}), earliest delivery ${esc(l.promisedDate)}</th><th class="num">${money(l.total)}</th></tr></tfoot></table>
</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Quote ${esc(q.number)}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;max-width:800px;margin:2em auto;color:#111}
table{width:100%;border-collapse:collapse}th,td{border-bottom:1px solid #ddd;padding:4px;text-align:left}
.num{text-align:right}.choices{color:#555;font-size:12px}.note{font-weight:bold;color:#a00}</style></head>
<body><header><h1>${esc(q.firmName)}</h1><p><strong>Quote ${esc(q.number)}</strong> for ${esc(q.companyName)}</p>
<dl><dt>Issued</dt><dd>${esc(q.issued)} (revision ${q.revision})</dd><dt>Valid until</dt><dd>${esc(q.validUntil)}</dd>
<dt>Payment terms</dt><dd>${esc(q.paymentTerms)}</dd>${q.priceListName ? `<dt>Contract</dt><dd>${esc(q.priceListName)}</dd>` : ''}</dl>
${note ? `<p class="note">${esc(note)}</p>` : ''}</header>
${lines}
<p><strong>Total: ${money(q.total)}</strong> (list price ${money(q.listTotal)})</p>
${q.notes ? `<p>Notes: ${esc(q.notes)}</p>` : ''}
</body></html>`;
}
