// Text in an SVG is XML: '&', '<' and quotes must be escaped, or the image breaks.
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

// Control characters other than tab and newlines are not allowed in XML at all.
const isAllowed = (c: string): boolean => c.charCodeAt(0) >= 0x20 || c === '\t' || c === '\n' || c === '\r';

export const escapeXml = (text: string): string =>
  Array.from(text)
    .filter(isAllowed)
    .join('')
    .replace(/[&<>"']/g, (c) => ENTITIES[c]!);
