// What officers call a place: the block address recorded most often in its cell, and the next street
// recorded there ("9600 block of Marlive Ln, near Telephone Rd"). Only what the source published: a
// source without block addresses gives no names, and the answer says the district instead.
import type { Database } from '../db/client.ts';
import { streetOf } from '../ingest/block-address.ts';

export async function placeNames(database: Database, cells: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (cells.length === 0) return names;
  const rows = await database.query<{ cell: string; block: string; n: number }>(
    `select cell, block, count(*)::int as n from incidents
     where cell = any($1::text[]) and block is not null
     group by cell, block order by cell, n desc, block`,
    [cells],
  );
  const byCell = new Map<string, string[]>();
  for (const r of rows) byCell.set(r.cell, [...(byCell.get(r.cell) ?? []), r.block]);
  for (const [cell, blocks] of byCell) {
    const [first] = blocks;
    if (!first) continue;
    const near = blocks.map(streetOf).find((street) => street !== streetOf(first));
    names.set(cell, near ? `${first}, near ${near}` : first);
  }
  return names;
}
