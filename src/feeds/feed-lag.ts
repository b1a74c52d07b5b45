// How far behind a feed's data are: its source's newest incident, and how long ago that was.
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { decodedRows } from '../db/rows.ts';
import { type Feed, sourceOf } from './feed-store.ts';

export interface FeedLag {
  newest: Date | null;
  hours: number | null;
}

export async function feedLags(
  database: Database,
  feeds: readonly Feed[],
  now = new Date(),
): Promise<Map<string, FeedLag>> {
  if (feeds.length === 0) return new Map();
  // One source at a time, newest first down the time index: quick however many incidents are stored.
  const bySource = new Map<string, Date | null>();
  for (const source of new Set(feeds.map(sourceOf))) {
    const [row] = await decodedRows(
      database,
      z.object({ at: z.date() }),
      'select occurred_at as at from settled_incidents where source = $1 order by occurred_at desc limit 1',
      [source],
    );
    bySource.set(source, row?.at ?? null);
  }
  return new Map(
    feeds.map((f) => {
      const newest = bySource.get(sourceOf(f)) ?? null;
      return [
        f.name,
        { newest, hours: newest ? Math.max(0, now.getTime() - newest.getTime()) / 3_600_000 : null },
      ];
    }),
  );
}
