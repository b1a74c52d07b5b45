// Stored forecasts: one row per model, window and category, and one per cell. Queries read these;
// they never train.
import { cellToLatLng } from 'h3-js';
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { decodedRows, idRow, rowOf, wholeNumber } from '../db/rows.ts';
import type { forecastCells } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { WINDOW_KINDS, type WindowKind } from './windows.ts';

export interface ForecastCell {
  cell: string;
  lat: number;
  lon: number;
  score: number;
  expected: number;
  rank: number;
  reasons: string[];
  /** A report desk (see report-desks.ts): listed by no answer, sent no unit. */
  desk: boolean;
}

export interface StoredForecast {
  id: number;
  modelId: number;
  modelVersion: number;
  algorithm: string;
  windowStart: Date;
  windowEnd: Date;
  windowKind: WindowKind;
  category: string;
  demo: boolean;
  createdAt: Date;
  /** Every cell of the study area, best first. */
  cells: ForecastCell[];
}

/** Below this a cell expects nothing worth naming (it would read 0.00): it is neither ranked nor listed. */
export const NOTHING_EXPECTED = 0.0005;

/** The forecast's cells that expect something, best first: what lists and rankings may show. */
export const rankedCells = (forecast: Pick<StoredForecast, 'cells'>): ForecastCell[] =>
  forecast.cells.filter((c) => c.expected >= NOTHING_EXPECTED);

export interface NewForecast {
  modelId: number;
  windowStart: Date;
  windowEnd: Date;
  windowKind: WindowKind;
  category: string;
  demo: boolean;
  cells: Omit<ForecastCell, 'lat' | 'lon'>[];
}

/**
 * Stores a forecast; if one for the same model, window and category is already there (another replica
 * or request scored it at the same time), that one stays and its id is returned: the same model on the
 * same data gives the same scores, and answers already built on it must not lose it.
 */
export async function storeForecast(database: Database, forecast: NewForecast): Promise<number> {
  return inTransaction(database, async (exec) => {
    const [row] = await decodedRows(
      exec,
      idRow,
      `insert into forecasts (model_id, window_start, window_end, window_kind, category, demo)
       values ($1, $2, $3, $4, $5, $6)
       on conflict (model_id, window_start, window_kind, category) do nothing returning id`,
      [
        forecast.modelId,
        forecast.windowStart.toISOString(),
        forecast.windowEnd.toISOString(),
        forecast.windowKind,
        forecast.category,
        forecast.demo,
      ],
    );
    if (!row) {
      const [existing] = await decodedRows(
        exec,
        idRow,
        'select id from forecasts where model_id = $1 and window_start = $2 and window_kind = $3 and category = $4',
        [forecast.modelId, forecast.windowStart.toISOString(), forecast.windowKind, forecast.category],
      );
      return existing!.id;
    }
    const id = row.id;
    const c = forecast.cells;
    await exec(
      `insert into forecast_cells (forecast_id, cell, score, expected, rank, reasons, desk)
       select $1, u.cell, u.score, u.expected, u.rank, u.reasons::jsonb, u.cell = any($7::text[])
       from unnest($2::text[], $3::float8[], $4::float8[], $5::int[], $6::text[]) as u(cell, score, expected, rank, reasons)`,
      [
        id,
        c.map((x) => x.cell),
        c.map((x) => x.score),
        c.map((x) => x.expected),
        c.map((x) => x.rank),
        c.map((x) => JSON.stringify(x.reasons)),
        // The few desks by cell: postgres.js sends no array of booleans.
        c.filter((x) => x.desk).map((x) => x.cell),
      ],
    );
    return id;
  });
}

const header = z.object({
  id: wholeNumber,
  modelId: wholeNumber,
  modelVersion: wholeNumber,
  algorithm: z.string(),
  windowStart: z.date(),
  windowEnd: z.date(),
  windowKind: z.enum(WINDOW_KINDS),
  category: z.string(),
  demo: z.boolean(),
  createdAt: z.date(),
});
type Header = z.output<typeof header>;

const cellRow = rowOf<typeof forecastCells>()(
  z.object({
    cell: z.string(),
    score: z.number(),
    expected: z.number(),
    rank: z.number().int(),
    // jsonb: an array on both drivers; text that holds one is read too.
    reasons: z.union([
      z.array(z.string()),
      z.string().transform((t) => z.array(z.string()).parse(JSON.parse(t))),
    ]),
    desk: z.boolean(),
  }),
);

const HEADER = `f.id, f.model_id as "modelId", m.version as "modelVersion", m.algorithm, f.window_start as "windowStart",
  f.window_end as "windowEnd", f.window_kind as "windowKind", f.category, f.demo, f.created_at as "createdAt"`;

export async function readForecast(
  database: Database,
  query: { modelId: number; windowStart: Date; windowKind: WindowKind; category: string },
): Promise<StoredForecast | undefined> {
  const [found] = await decodedRows(
    database,
    header,
    `select ${HEADER} from forecasts f join models m on m.id = f.model_id
     where f.model_id = $1 and f.window_start = $2 and f.window_kind = $3 and f.category = $4`,
    [query.modelId, query.windowStart.toISOString(), query.windowKind, query.category],
  );
  if (!found) return undefined;
  return withCells(database, found);
}

export async function forecastById(database: Database, id: number): Promise<StoredForecast | undefined> {
  const [found] = await decodedRows(
    database,
    header,
    `select ${HEADER} from forecasts f join models m on m.id = f.model_id where f.id = $1`,
    [id],
  );
  return found ? withCells(database, found) : undefined;
}

// A stored forecast's cells never change (a replacement gets a new id), so each process keeps the
// most recently read ones: answering the same question again costs no reading of a thousand rows.
const CACHED_FORECASTS = 32;
const cellCache = new WeakMap<Database, Map<number, ForecastCell[]>>();

async function withCells(database: Database, found: Header): Promise<StoredForecast> {
  const id = found.id;
  let cache = cellCache.get(database);
  if (!cache) {
    cache = new Map();
    cellCache.set(database, cache);
  }
  let cells = cache.get(id);
  if (cells) {
    cache.delete(id);
  } else {
    cells = await readCells(database, id);
  }
  cache.set(id, cells);
  while (cache.size > CACHED_FORECASTS) cache.delete(cache.keys().next().value!);
  return { ...found, cells };
}

async function readCells(database: Database, id: number): Promise<ForecastCell[]> {
  const rows = await decodedRows(
    database,
    cellRow,
    'select cell, score, expected, rank, reasons, desk from forecast_cells where forecast_id = $1 order by rank',
    [id],
  );
  return rows.map((r) => {
    const [lat, lon] = cellToLatLng(r.cell);
    return { ...r, lat, lon };
  });
}

/**
 * New data arrived: the stored forecasts of windows that begin after `after` were scored without it,
 * so they go, and the next request (or the refresh job) scores them again. Forecasts of windows begun
 * or about to begin (their briefings may be out) stay as they were served.
 */
export async function dropUpcomingForecasts(database: Database, after: Date): Promise<number> {
  const rows = await database.query('delete from forecasts where window_start > $1 returning id', [
    after.toISOString(),
  ]);
  return rows.length;
}
