// A source's own offence names filed by an analyst: a CSV of (offence name, category) given with
// `import --categories`, checked whole before anything is imported, and kept with the source so that
// every later import from it files those names the same way.
import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { decodedRows } from '../db/rows.ts';
import { UserError } from '../errors.ts';
import { CATEGORIES, type Category, isCategory } from './categories.ts';
import { readCsv } from './formats/csv.ts';
import { detectEncoding } from './formats/encoding.ts';

export interface SourceCategory {
  rawType: string;
  category: Category;
}

/** Offence names by their key: lower case, trimmed, spaces folded. */
export type CategoryMap = Map<string, SourceCategory>;

export const rawKey = (rawType: string): string => rawType.trim().toLowerCase().replace(/\s+/g, ' ');

const MAX_BYTES = 2 * 1024 * 1024;

async function* once(text: string) {
  yield text;
}

/** Reads a categories file: two columns, offence name then category; a header row is allowed. */
export async function readCategoryFile(path: string): Promise<CategoryMap> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new UserError(`--categories: no such file ${path}`);
  }
  if (size > MAX_BYTES) throw new UserError('--categories: the file is larger than 2 MB');
  const bytes = await readFile(path);
  const text = new TextDecoder(detectEncoding(bytes, true)).decode(bytes);
  const map: CategoryMap = new Map();
  const problems: string[] = [];
  for await (const events of readCsv(once(text))) {
    for (const e of events) {
      if ('error' in e) {
        problems.push(`line ${e.line}: ${e.error}`);
        continue;
      }
      const [raw = '', given = ''] = e.fields.map((f) => f.trim());
      if (raw === '' && given === '') continue;
      const category = given.toLowerCase().replaceAll(' ', '_');
      if (e.line === 1 && !isCategory(category)) continue; // a header
      if (raw === '') problems.push(`line ${e.line}: no offence name`);
      else if (!isCategory(category))
        problems.push(`line ${e.line}: '${given.slice(0, 40)}' is not a category (${CATEGORIES.join(', ')})`);
      else map.set(rawKey(raw), { rawType: raw.slice(0, 200), category });
    }
  }
  if (problems.length > 0)
    throw new UserError(
      `--categories: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`,
    );
  if (map.size === 0) throw new UserError('--categories: the file names no offence');
  return map;
}

/** The names stored for a source by earlier imports. */
export async function storedCategories(database: Database, source: string): Promise<CategoryMap> {
  const rows = await decodedRows(
    database,
    z.object({ raw_key: z.string(), raw_type: z.string(), category: z.string() }),
    'select raw_key, raw_type, category from source_categories where source = $1',
    [source],
  );
  const map: CategoryMap = new Map();
  for (const r of rows)
    if (isCategory(r.category)) map.set(r.raw_key, { rawType: r.raw_type, category: r.category });
  return map;
}

/** Stores names for a source, in the import's own transaction (`exec` runs a statement in it). */
export async function storeCategories(
  exec: (text: string, params: unknown[]) => Promise<unknown>,
  source: string,
  map: CategoryMap,
): Promise<void> {
  if (map.size === 0) return;
  const entries = [...map.entries()];
  await exec(
    `insert into source_categories (source, raw_key, raw_type, category)
     select $1, u.k, u.r, u.c from unnest($2::text[], $3::text[], $4::text[]) as u(k, r, c)
     on conflict (source, raw_key) do update set raw_type = excluded.raw_type, category = excluded.category,
       updated_at = now()`,
    [source, entries.map(([k]) => k), entries.map(([, v]) => v.rawType), entries.map(([, v]) => v.category)],
  );
}

/**
 * Whether the source's made-up ids hold the category (it held such ids before they left it out): see
 * the table category_in_made_up_ids.
 */
export async function categoryInMadeUpIds(database: Database, source: string): Promise<boolean> {
  const rows = await decodedRows(
    database,
    z.object({ source: z.string() }),
    'select source from category_in_made_up_ids where source = $1',
    [source],
  );
  return rows.length > 0;
}
