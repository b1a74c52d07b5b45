// Places no list, plan or map sends a unit to, though the forecast ranks them: a geocoder's dump (found
// by an import; an analyst may keep one) and a report desk (found by the forecast; an analyst may keep
// one too: `desks keep`).
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { decodedRows } from '../db/rows.ts';
import type { StoredForecast } from './forecast-store.ts';
import { DESK_VERDICT, KEPT_VERDICT } from './reasons.ts';

export type LeftOutWhy = 'placeholder' | 'desk';
export type LeftOut = ReadonlyMap<string, LeftOutWhy>;

/** What the analysts said, read once for any number of forecasts. */
export interface PlaceChoices {
  /** Cells of geocoders' dumps nobody kept. */
  dumps: ReadonlySet<string>;
  /** Places kept though the forecast took them for desks. */
  keptDesks: ReadonlySet<string>;
}

export async function placeChoices(database: Database): Promise<PlaceChoices> {
  const rows = await decodedRows(
    database,
    z.object({ cell: z.string(), kind: z.enum(['dump', 'kept']) }),
    `select distinct cell, 'dump' as kind from placeholder_points where not kept
     union all select cell, 'kept' as kind from kept_desks`,
  );
  return {
    dumps: new Set(rows.filter((r) => r.kind === 'dump').map((r) => r.cell)),
    keptDesks: new Set(rows.filter((r) => r.kind === 'kept').map((r) => r.cell)),
  };
}

/**
 * The forecast's places left out, and why. A desk kept after the forecast was stored is listed at
 * once: the forecast's own desk mark is only its judgement when it was scored.
 */
export function leftOutIn(forecast: Pick<StoredForecast, 'cells'>, choices: PlaceChoices): LeftOut {
  const out = new Map<string, LeftOutWhy>();
  for (const c of forecast.cells) if (c.desk && !choices.keptDesks.has(c.cell)) out.set(c.cell, 'desk');
  for (const cell of choices.dumps) out.set(cell, 'placeholder');
  return out;
}

/**
 * The forecast as lists serve it now: a place kept after the forecast was stored no longer reads as a
 * desk whose reports are not counted; its reason says an analyst kept it.
 */
export function asServedNow<F extends Pick<StoredForecast, 'cells'>>(forecast: F, choices: PlaceChoices): F {
  if (!forecast.cells.some((c) => c.desk && choices.keptDesks.has(c.cell))) return forecast;
  return {
    ...forecast,
    cells: forecast.cells.map((c) =>
      c.desk && choices.keptDesks.has(c.cell)
        ? {
            ...c,
            reasons: c.reasons.map((r) =>
              r.endsWith(DESK_VERDICT) ? `${r.slice(0, -DESK_VERDICT.length)}${KEPT_VERDICT}` : r,
            ),
          }
        : c,
    ),
  };
}

/** The forecast as lists serve it now, and the places they leave out. */
export async function servedNow<F extends Pick<StoredForecast, 'cells'>>(
  database: Database,
  forecast: F,
): Promise<{ forecast: F; leftOut: LeftOut }> {
  const choices = await placeChoices(database);
  return { forecast: asServedNow(forecast, choices), leftOut: leftOutIn(forecast, choices) };
}

export const leftOutOf = async (database: Database, forecast: Pick<StoredForecast, 'cells'>) =>
  leftOutIn(forecast, await placeChoices(database));

/**
 * A ranking (positions into `cells`, best first) as a list serves it: the places left out moved to
 * its end, the rest in order. Scores of a list are read on this, so that no list is credited with a
 * desk's reports.
 */
export function servedRanking(ranking: Int32Array, cells: readonly string[], leftOut: LeftOut): Int32Array {
  if (leftOut.size === 0) return ranking;
  const kept: number[] = [];
  const passed: number[] = [];
  for (const s of ranking) (leftOut.has(cells[s]!) ? passed : kept).push(s);
  return Int32Array.from([...kept, ...passed]);
}

/** Why a place is left out, after its rank ("#4, …"). */
export const LEFT_OUT_WORDS: Record<LeftOutWhy, string> = {
  placeholder: 'where a geocoder put incidents it could not place (patrolcast placeholders lists them)',
  desk: 'a report desk: most of its records are reports taken there, not crime there',
};
