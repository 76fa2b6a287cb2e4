// Reading XML from strangers. saxes is a strict, non-validating parser that never reads a DTD,
// never fetches anything and expands only the five predefined entities; on top of that, a
// document type declaration is refused unless it is the plain `<!DOCTYPE cXML SYSTEM "…">` line
// every cXML document carries (whose URL is never fetched). So an external entity (XXE) or a
// nested-entity bomb (billion laughs) is refused before any entity could be expanded. Size is
// bounded by the route's body limit, depth and element count here.
import { SaxesParser } from 'saxes';

export type XmlElement = {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (not its children's), trimmed. */
  text: string;
};

export class XmlRefused extends Error {}

const MAX_DEPTH = 32;
const MAX_ELEMENTS = 20_000;
/** `cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.0xx/cXML.dtd"`, no internal subset. */
const PLAIN_CXML_DOCTYPE = /^\s*cXML\s+SYSTEM\s+("[^"[\]<>]*"|'[^'[\]<>]*')\s*$/;

export function parseXml(text: string): XmlElement {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let count = 0;
  let refusal: string | null = null;
  const refuse = (why: string) => {
    refusal ??= why;
  };
  parser.on('doctype', (doctype) => {
    if (!PLAIN_CXML_DOCTYPE.test(doctype))
      refuse('a document type declaration other than <!DOCTYPE cXML SYSTEM "…"> is refused');
  });
  parser.on('opentag', (tag) => {
    count += 1;
    if (count > MAX_ELEMENTS) refuse(`more than ${MAX_ELEMENTS} elements`);
    if (stack.length >= MAX_DEPTH) refuse(`nested deeper than ${MAX_DEPTH} elements`);
    const element: XmlElement = {
      name: tag.name,
      attributes: { ...(tag.attributes as Record<string, string>) },
      children: [],
      text: '',
    };
    const parent = stack.at(-1);
    if (parent) parent.children.push(element);
    else root = element;
    stack.push(element);
  });
  parser.on('text', (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on('cdata', (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on('closetag', () => {
    const done = stack.pop();
    if (done) done.text = done.text.trim();
  });
  parser.on('error', (e) => refuse(e.message));
  // A refusal stops reading at once: nothing past a hostile declaration is looked at.
  const CHUNK = 16_384;
  for (let at = 0; at < text.length && refusal === null; at += CHUNK) {
    try {
      parser.write(text.slice(at, at + CHUNK));
    } catch (e) {
      refuse((e as Error).message);
    }
  }
  if (refusal === null) {
    try {
      parser.close();
    } catch (e) {
      refuse((e as Error).message);
    }
  }
  if (refusal !== null) throw new XmlRefused(refusal);
  if (!root) throw new XmlRefused('no root element');
  return root;
}

export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name);
}

export function childrenNamed(element: XmlElement | undefined, name: string): XmlElement[] {
  return element?.children.filter((c) => c.name === name) ?? [];
}

/** The element at a path of child names (first match at each step). */
export function at(element: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  return path.reduce<XmlElement | undefined>((e, name) => child(e, name), element);
}

export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}
