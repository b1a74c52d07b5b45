// The list each chat user was last shown, so that "/explain 2" explains #2 of that list (its window,
// category and district), not of whatever the next shift is by the time they ask. On PostgreSQL it is
// kept in the database, since the platform may send "/explain" to another replica than the one that
// showed the list; on PGlite, which one process holds, in memory (a restart forgets it, and /explain
// then says which window it used).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { decodedRows } from '../db/rows.ts';
import { CATEGORIES, type Category } from '../ingest/categories.ts';

export interface ListShown {
  /** The window, as an `at` that asks for exactly it again. */
  at: string;
  category: Category | 'all';
  district?: string;
  /** "night shift · Mon 22:00–06:00": how the list named it. */
  headline: string;
}

export interface ListMemory {
  remember(user: string, list: ListShown): Promise<void>;
  recall(user: string): Promise<ListShown | undefined>;
}

const MAX_USERS = 5000;

export class LastLists implements ListMemory {
  private readonly lists = new Map<string, ListShown>();

  async remember(user: string, list: ListShown): Promise<void> {
    this.lists.delete(user);
    this.lists.set(user, list);
    if (this.lists.size > MAX_USERS) this.lists.delete(this.lists.keys().next().value!);
  }

  async recall(user: string): Promise<ListShown | undefined> {
    return this.lists.get(user);
  }
}

const listRow = z.object({
  at: z.string(),
  category: z.union([z.literal('all'), z.enum(CATEGORIES)]),
  district: z.string().nullable(),
  headline: z.string(),
});

// Keyed by a digest of the platform's user id, never the id itself: the table says which list was
// last shown, not to whom.
const keyOf = (user: string) => createHash('sha256').update(`last-list\0${user}`).digest('hex');

/** One row per user, replaced by each list shown. */
export class SharedLastLists implements ListMemory {
  constructor(private readonly database: Database) {}

  async remember(user: string, list: ListShown): Promise<void> {
    await this.database.query(
      `insert into last_lists (key, at, category, district, headline, shown_at) values ($1, $2, $3, $4, $5, now())
       on conflict (key) do update set at = excluded.at, category = excluded.category,
         district = excluded.district, headline = excluded.headline, shown_at = excluded.shown_at`,
      [keyOf(user), list.at, list.category, list.district ?? null, list.headline],
    );
  }

  async recall(user: string): Promise<ListShown | undefined> {
    const [row] = await decodedRows(
      this.database,
      listRow,
      'select at, category, district, headline from last_lists where key = $1',
      [keyOf(user)],
    );
    if (!row) return undefined;
    return {
      at: row.at,
      category: row.category,
      ...(row.district !== null ? { district: row.district } : {}),
      headline: row.headline,
    };
  }
}

/** Shared on PostgreSQL (replicas); in memory on PGlite. */
export const listMemoryFor = (database: Database): ListMemory =>
  database.kind === 'postgres' ? new SharedLastLists(database) : new LastLists();
