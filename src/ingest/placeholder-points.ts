// Geocoders' dumps an import found: their cells are left out of ranked lists and maps, so that no unit
// is sent to a point where a geocoder put what it could not place, unless an analyst keeps one.
import { z } from 'zod';
import { type AuditEntry, auditInsert } from '../audit/audit-log.ts';
import type { Database } from '../db/client.ts';
import { decodedRows } from '../db/rows.ts';
import { inTransaction } from '../db/transaction.ts';
import { UserError } from '../errors.ts';
import { cellOf } from '../geo/cells.ts';

export interface Dump {
  point: string;
  lat: number;
  lon: number;
  incidents: number;
  streets: number;
}

/** Records the dumps an import found (a point seen again keeps the analyst's choice). */
export async function notePlaceholders(
  database: Database,
  source: string,
  dumps: readonly Dump[],
  h3Resolution: number,
): Promise<void> {
  for (const d of dumps)
    await database.query(
      `insert into placeholder_points (source, point, cell, incidents, streets) values ($1, $2, $3, $4, $5)
       on conflict (source, point) do update set incidents = excluded.incidents, streets = excluded.streets,
         found_at = now()`,
      [source, d.point, cellOf(d.lat, d.lon, h3Resolution), d.incidents, d.streets],
    );
}

/** A dump as listed (the command line's and the API's answer). */
export const placeholderRow = z.object({
  source: z.string(),
  point: z.string(),
  cell: z.string(),
  incidents: z.number().int(),
  streets: z.number().int(),
  kept: z.boolean(),
});
export type PlaceholderPoint = z.infer<typeof placeholderRow>;

export const listPlaceholders = (database: Database): Promise<PlaceholderPoint[]> =>
  decodedRows(
    database,
    placeholderRow,
    'select source, point, cell, incidents, streets, kept from placeholder_points order by incidents desc, point',
  );

/** The cells left out of lists and maps: those of dumps nobody kept. */
export async function leftOutCells(database: Database): Promise<Set<string>> {
  const rows = await decodedRows(
    database,
    z.object({ cell: z.string() }),
    'select distinct cell from placeholder_points where not kept',
  );
  return new Set(rows.map((r) => r.cell));
}

/** Keeps a dump's cell in lists and maps (or leaves it out again); audited with the change. */
export async function keepPlaceholder(
  database: Database,
  point: string,
  kept: boolean,
  who: Omit<AuditEntry, 'action' | 'params' | 'outcome'>,
): Promise<void> {
  const n = await inTransaction(database, async (exec) => {
    const rows = await exec('update placeholder_points set kept = $2 where point = $1 returning point', [
      point.replace(/\s+/g, ''),
      kept,
    ]);
    const entry = auditInsert({
      ...who,
      action: kept ? 'placeholders keep' : 'placeholders drop',
      params: { point },
      outcome: rows.length > 0 ? 'ok' : 'no such point',
    });
    await exec(entry.text, entry.params);
    return rows.length;
  });
  if (n === 0)
    throw new UserError(
      `no geocoder's dump is recorded at ${point.slice(0, 40)} (patrolcast placeholders lists them)`,
      404,
    );
}
