// One run of a feed: read what changed at the source since the last run, and hand it to the one
// importer as a batch (all of it or none). The feed's mark moves only after the batch is stored, so a
// run killed half-way leaves nothing and the next run reads the same rows again.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { decodedRows } from '../db/rows.ts';
import { describeError } from '../errors.ts';
import { type ImportSettings, importFile } from '../ingest/importer.ts';
import { findProfile } from '../ingest/profiles.ts';
import { formatLocalMinute } from '../time/zone.ts';
import {
  emptyRun,
  type Feed,
  type FeedRunResult,
  importOptionsOf,
  pauseFeed,
  settleRun,
} from './feed-store.ts';
import { runFolderFeed } from './folder-feed.ts';
import { missingColumns } from './schema-check.ts';
import { FeedError, readSocrata, readSocrataIds, type SocrataRow } from './socrata.ts';

/** A row as the importer reads it: the portal's nested values (a location object) left out. */
const flat = (row: SocrataRow) =>
  Object.fromEntries(Object.entries(row).filter(([, v]) => v === null || typeof v !== 'object'));

export type { FeedRunResult };

export async function runFeed(
  database: Database,
  feed: Feed,
  settings: ImportSettings,
): Promise<FeedRunResult> {
  if (feed.kind === 'folder') {
    try {
      const result = await runFolderFeed(database, feed, settings);
      const failed = result.files.filter((f) => f.outcome.startsWith('failed')).length;
      await settleRun(
        database,
        feed,
        failed > 0
          ? { ok: false, error: `${failed} of ${result.files.length} files failed (see failed/)` }
          : { ok: true, highWater: null, result: { ...result } },
      );
      return result;
    } catch (error) {
      await settleRun(database, feed, { ok: false, error: describeError(error) }).catch(() => {});
      throw error;
    }
  }
  try {
    const appToken = feed.options.appTokenFile
      ? readFileSync(feed.options.appTokenFile, 'utf8').trim()
      : undefined;
    const { rows, newest } = await readSocrata({
      url: feed.url,
      ...(feed.highWater ? { since: feed.highWater } : {}),
      ...(appToken ? { appToken } : {}),
    });
    const lost = missingColumns(feed.options, rows);
    if (lost) {
      // Every row would be refused: the feed stops until someone looks, and nothing is stored.
      await pauseFeed(database, feed.name, true, { actorKind: 'system', actor: `feed ${feed.name}` });
      throw new FeedError(
        `${lost}: the feed is paused and nothing was stored; check the dataset, then patrolcast feeds resume ${feed.name}`,
      );
    }
    const withdraw = await withdrawnIds(database, feed, rows, settings, appToken);
    const empty = emptyRun(feed, newest ?? feed.highWater);
    if (rows.length === 0 && withdraw.length === 0) {
      await settleRun(database, feed, { ok: true, highWater: null, result: { ...empty } });
      return empty;
    }
    const dir = mkdtempSync(join(tmpdir(), 'patrolcast-feed-'));
    try {
      const path = join(dir, `${feed.name}.ndjson`);
      writeFileSync(path, `${rows.map((r) => JSON.stringify(flat(r))).join('\n')}\n`);
      const imported = await importFile(
        database,
        {
          path,
          fileName: `feed ${feed.name} ${new Date().toISOString()}.ndjson`,
          ...importOptionsOf(feed),
          withdraw,
        },
        settings,
      );
      const result: FeedRunResult = {
        ...empty,
        received: imported.received,
        added: imported.accepted,
        updated: imported.updated,
        deleted: imported.withdrawn,
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

const DAY = 86_400_000;

/** How many days back a run checks that every stored record is still published. */
export const RECONCILE_DAYS = 30;

/**
 * Records of this source the portal no longer publishes: over the last days of the stored data (by
 * the dataset's own date field), the stored ids with the source's own id that the portal does not
 * list. A portal that suddenly lists almost nothing is an outage, not a withdrawal: nothing goes.
 */
async function withdrawnIds(
  database: Database,
  feed: Feed,
  rows: readonly SocrataRow[],
  settings: ImportSettings,
  appToken: string | undefined,
): Promise<string[]> {
  const o = feed.options;
  const profile = findProfile(o.profile ?? 'generic');
  const source = o.source ?? profile?.source ?? 'generic';
  const idField = o.idField ?? profile?.columns.external_id?.[0];
  const dateField = o.dateField ?? profile?.columns.occurred_at?.[0];
  if (!idField || !dateField) return [];
  const [newest] = await decodedRows(
    database,
    z.object({ at: z.date().nullable() }),
    'select max(occurred_at) as at from incidents where source = $1',
    [source],
  );
  if (!newest?.at) return [];
  const since = new Date(newest.at.getTime() - (o.reconcileDays ?? RECONCILE_DAYS) * DAY);
  const stored = await decodedRows(
    database,
    z.object({ id: z.string() }),
    "select external_id as id from incidents where source = $1 and occurred_at >= $2 and external_id not like 'h:%'",
    [source, since.toISOString()],
  );
  if (stored.length === 0) return [];
  const timeZone = o.timeZone ?? profile?.timeZone ?? settings.timeZone;
  const published = await readSocrataIds({
    url: feed.url,
    idField,
    dateField,
    since: `${formatLocalMinute(since, timeZone).replace(' ', 'T')}:00.000`,
    ...(appToken ? { appToken } : {}),
  });
  for (const r of rows) if (r[idField] !== undefined) published.add(String(r[idField]));
  const gone = stored.map((s) => s.id).filter((id) => !published.has(id));
  if (gone.length > Math.max(10, stored.length * 0.05))
    throw new FeedError(
      `the portal no longer lists ${gone.length} of the ${stored.length} records of the last ${o.reconcileDays ?? RECONCILE_DAYS} days: that looks like an outage, not withdrawals, so nothing was stored; the next run tries again`,
    );
  return gone;
}
