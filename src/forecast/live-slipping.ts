// Whether the forecast of a category is slipping in live use, as the scoring job last found it: a
// training reads it, so that a learned model that fell behind a simple count must now beat it clearly.
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { decodedRows } from '../db/rows.ts';

export interface LiveSlipping {
  kind: 'simple' | 'held-out';
  reason: string;
  since: Date;
}

export async function liveSlipping(database: Database, category: string): Promise<LiveSlipping | undefined> {
  const [row] = await decodedRows(
    database,
    z.object({ kind: z.enum(['simple', 'held-out']), reason: z.string(), since: z.date() }),
    'select kind, reason, raised_at as since from drift_alerts where category = $1',
    [category],
  );
  return row;
}
