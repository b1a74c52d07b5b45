// The little XML a workbook needs, found by scanning forward with indexOf: every step moves on, so a
// hostile file (a row of unclosed tags, a megabyte of one attribute) costs time in proportion to its
// size. Regular expressions with open-ended repeats over such text can take time in its square.

export interface Element {
  /** The start tag, `<c r="A1" t="s">`. */
  tag: string;
  /** What is between the start and end tags; empty for `<c/>`. */
  body: string;
}

/** Where the next `<name` start tag begins at or after `from` (not `<names…`), or -1. */
export function tagStart(xml: string, name: string, from: number): number {
  const open = `<${name}`;
  for (let i = xml.indexOf(open, from); i !== -1; i = xml.indexOf(open, i + open.length)) {
    const after = xml.charCodeAt(i + open.length);
    // '>', '/', or white space ends the name; the end of the text may too.
    if (Number.isNaN(after) || after === 62 || after === 47 || after <= 32) return i;
  }
  return -1;
}

/** Each `<name …>…</name>` or `<name …/>` element in order; an element left open ends the scan. */
export function* elementsIn(xml: string, name: string, from = 0, to = xml.length): Generator<Element> {
  const close = `</${name}>`;
  let at = from;
  for (;;) {
    const start = tagStart(xml, name, at);
    if (start === -1 || start >= to) return;
    const gt = xml.indexOf('>', start);
    if (gt === -1 || gt >= to) return;
    const tag = xml.slice(start, gt + 1);
    if (xml.charCodeAt(gt - 1) === 47) {
      yield { tag, body: '' };
      at = gt + 1;
      continue;
    }
    const end = xml.indexOf(close, gt + 1);
    if (end === -1 || end + close.length > to) return;
    yield { tag, body: xml.slice(gt + 1, end) };
    at = end + close.length;
  }
}

/** The start tags `<name …>` in order (the tag's text only). */
export function* startTags(xml: string, name: string): Generator<string> {
  let at = 0;
  for (;;) {
    const start = tagStart(xml, name, at);
    if (start === -1) return;
    const gt = xml.indexOf('>', start);
    if (gt === -1) return;
    yield xml.slice(start, gt + 1);
    at = gt + 1;
  }
}

const isNameChar = (c: number) =>
  (c >= 48 && c <= 58) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 || c === 46;

/** The attributes of a start tag, by name (`r:id` keeps its prefix). */
export function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = tag.indexOf(' ');
  if (i === -1) return out;
  while (i < tag.length) {
    while (i < tag.length && !isNameChar(tag.charCodeAt(i))) i++;
    const nameStart = i;
    while (i < tag.length && isNameChar(tag.charCodeAt(i))) i++;
    const name = tag.slice(nameStart, i);
    while (i < tag.length && tag.charCodeAt(i) <= 32) i++;
    if (tag[i] !== '=') continue;
    i++;
    while (i < tag.length && tag.charCodeAt(i) <= 32) i++;
    const quote = tag[i];
    if (quote !== '"' && quote !== "'") continue;
    const end = tag.indexOf(quote, i + 1);
    if (end === -1) break;
    if (name) out.set(name, tag.slice(i + 1, end));
    i = end + 1;
  }
  return out;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Text with XML's escapes undone, and Excel's own (`_x000D_` for a carriage return). */
export function unescapeXml(text: string): string {
  if (!text.includes('&') && !text.includes('_x')) return text;
  return text
    .replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,4});/gi, (all, name: string) => {
      if (name[0] !== '#') return ENTITIES[name] ?? all;
      const code =
        name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code <= 0x10ffff ? String.fromCodePoint(code) : '';
    })
    .replace(/_x([0-9a-f]{4})_/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** The text of a string item (shared or inline): its runs' `<t>` text, without phonetic guides. */
export function itemText(xml: string): string {
  let out = '';
  let at = 0;
  let guide = tagStart(xml, 'rPh', 0);
  for (;;) {
    const t = tagStart(xml, 't', at);
    if (t === -1) break;
    if (guide !== -1 && guide < t) {
      const end = xml.indexOf('</rPh>', guide);
      if (end === -1) break;
      at = end + 6;
      guide = tagStart(xml, 'rPh', at);
      continue;
    }
    const gt = xml.indexOf('>', t);
    if (gt === -1) break;
    if (xml.charCodeAt(gt - 1) === 47) {
      at = gt + 1;
      continue;
    }
    const end = xml.indexOf('</t>', gt + 1);
    if (end === -1) break;
    out += xml.slice(gt + 1, end);
    at = end + 4;
  }
  return unescapeXml(out);
}
