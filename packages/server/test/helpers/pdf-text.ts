// The text of a PDF as a reader would extract it: every content stream (inflated where it is
// FlateDecode) and the strings its text operators show (Tj, TJ, hex or literal). Enough for the
// documents we write with pdfkit's standard fonts (WinAnsi bytes), without a PDF dependency.
import { constants, inflateSync } from 'node:zlib';

function decodeLiteral(s: string): string {
  return s.replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, c: string) => {
    const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
    if (c in map) return map[c]!;
    if (/^[0-7]+$/.test(c)) return String.fromCharCode(parseInt(c, 8));
    return c;
  });
}

function showText(ops: string): string[] {
  const out: string[] = [];
  const re = /\[((?:[^\]\\]|\\.)*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj|\(((?:[^)\\]|\\.)*)\)\s*Tj/g;
  for (const m of ops.matchAll(re)) {
    if (m[1] !== undefined) {
      let s = '';
      for (const part of m[1].matchAll(/<([0-9a-fA-F]*)>|\(((?:[^)\\]|\\.)*)\)/g))
        s +=
          part[1] !== undefined
            ? Buffer.from(part[1], 'hex').toString('latin1')
            : decodeLiteral(part[2]!);
      out.push(s);
    } else if (m[2] !== undefined) out.push(Buffer.from(m[2], 'hex').toString('latin1'));
    else out.push(decodeLiteral(m[3]!));
  }
  return out;
}

/** Text lines of every page's content, in stream order. */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const lines: string[] = [];
  const re = /<<((?:(?!>>\s*stream)[\s\S])*)>>\s*stream\r?\n/g;
  for (const m of raw.matchAll(re)) {
    const dict = m[1]!;
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    const bytes = pdf.subarray(start, end);
    let content: string;
    try {
      content = (
        /FlateDecode/.test(dict)
          ? inflateSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH })
          : bytes
      ).toString('latin1');
    } catch {
      continue;
    }
    if (/\bBT\b/.test(content)) lines.push(...showText(content));
  }
  return lines.join('\n');
}
