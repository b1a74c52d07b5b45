// One run of a feed: read what changed at the source since the last run, and hand it to the one
// importer as a batch (all of it or none). The feed's mark moves only after the batch is stored, so a
// run killed half-way leaves nothing and the next run reads the same rows again.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../db/client.ts';
import { describeError } from '../errors.ts';
import { type ImportSettings, importFile } from '../ingest/importer.ts';
import { type Feed, settleRun } from './feed-store.ts';
import { readSocrata, type SocrataRow } from './socrata.ts';

export interface FeedRunResult {
  feed: string;
  /** Rows the source sent: new, changed or unchanged since the last run. */
  received: number;
  added: number;
  updated: number;
  deleted: number;
  duplicates: number;
  rejected: number;
  batchId: string | null;
  /** How far the feed has read: the newest edit time at the source. */
  highWater: string | null;
}

/** A row as the importer reads it: the portal's nested values (a location object) left out. */
const flat = (row: SocrataRow) =>
  Object.fromEntries(Object.entries(row).filter(([, v]) => v === null || typeof v !== 'object'));

export async function runFeed(
  database: Database,
  feed: Feed,
  settings: ImportSettings,
): Promise<FeedRunResult> {
  try {
    const appToken = feed.options.appTokenFile
      ? readFileSync(feed.options.appTokenFile, 'utf8').trim()
      : undefined;
    const { rows, newest } = await readSocrata({
      url: feed.url,
      ...(feed.highWater ? { since: feed.highWater } : {}),
      ...(appToken ? { appToken } : {}),
    });
    const empty: FeedRunResult = {
      feed: feed.name,
      received: 0,
      added: 0,
      updated: 0,
      deleted: 0,
      duplicates: 0,
      rejected: 0,
      batchId: null,
      highWater: newest ?? feed.highWater,
    };
    if (rows.length === 0) {
      await settleRun(database, feed, { ok: true, highWater: null, result: { ...empty } });
      return empty;
    }
    const dir = mkdtempSync(join(tmpdir(), 'patrolcast-feed-'));
    try {
      const path = join(dir, `${feed.name}.ndjson`);
      writeFileSync(path, `${rows.map((r) => JSON.stringify(flat(r))).join('\n')}\n`);
      const o = feed.options;
      const imported = await importFile(
        database,
        {
          path,
          fileName: `feed ${feed.name} ${new Date().toISOString()}.ndjson`,
          ...(o.profile ? { profile: o.profile } : {}),
          ...(o.maps ? { maps: o.maps } : {}),
          ...(o.crs ? { crs: o.crs } : {}),
          ...(o.timeZone ? { timeZone: o.timeZone } : {}),
          ...(o.source ? { source: o.source } : {}),
          ...(o.rejectPoints ? { rejectPoints: o.rejectPoints } : {}),
          actor: `feed ${feed.name}`,
        },
        settings,
      );
      const result: FeedRunResult = {
        ...empty,
        received: imported.received,
        added: imported.accepted,
        updated: imported.updated,
        duplicates: imported.duplicates,
        rejected: imported.rejected,
        batchId: imported.batchId ?? null,
      };
      await settleRun(database, feed, { ok: true, highWater: newest ?? null, result: { ...result } });
      return result;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } catch (error) {
    await settleRun(database, feed, { ok: false, error: describeError(error) }).catch(() => {});
    throw error;
  }
}
