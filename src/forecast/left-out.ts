// Places no list, plan or map sends a unit to, though the forecast ranks them: a geocoder's dump (found
// by an import; an analyst may keep one) and a report desk (found by the forecast: most of its records
// are reports taken there, not crime there).
import type { Database } from '../db/client.ts';
import { leftOutCells } from '../ingest/placeholder-points.ts';
import type { StoredForecast } from './forecast-store.ts';

export type LeftOutWhy = 'placeholder' | 'desk';
export type LeftOut = ReadonlyMap<string, LeftOutWhy>;

export async function leftOutOf(
  database: Database,
  forecast: Pick<StoredForecast, 'cells'>,
): Promise<LeftOut> {
  const out = new Map<string, LeftOutWhy>();
  for (const c of forecast.cells) if (c.desk) out.set(c.cell, 'desk');
  for (const cell of await leftOutCells(database)) out.set(cell, 'placeholder');
  return out;
}

/** Why a place is left out, after its rank ("#4, …"). */
export const LEFT_OUT_WORDS: Record<LeftOutWhy, string> = {
  placeholder: 'where a geocoder put incidents it could not place (patrolcast placeholders lists them)',
  desk: 'a report desk: most of its records are reports taken there, not crime there',
};
