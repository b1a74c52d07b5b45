// Districts as the incidents record them: a cell belongs to the district most of its incidents name.
import type { Database } from '../db/client.ts';
import { UserError } from '../errors.ts';

export async function districtsOf(database: Database, cells: string[]): Promise<Map<string, string>> {
  const rows = await database.query<{ cell: string; district: string; n: number }>(
    `select cell, district, count(*)::int as n from incidents
     where cell = any($1::text[]) and district is not null group by cell, district order by cell, n desc, district`,
    [cells],
  );
  const out = new Map<string, string>();
  for (const r of rows) if (!out.has(r.cell)) out.set(r.cell, r.district);
  return out;
}

/** Every district named by stored incidents, most incidents first. */
export async function listDistricts(database: Database, limit = 200): Promise<string[]> {
  const rows = await database.query<{ district: string }>(
    `select district from incidents where district is not null
     group by district order by count(*) desc, district limit $1`,
    [limit],
  );
  return rows.map((r) => r.district);
}

/** The district as stored, matched without regard to case, or a UserError naming some that exist. */
export async function findDistrict(database: Database, name: string): Promise<string> {
  const all = await listDistricts(database);
  const match = all.find((d) => d.toLowerCase() === name.trim().toLowerCase());
  if (match) return match;
  const known = all.length
    ? `known districts include ${all.slice(0, 12).join(', ')}`
    : 'no incident names a district';
  throw new UserError(`there is no district "${name.slice(0, 40)}": ${known}`);
}
