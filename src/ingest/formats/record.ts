// What every format reader yields: a record's values by column, or a row-level error. Columns are
// shared by every record of the same shape (a CSV header, JSON objects with the same keys), so the
// mapper works out once per shape where each field is.

export interface Columns {
  /** Normalised column names. */
  names: readonly string[];
  index: ReadonlyMap<string, number>;
}

export interface RawRecord {
  /** Line in the file (CSV, NDJSON), or position of the element or feature (JSON, GeoJSON, shapefile). */
  line: number;
  columns: Columns;
  values: readonly unknown[];
  /** A geometry's point, [x, y]: longitude/latitude for GeoJSON, the file's own system for shapefiles. */
  point?: [number, number];
}

export interface RawError {
  line: number;
  error: string;
  field?: string;
}

export type RawEvent = RawRecord | RawError;

export const isRawError = (event: RawEvent): event is RawError => 'error' in event;

/** "OccurredDate" as words, "Occurred_Date": how ArcGIS layers and JSON APIs name their fields. */
const camelWords = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2');

/**
 * Columns by their names; a camelCase name is also found by its words (`OccurredDate` as
 * `occurred_date`), after every name as it is written, so a column named so keeps first claim.
 */
export function makeColumns(names: readonly string[], words: readonly string[] = []): Columns {
  const index = new Map<string, number>();
  names.forEach((name, i) => {
    if (!index.has(name)) index.set(name, i);
  });
  words.forEach((name, i) => {
    if (!index.has(name)) index.set(name, i);
  });
  return { names, index };
}

/** Columns for objects, reused while the keys stay the same. */
export function columnCache(normalise: (name: string) => string): (keys: string[]) => Columns {
  const cache = new Map<string, Columns>();
  return (keys) => {
    const signature = keys.join('\u001f');
    let columns = cache.get(signature);
    if (!columns) {
      columns = makeColumns(
        keys.map(normalise),
        keys.map((k) => normalise(camelWords(k))),
      );
      if (cache.size > 1000) cache.clear();
      cache.set(signature, columns);
    }
    return columns;
  };
}

/** A header row's columns: names normalised, a blank one called `column`, repeats numbered (`type_2`). */
export function headerColumns(fields: readonly string[], normalise: (name: string) => string): Columns {
  const seen = new Map<string, number>();
  return makeColumns(
    fields.map((name) => {
      const base = normalise(name) || 'column';
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      return n === 1 ? base : `${base}_${n}`;
    }),
    fields.map((name) => normalise(camelWords(name))),
  );
}
