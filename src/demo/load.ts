// Puts the demo city into a database, as one ingest batch from the source 'demo'.
import type { Database } from '../db/client.ts';
import { cellOf } from '../geo/cells.ts';
import { type CommitResult, storeIncidents } from '../ingest/store.ts';
import { toLocal } from '../time/zone.ts';
import { DEMO_SOURCE } from './city.ts';
import { type DemoOptions, generateDemoIncidents } from './generate.ts';

export interface LoadDemoOptions extends Partial<DemoOptions> {
  days: number;
  seed: number;
  timeZone: string;
  h3Resolution: number;
  /** Remove earlier demo rows first (real data is never touched). */
  replace?: boolean;
  now?: Date;
}

export interface LoadDemoResult extends CommitResult {
  generated: number;
  first: Date | undefined;
  last: Date | undefined;
}

export async function loadDemoData(database: Database, options: LoadDemoOptions): Promise<LoadDemoResult> {
  const end = options.end ?? toLocal(options.now ?? new Date(), options.timeZone);
  const rows = generateDemoIncidents({
    days: options.days,
    seed: options.seed,
    end,
    timeZone: options.timeZone,
  });
  const staged = rows.map((r) => ({ ...r, cell: cellOf(r.lat, r.lon, options.h3Resolution) }));
  if (options.replace) {
    await database.query('delete from incidents where source = $1', [DEMO_SOURCE]);
  }
  const result = await storeIncidents(
    database,
    { source: DEMO_SOURCE, profile: 'demo', actor: 'demo-data' },
    staged,
  );
  return { ...result, generated: rows.length, first: rows[0]?.occurredAt, last: rows.at(-1)?.occurredAt };
}

/** True when the database holds no incidents at all. */
export async function hasNoIncidents(database: Database): Promise<boolean> {
  const rows = await database.query('select 1 from settled_incidents limit 1');
  return rows.length === 0;
}
