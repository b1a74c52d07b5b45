// The incident history a forecast learns from, held in typed arrays: a city-decade is a few
// megabytes, and every count a feature needs is a binary search away.
import { getResolution, latLngToCell } from 'h3-js';
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { decodedRows, wholeNumber } from '../db/rows.ts';
import { DEMO_SOURCE } from '../demo/city.ts';
import { CATEGORIES, type Category, TIME_PRECISIONS, type TimePrecision } from '../ingest/categories.ts';

export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** Which incidents a model learns from (responsible-use settings decide the defaults). */
export interface HistoryFilter {
  /** Only incidents before this instant. */
  until: Date;
  /** Only incidents at or after this instant (undefined: all). */
  from?: Date;
  /** Only incidents stored by this instant: what was known then (undefined: all stored now). */
  storedBy?: Date;
  origins: readonly string[];
  excludedCategories: readonly string[];
}

/** What a model learns from: the responsible-use settings, as one rule for the database and files alike. */
export type TrainingFilter = Pick<HistoryFilter, 'origins' | 'excludedCategories'>;

export const learnsFrom = (filter: TrainingFilter, incident: { origin: string; category: string }): boolean =>
  filter.origins.includes(incident.origin) && !filter.excludedCategories.includes(incident.category);

/** Incidents sorted by time, with their cells numbered. */
export interface IncidentTable {
  /** Milliseconds since the epoch, ascending. */
  time: Float64Array;
  cell: Int32Array;
  category: Uint8Array;
  /** Cell ids (H3) by number; the numbering is stable (sorted ids). */
  cells: string[];
  cellIndex: Map<string, number>;
  resolution: number;
  /** True when any incident is synthetic demo data. */
  demo: boolean;
  /** Identifies the data: the same incidents give the same fingerprint. */
  fingerprint: string;
  /** How finely the incidents are timed: the finest that nine in ten of them have. */
  precision: DataPrecision;
  /**
   * Per row, 1 when the incident is dated only to its day or month (its time is a stand-in: local
   * midnight, say); absent when every incident has a time of day. Such an incident is in no shift.
   */
  untimed?: Uint8Array;
  /** Places an analyst says are no report desk (`desks keep`), whatever their heaps of unknown times. */
  keptDesks?: readonly string[];
}

/** Times of day (shifts can be forecast), dates only (days and coarser), or months only. */
export type DataPrecision = 'hour' | 'day' | 'month';

/** The finest precision that at least nine incidents in ten have. */
export function dataPrecision(counts: Partial<Record<TimePrecision, number>>): DataPrecision {
  const total = Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
  const month = counts.month ?? 0;
  const day = counts.day ?? 0;
  if (total === 0) return 'hour';
  if (month > total / 10) return 'month';
  return month + day > total / 10 ? 'day' : 'hour';
}

export const categoryNumber = (c: string): number => (CATEGORIES as readonly string[]).indexOf(c);

/** The whole history in one text of "ms cell category" lines, with counts of how finely it is dated. */
const packedHistory = z.object({
  lines: z.string().nullable(),
  demo: z.boolean().nullable(),
  month: wholeNumber,
  day: wholeNumber,
  timed: wholeNumber,
});
const incidentRow = z.object({
  t: z.number(),
  cell: z.string(),
  category: z.string(),
  lat: z.number(),
  lon: z.number(),
  precision: z.enum(TIME_PRECISIONS),
});
/** A line's fourth word, for an incident with no time of day (rare: most lines have three). */
const UNTIMED_MARK = 'u';

/**
 * The incidents as they were stored at the instant in parameter $n: those stored by then, and the
 * versions stored by then that a later batch revised or withdrew (kept with that batch).
 */
const knownBy = (n: number) => `(
  select source, external_id, occurred_at, time_precision, category, lat, lon, cell, origin
  from settled_incidents where created_at <= $${n}
  union all
  select r.source, r.external_id, r.occurred_at, r.time_precision, r.category, r.lat, r.lon, r.cell, r.origin
  from incident_revisions r
  join ingest_batches later on later.id = r.batch_id
  join ingest_batches prior on prior.id = r.prior_batch_id
  where coalesce(later.finished_at, later.created_at) > $${n} and coalesce(prior.finished_at, prior.created_at) <= $${n}
) as known`;

export async function loadIncidents(
  database: Database,
  filter: HistoryFilter,
  resolution: number,
): Promise<IncidentTable> {
  const params: unknown[] = [filter.until.toISOString(), [...filter.origins], [...filter.excludedCategories]];
  let where = 'occurred_at < $1 and origin = any($2::text[]) and not (category = any($3::text[]))';
  if (filter.from) {
    params.push(filter.from.toISOString());
    where += ` and occurred_at >= $${params.length}`;
  }
  let from = 'settled_incidents';
  if (filter.storedBy) {
    params.push(filter.storedBy.toISOString());
    from = knownBy(params.length);
  }
  // One text of "ms cell category" lines rather than a row each: the database driver's per-row work
  // (PGlite's on the main thread) costs ten times the query itself on a city's history.
  const [packed] = await decodedRows(
    database,
    packedHistory,
    `select string_agg(((extract(epoch from occurred_at) * 1000)::bigint)::text || ' ' || cell || ' ' || category
                         || case when time_precision in ('day', 'month') then ' ${UNTIMED_MARK}' else '' end,
                       E'\\n' order by occurred_at, source, external_id) as lines,
            bool_or(source = '${DEMO_SOURCE}') as demo,
            (count(*) filter (where time_precision = 'month'))::int as month,
            (count(*) filter (where time_precision = 'day'))::int as day,
            (count(*) filter (where time_precision in ('hour', 'minute')))::int as timed
     from ${from} where ${where}`,
    params,
  );
  const precision = dataPrecision({
    month: packed?.month ?? 0,
    day: packed?.day ?? 0,
    minute: packed?.timed ?? 0,
  });
  const keptDesks = (
    await decodedRows(database, z.object({ cell: z.string() }), 'select cell from kept_desks order by cell')
  ).map((r) => r.cell);
  const rows = (packed?.lines ?? '').split('\n').flatMap((line) => {
    if (!line) return [];
    const [t, cell, category, mark] = line.split(' ') as [string, string, string, string?];
    const precision: TimePrecision = mark === UNTIMED_MARK ? 'day' : 'minute';
    return [{ t: Number(t), cell, category, lat: 0, lon: 0, precision }];
  });
  // Cells stored at another resolution (the setting changed after import) are recomputed from lat/lon.
  if (
    rows.some((r, i) => (i === 0 || r.cell !== rows[i - 1]!.cell) && getResolution(r.cell) !== resolution)
  ) {
    const full = await decodedRows(
      database,
      incidentRow,
      `select (extract(epoch from occurred_at) * 1000)::float8 as t, cell, category, lat, lon,
              time_precision as precision
       from ${from} where ${where} order by occurred_at, source, external_id`,
      params,
    );
    return { ...tableFrom(full, resolution), demo: Boolean(packed?.demo), precision, keptDesks };
  }
  return { ...tableFrom(rows, resolution), demo: Boolean(packed?.demo), precision, keptDesks };
}

/** Builds the table from rows in time order (also used by tests and the benchmark). */
export function tableFrom(
  rows: readonly {
    t: number;
    cell?: string;
    category: string;
    lat: number;
    lon: number;
    demo?: boolean;
    precision?: TimePrecision;
  }[],
  resolution: number,
): IncidentTable {
  const precisions: Partial<Record<TimePrecision, number>> = {};
  const n = rows.length;
  const time = new Float64Array(n);
  const untimed = new Uint8Array(n);
  let anyUntimed = false;
  const category = new Uint8Array(n);
  const cellIds: string[] = new Array(n);
  let demo = false;
  // A cheap, order-sensitive digest of what the model sees.
  let h1 = 0x811c9dc5;
  let h2 = n;
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    time[i] = Number(r.t);
    const stored = r.cell;
    cellIds[i] =
      stored && getResolution(stored) === resolution ? stored : latLngToCell(r.lat, r.lon, resolution);
    const k = categoryNumber(r.category);
    category[i] = k < 0 ? categoryNumber('other') : k;
    if (r.demo) demo = true;
    const p = r.precision ?? 'minute';
    precisions[p] = (precisions[p] ?? 0) + 1;
    if (p === 'day' || p === 'month') {
      untimed[i] = 1;
      anyUntimed = true;
    }
    h1 = Math.imul(h1 ^ (time[i]! / 60_000), 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ (category[i]! | (untimed[i]! << 7)), 0x5bd1e995) >>> 0;
  }
  const cells = [...new Set(cellIds)].sort();
  const cellIndex = new Map(cells.map((c, i) => [c, i]));
  const cell = new Int32Array(n);
  for (let i = 0; i < n; i++) cell[i] = cellIndex.get(cellIds[i]!)!;
  return {
    time,
    cell,
    category,
    cells,
    cellIndex,
    resolution,
    demo,
    fingerprint: `${n}-${h1.toString(16)}-${h2.toString(16)}`,
    precision: dataPrecision(precisions),
    ...(anyUntimed ? { untimed } : {}),
  };
}

/** Times of events per cell (compressed rows): cell c's times are times[start[c] .. start[c+1]). */
export interface CellTimes {
  start: Int32Array;
  times: Float64Array;
}

/** Per-cell sorted times of the incidents that pass `keep` (e.g. one category). */
export function cellTimes(table: IncidentTable, keep: (i: number) => boolean): CellTimes {
  const nCells = table.cells.length;
  const counts = new Int32Array(nCells + 1);
  for (let i = 0; i < table.time.length; i++) if (keep(i)) counts[table.cell[i]! + 1]!++;
  for (let c = 0; c < nCells; c++) counts[c + 1]! += counts[c]!;
  const start = counts;
  const fill = start.slice(0, nCells);
  const times = new Float64Array(start[nCells]!);
  // The table is in time order, so each cell's slice comes out sorted.
  for (let i = 0; i < table.time.length; i++) {
    if (!keep(i)) continue;
    const c = table.cell[i]!;
    times[fill[c]!++] = table.time[i]!;
  }
  return { start, times };
}

/** Index of the first value ≥ x in sorted values[lo, hi). */
export function lowerBound(values: Float64Array, lo: number, hi: number, x: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * lowerBound found by galloping back from hi: a few steps when the answer is near the end, as it is
 * for the start of a cell's recent events.
 */
export function lowerBoundBack(values: Float64Array, lo: number, hi: number, x: number): number {
  let top = hi;
  for (let step = 1; top > lo; step *= 2) {
    const probe = Math.max(lo, top - step);
    if (values[probe]! < x) return lowerBound(values, probe + 1, top, x);
    top = probe;
  }
  return lo;
}

/** Events of cell c in [from, to). */
export function countIn(ct: CellTimes, c: number, from: number, to: number): number {
  const lo = ct.start[c]!;
  const hi = ct.start[c + 1]!;
  if (lo === hi) return 0;
  return lowerBound(ct.times, lo, hi, to) - lowerBound(ct.times, lo, hi, from);
}

export const targetFilter = (table: IncidentTable, category: Category | 'all') => {
  if (category === 'all') return () => true;
  const k = categoryNumber(category);
  return (i: number) => table.category[i] === k;
};
