// Which stored records a source withdrew: over the last days of the stored data (by the dataset's own
// date field), the ids stored under the source's own id that the source no longer lists. A source
// that suddenly lists almost nothing is an outage, not a withdrawal: nothing goes, and the run fails.
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { decodedRows } from '../db/rows.ts';
import type { FeedOptions } from './feed-store.ts';
import { FeedError } from './http-json.ts';

const DAY = 86_400_000;

/** How many days back a run checks that every stored record is still published. */
export const RECONCILE_DAYS = 30;

/** The start of the window a run re-checks: this many days before the source's newest stored incident. */
export async function reconcileSince(
  database: Database,
  source: string,
  options: FeedOptions,
): Promise<Date | undefined> {
  const [newest] = await decodedRows(
    database,
    z.object({ at: z.date().nullable() }),
    'select max(occurred_at) as at from settled_incidents where source = $1',
    [source],
  );
  if (!newest?.at) return undefined;
  return new Date(newest.at.getTime() - (options.reconcileDays ?? RECONCILE_DAYS) * DAY);
}

export async function withdrawnIds(
  database: Database,
  request: {
    source: string;
    options: FeedOptions;
    /** The ids this run received: listed, whatever the id listing says. */
    received: Iterable<string>;
    /** The ids the source lists for incidents dated on or after `since`. */
    published: (since: Date) => Promise<Set<string>>;
  },
): Promise<string[]> {
  const since = await reconcileSince(database, request.source, request.options);
  if (!since) return [];
  const stored = await decodedRows(
    database,
    z.object({ id: z.string() }),
    "select external_id as id from settled_incidents where source = $1 and occurred_at >= $2 and external_id not like 'h:%'",
    [request.source, since.toISOString()],
  );
  if (stored.length === 0) return [];
  const published = await request.published(since);
  for (const id of request.received) published.add(id);
  const gone = stored.map((s) => s.id).filter((id) => !published.has(id));
  if (gone.length > Math.max(10, stored.length * 0.05))
    throw new FeedError(
      `the source no longer lists ${gone.length} of the ${stored.length} records of the last ${request.options.reconcileDays ?? RECONCILE_DAYS} days: that looks like an outage, not withdrawals, so nothing was stored; the next run tries again`,
    );
  return gone;
}
