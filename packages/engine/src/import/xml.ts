// A small XML reader shared by the importers (XCSP, FeatureIDE, SXFM). It builds an element
// tree with attributes and text; it skips the prolog, comments, processing instructions and
// DOCTYPE, decodes the predefined and numeric entities and keeps CDATA as text. No namespaces
// or DTD validation: the benchmark formats need none. Errors carry the line and column.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text directly inside this element (not of its children), entities decoded. */
  text: string;
  /** 1-based line of the start tag. */
  line: number;
}

export class XmlError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${message} at ${line}:${column}`);
    this.name = 'XmlError';
  }
}

/** Elements nest at most this deep: the importers walk the tree recursively. */
export const MAX_XML_DEPTH = 256;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (m, e: string) => {
    if (e.startsWith('#')) {
      const code = e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      // Beyond Unicode (e.g. &#x110000;): kept as written, like an unknown named entity.
      return code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e] ?? m;
  });
}

/** Parses a document and returns its root element. */
export function parseXml(src: string): XmlElement {
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  const where = (at: number): [number, number] => {
    let line = 1;
    let col = 1;
    for (let k = 0; k < at; k++) {
      if (src.charCodeAt(k) === 10) {
        line++;
        col = 1;
      } else col++;
    }
    return [line, col];
  };
  const fail = (msg: string, at: number): never => {
    const [l, c] = where(at);
    throw new XmlError(msg, l, c);
  };
  let line = 1;
  let lineAt = 0;
  const lineOf = (at: number) => {
    for (; lineAt < at; lineAt++) if (src.charCodeAt(lineAt) === 10) line++;
    return line;
  };
  while (i < src.length) {
    const lt = src.indexOf('<', i);
    const textEnd = lt < 0 ? src.length : lt;
    if (textEnd > i) {
      const top = stack[stack.length - 1];
      if (top) top.text += decodeEntities(src.slice(i, textEnd));
      else if (src.slice(i, textEnd).trim()) fail('text outside the root element', i);
    }
    if (lt < 0) break;
    i = lt;
    if (src.startsWith('<!--', i)) {
      const e = src.indexOf('-->', i + 4);
      if (e < 0) fail('unterminated comment', i);
      i = e + 3;
    } else if (src.startsWith('<![CDATA[', i)) {
      const e = src.indexOf(']]>', i + 9);
      if (e < 0) fail('unterminated CDATA section', i);
      const top = stack[stack.length - 1];
      if (top) top.text += src.slice(i + 9, e);
      i = e + 3;
    } else if (src.startsWith('<?', i)) {
      const e = src.indexOf('?>', i + 2);
      if (e < 0) fail('unterminated processing instruction', i);
      i = e + 2;
    } else if (src.startsWith('<!', i)) {
      // DOCTYPE (possibly with an internal subset in brackets)
      let depth = 0;
      let k = i + 2;
      for (; k < src.length; k++) {
        const c = src[k];
        if (c === '[') depth++;
        else if (c === ']') depth--;
        else if (c === '>' && depth <= 0) break;
      }
      i = k + 1;
    } else if (src.startsWith('</', i)) {
      const e = src.indexOf('>', i);
      if (e < 0) fail('unterminated end tag', i);
      const name = src.slice(i + 2, e).trim();
      const top = stack.pop();
      if (!top || top.name !== name)
        fail(`unexpected </${name}>${top ? `, expected </${top.name}>` : ''}`, i);
      i = e + 1;
    } else {
      const start = i;
      i++;
      const nameMatch = /^[^\s/>]+/.exec(src.slice(i, i + 200));
      if (!nameMatch) fail('expected an element name', i);
      const name = nameMatch![0];
      i += name.length;
      const attrs: Record<string, string> = {};
      let selfClosing = false;
      while (true) {
        while (i < src.length && /\s/.test(src[i]!)) i++;
        if (i >= src.length) fail(`unterminated start tag <${name}>`, start);
        if (src[i] === '>') {
          i++;
          break;
        }
        if (src.startsWith('/>', i)) {
          i += 2;
          selfClosing = true;
          break;
        }
        const am = /^([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/.exec(src.slice(i, i + 100000));
        if (!am) fail(`malformed attribute in <${name}>`, i);
        attrs[am![1]!] = decodeEntities(am![3] ?? am![4] ?? '');
        i += am![0].length;
      }
      const el: XmlElement = { name, attrs, children: [], text: '', line: lineOf(start) };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(el);
      else if (root) fail('more than one root element', start);
      else root = el;
      if (!selfClosing) {
        if (stack.length >= MAX_XML_DEPTH)
          fail(`elements nest deeper than ${MAX_XML_DEPTH} levels`, start);
        stack.push(el);
      }
    }
  }
  if (stack.length) fail(`unclosed <${stack[stack.length - 1]!.name}>`, src.length);
  if (!root) fail('no root element', 0);
  return root!;
}

/** Direct children named `name`. */
export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/** First descendant (depth-first) named `name`, or undefined. */
export function findFirst(el: XmlElement, name: string): XmlElement | undefined {
  for (const c of el.children) {
    if (c.name === name) return c;
    const d = findFirst(c, name);
    if (d) return d;
  }
  return undefined;
}
