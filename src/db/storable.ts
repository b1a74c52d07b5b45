// What PostgreSQL cannot store, made storable before it is sent: a NUL in text ("invalid byte sequence"),
// and a NUL or a lone surrogate in jsonb ("unsupported Unicode escape sequence"). JavaScript strings hold
// both, from a query string's %00, a JSON body's "\ud800" or a file's stray byte; each becomes U+FFFD, so
// a stored value shows where something unreadable was instead of failing the statement that carries it.

const REPLACEMENT = '\uFFFD';

/** The text with every NUL and lone surrogate replaced by U+FFFD (the same string when there are none). */
export function storableText(text: string): string {
  if (text.isWellFormed() && !text.includes('\0')) return text;
  return text.toWellFormed().replaceAll('\0', REPLACEMENT);
}

/** Whether the text holds a character that is no text at all: a NUL or another control character. */
export const hasControlCharacter = (text: string): boolean =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text);

/** A query parameter made storable: strings, and the strings in an array (`= any($1::text[])`). */
function storableParam(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value) && value.some((v) => typeof v === 'string'))
    return value.map((v) => (typeof v === 'string' ? storableText(v) : v));
  return value;
}

/** Every parameter of a statement made storable; the same array when none needed it. */
export function storableParams(params: readonly unknown[] | undefined): unknown[] {
  if (!params) return [];
  let changed = false;
  const out = params.map((p) => {
    const q = storableParam(p);
    if (q !== p) changed = true;
    return q;
  });
  return changed ? out : (params as unknown[]);
}

/** JSON for a jsonb column: keys and string values made storable on the way. */
export function storableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'string') return storableText(v);
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).some((k) => storableText(k) !== k))
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [storableText(k), x]));
    return v;
  });
}
