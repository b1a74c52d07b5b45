// Streams the elements of a JSON array, or the features of a GeoJSON FeatureCollection, without
// holding the whole document: each element's text is cut out and parsed on its own.
import { UserError } from '../../errors.ts';

export type JsonEvent = { index: number; value: unknown } | { index: number; error: string };

const MAX_ELEMENT_CHARS = 16 * 1024 * 1024;

/**
 * The keys an API's answer, saved as a file, keeps its records under: GeoJSON's and ArcGIS's features,
 * CKAN's result.records, OData's value, and the usual data, results, items and rows.
 */
const RECORD_KEYS = new Set([
  'features',
  'records',
  'results',
  'data',
  'items',
  'rows',
  'value',
  'incidents',
]);
/** Records are looked for this deep at most: the document's own keys, or one object down. */
const KEY_DEPTH = 2;

/**
 * Socrata's rows.json (its portals' "Export → JSON") keeps each row as a list of values, their names
 * in `meta.view.columns` above the rows. The names of the values, or undefined for another document.
 * Socrata's own bookkeeping (":sid", ":created_at") is no column of the export.
 */
function socrataColumns(meta: unknown): (string | undefined)[] | undefined {
  const view = (meta as { view?: { columns?: unknown } } | null)?.view;
  if (!Array.isArray(view?.columns)) return undefined;
  const names = view.columns.map((c: unknown) => {
    const o = (c ?? {}) as { fieldName?: unknown };
    return typeof o.fieldName === 'string' && !o.fieldName.startsWith(':') ? o.fieldName : undefined;
  });
  return names.some((n) => n !== undefined) ? names : undefined;
}

/** A row of rows.json as the record it is; a legacy location [address, lat, lon, …] as an object. */
function socrataRecord(names: readonly (string | undefined)[], row: unknown[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  names.forEach((name, i) => {
    if (name === undefined) return;
    const v = row[i];
    record[name] =
      Array.isArray(v) && v.length >= 3 && (typeof v[1] === 'string' || typeof v[1] === 'number')
        ? { human_address: v[0], latitude: v[1], longitude: v[2] }
        : v;
  });
  return record;
}

/**
 * Elements of a top-level array, or of the first array under a records key (`features`, `records`,
 * `data` …) of a top-level object or of an object it holds (`result.records`).
 */
export async function* readJsonElements(
  chunks: AsyncIterable<string>,
  maxElementChars = MAX_ELEMENT_CHARS,
): AsyncGenerator<JsonEvent> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let root: 'none' | 'array' | 'object' = 'none';
  /** Depth at which elements start; -1 until the array holding them has opened. */
  let elementDepth = -1;
  /** Of the containers open down to KEY_DEPTH, whether each is an object, and its key state. */
  const isObject: boolean[] = [];
  const expectKey: boolean[] = [];
  const lastKey: string[] = [];
  let key: string[] | null = null;
  let capturing = false;
  let parts: string[] = [];
  let size = 0;
  let index = 0;
  let foundArray = false;
  /** The document's `meta` object, read whole (rows.json's column names); its text while it is read. */
  let metaParts: string[] | null = null;
  let metaStart = -1;
  let metaSize = 0;
  let names: (string | undefined)[] | undefined;
  /** Keys are followed outside the records only, and only near the top. */
  const keyed = () => depth >= 1 && depth <= KEY_DEPTH && elementDepth === -1 && isObject[depth]!;

  const finish = (): JsonEvent => {
    const text = parts.join('');
    parts = [];
    size = 0;
    capturing = false;
    try {
      const value: unknown = JSON.parse(text);
      return { index, value: names && Array.isArray(value) ? socrataRecord(names, value) : value };
    } catch {
      return { index, error: 'not valid JSON' };
    }
  };

  for await (const chunk of chunks) {
    let start = capturing ? 0 : -1;
    let keyStart = key ? 0 : -1;
    if (metaParts) metaStart = 0;
    const keepMeta = (end: number) => {
      metaSize += end - metaStart;
      if (metaSize > maxElementChars)
        throw new UserError(
          `the document's meta is larger than ${Math.round(maxElementChars / 1024)} KB: no export of incidents has such a header; nothing was stored`,
        );
      metaParts!.push(chunk.slice(metaStart, end));
    };
    const keep = (end: number) => {
      if (start === -1) return;
      size += end - start;
      // No incident is that large: the file is refused as soon as one is seen, not read to its end.
      if (size > maxElementChars)
        throw new UserError(
          `record ${(index + 1).toLocaleString('en-US')} is larger than ${Math.round(maxElementChars / 1024)} KB: no export of incidents has such records; nothing was stored`,
        );
      parts.push(chunk.slice(start, end));
    };
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92 /* \ */) escaped = true;
        else if (c === 34 /* " */) {
          inString = false;
          if (key) {
            key.push(chunk.slice(keyStart, i));
            lastKey[depth] = key.join('');
            key = null;
            keyStart = -1;
          }
        }
        continue;
      }
      if (c === 32 || c === 10 || c === 13 || c === 9) continue;
      if (!capturing && depth === elementDepth && c !== 44 /* , */ && c !== 93 /* ] */) {
        capturing = true;
        start = i;
        index++;
      }
      switch (c) {
        case 34: // "
          inString = true;
          if (keyed() && expectKey[depth]) {
            key = [];
            keyStart = i + 1;
          }
          break;
        case 123: // {
        case 91: // [
          if (c === 123 && depth === 1 && root === 'object' && !expectKey[1] && lastKey[1] === 'meta') {
            metaParts = [];
            metaStart = i;
          }
          if (depth === 0) {
            root = c === 91 ? 'array' : 'object';
            if (root === 'array') elementDepth = 1;
            foundArray ||= root === 'array';
          } else if (
            c === 91 &&
            !foundArray &&
            keyed() &&
            !expectKey[depth] &&
            RECORD_KEYS.has(lastKey[depth]!)
          ) {
            elementDepth = depth + 1;
            foundArray = true;
          }
          depth++;
          if (depth <= KEY_DEPTH) {
            isObject[depth] = c === 123;
            expectKey[depth] = c === 123;
            lastKey[depth] = '';
          }
          break;
        case 125: // }
        case 93: // ]
          if (capturing && depth === elementDepth && c === 93) {
            // A primitive element ends at the array's close.
            keep(i);
            start = -1;
            yield finish();
          }
          depth--;
          if (metaParts && depth === 1) {
            keepMeta(i + 1);
            try {
              names = socrataColumns(JSON.parse(metaParts.join('')));
            } catch {
              names = undefined;
            }
            metaParts = null;
          }
          if (capturing && depth === elementDepth) {
            keep(i + 1);
            start = -1;
            yield finish();
          } else if (depth === elementDepth - 1 && c === 93) {
            elementDepth = -1;
          }
          break;
        case 44: // ,
          if (capturing && depth === elementDepth) {
            keep(i);
            start = -1;
            yield finish();
          }
          if (keyed()) expectKey[depth] = true;
          break;
        case 58: // :
          if (keyed()) expectKey[depth] = false;
          break;
      }
    }
    if (capturing) keep(chunk.length);
    if (metaParts) keepMeta(chunk.length);
    if (key && keyStart !== -1) key.push(chunk.slice(keyStart));
  }
  if (capturing) yield { index, error: 'the file ends inside this element (truncated?)' };
  if (root === 'none') throw new UserError('not valid JSON');
  if (!foundArray) {
    throw new UserError(
      'the JSON holds no list of records: expected an array, a GeoJSON FeatureCollection, or an object keeping its records under features, records, results, data, items, rows or value',
    );
  }
}

/** One JSON value per line; blank lines are skipped. */
export async function* readJsonLines(
  chunks: AsyncIterable<string>,
): AsyncGenerator<{ line: number } & ({ value: unknown } | { error: string })> {
  let pending = '';
  let line = 0;
  /** Inside a line too long to keep: drop text up to its end. */
  let skipping = false;
  const parse = (text: string) => {
    try {
      return { line, value: JSON.parse(text) as unknown };
    } catch {
      return { line, error: 'not valid JSON' };
    }
  };
  for await (const chunk of chunks) {
    pending += chunk;
    let from = 0;
    for (let nl = pending.indexOf('\n'); nl !== -1; nl = pending.indexOf('\n', from)) {
      line++;
      const text = skipping ? '' : pending.slice(from, nl).trim();
      skipping = false;
      from = nl + 1;
      if (text) yield parse(text);
    }
    pending = pending.slice(from);
    if (!skipping && pending.length > MAX_ELEMENT_CHARS) {
      yield { line: line + 1, error: `line longer than ${MAX_ELEMENT_CHARS} characters` };
      skipping = true;
    }
    if (skipping) pending = '';
  }
  line++;
  if (!skipping && pending.trim()) yield parse(pending.trim());
}
