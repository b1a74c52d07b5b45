// Districts as the incidents record them: a cell belongs to the district most of its incidents name.

import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { decodedRows } from '../db/rows.ts';
import { UserError } from '../errors.ts';
import { nearest } from '../near-words.ts';
import { districtNamed } from './district-tag.ts';

// A cell's district changes only when incidents are imported, and looking it up scans the cell's
// incidents: answers are kept for a few minutes per database, so a busy channel costs no scans.
const KEEP_MS = 10 * 60_000;
const known = new WeakMap<Database, Map<string, { district: string | null; at: number }>>();

/** After an import or a fill in this process: its cells' districts are read again at the next ask. */
export function forgetDistricts(database: Database): void {
  known.delete(database);
}

export async function districtsOf(database: Database, cells: string[]): Promise<Map<string, string>> {
  let cache = known.get(database);
  if (!cache) {
    cache = new Map();
    known.set(database, cache);
  }
  const now = Date.now();
  const missing = cells.filter((c) => {
    const hit = cache.get(c);
    return !hit || now - hit.at > KEEP_MS;
  });
  if (missing.length > 0) {
    const rows = await decodedRows(
      database,
      z.object({ cell: z.string(), district: z.string() }),
      `select cell, district, count(*)::int as n from settled_incidents
       where cell = any($1::text[]) and district is not null group by cell, district order by cell, n desc, district`,
      [missing],
    );
    for (const c of missing) cache.set(c, { district: null, at: now });
    for (const r of rows)
      if (cache.get(r.cell)?.district === null) cache.set(r.cell, { district: r.district, at: now });
  }
  const out = new Map<string, string>();
  for (const c of cells) {
    const district = cache.get(c)?.district;
    if (district) out.set(c, district);
  }
  return out;
}

/** Every district named by stored incidents, most incidents first. */
export async function listDistricts(database: Database, limit = 200): Promise<string[]> {
  const rows = await decodedRows(
    database,
    z.object({ district: z.string() }),
    `select district from settled_incidents where district is not null
     group by district order by count(*) desc, district limit $1`,
    [limit],
  );
  return rows.map((r) => r.district);
}

/**
 * The district as stored, matched without regard to case, or a UserError naming some that exist. `what`
 * says what the word could have been: only a district where it was given as one.
 */
export async function findDistrict(database: Database, name: string, what = 'a district'): Promise<string> {
  const all = await listDistricts(database);
  const match = all.find((d) => d.toLowerCase() === name.trim().toLowerCase());
  if (match) return match;
  const near = nearest(name.trim(), all);
  const known = all.length
    ? `known districts include ${all.slice(0, 12).join(', ')}`
    : 'no incident names a district';
  throw new UserError(
    `"${name.slice(0, 40)}" is not ${what} I know${near ? `; did you mean ${districtNamed(near)}?` : ''} (${known})`,
  );
}
