// Districts as the incidents record them: a cell belongs to the district most of its incidents name.
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { decodedRows } from '../db/rows.ts';
import { UserError } from '../errors.ts';
import { nearest } from '../near-words.ts';
import { districtNamed } from './district-tag.ts';

// A cell's district changes only when incidents are imported, deleted or given districts, and looking it
// up scans the cell's incidents: answers are kept per database, so a busy channel costs no scans. Another
// process (the command line beside the service, a second replica) may make such a change: every half
// minute one small query asks whether any was made, and the answers are dropped if so.
const KEEP_MS = 10 * 60_000;
const CHECK_MS = 30_000;
interface Known {
  cells: Map<string, { district: string | null; at: number }>;
  /** Every district named, most incidents first: a scan of all incidents, asked on every district ask. */
  list?: { names: string[]; at: number };
  stamp: string;
  checkedAt: number;
}
const known = new WeakMap<Database, Known>();

/** After an import or a fill in this process: its cells' districts are read again at the next ask. */
export function forgetDistricts(database: Database): void {
  known.delete(database);
}

/** Changes when any import ends or any district fill, redraw or batch deletion is made, by any process. */
async function changeStamp(database: Database): Promise<string> {
  const [row] = await decodedRows(
    database,
    z.object({ stamp: z.string() }),
    // The audit log is read through its time index, over a day: a cell's answer is never kept that long.
    // Counts as well as the latest: a batch's finished_at is its transaction's start, and an entry's id
    // is taken before it commits, so a long change ending after a short one moves only the count.
    `select (select count(finished_at) || '@' || coalesce(max(finished_at)::text, '') from ingest_batches) || '/' ||
       (select count(*) || '@' || coalesce(max(id)::text, '') from audit_log where at > now() - interval '1 day'
          and action in ('districts filled', 'districts redrawn', 'batch delete'))
       as stamp`,
  );
  return row?.stamp ?? '';
}

async function knownOf(database: Database, now: number): Promise<Known> {
  const held = known.get(database);
  if (held && now - held.checkedAt < CHECK_MS) return held;
  const stamp = await changeStamp(database);
  if (held && held.stamp === stamp) {
    held.checkedAt = now;
    return held;
  }
  const fresh: Known = { cells: new Map(), stamp, checkedAt: now };
  known.set(database, fresh);
  return fresh;
}

export async function districtsOf(database: Database, cells: string[]): Promise<Map<string, string>> {
  const now = Date.now();
  const cache = (await knownOf(database, now)).cells;
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

/** Every district named by stored incidents, most incidents first (up to 5,000: reporting districts too). */
export async function listDistricts(database: Database): Promise<readonly string[]> {
  const now = Date.now();
  const held = await knownOf(database, now);
  if (held.list && now - held.list.at < KEEP_MS) return held.list.names;
  const rows = await decodedRows(
    database,
    z.object({ district: z.string() }),
    `select district from settled_incidents where district is not null
     group by district order by count(*) desc, district limit 5000`,
  );
  held.list = { names: rows.map((r) => r.district), at: now };
  return held.list.names;
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
