// One run of a feed: read what changed at the source since the last run, and hand it to the one
// importer as a batch (all of it or none). The feed's mark moves only after the batch is stored, so a
// run killed half-way leaves nothing and the next run reads the same rows again.
import type { Database } from '../db/client.ts';
import { describeError } from '../errors.ts';
import { type ImportSettings, importFile } from '../ingest/importer.ts';
import {
  emptyRun,
  type Feed,
  type FeedRunResult,
  importOptionsOf,
  pauseFeed,
  settleRun,
} from './feed-store.ts';
import { runFolderFeed } from './folder-feed.ts';
import { FeedError } from './http-json.ts';
import { readSource } from './read-source.ts';
import { RowSink, SourceColumnsLost } from './row-sink.ts';
import { missingColumns } from './schema-check.ts';

export type { FeedRunResult };

export async function runFeed(
  database: Database,
  feed: Feed,
  settings: ImportSettings,
  now = new Date(),
): Promise<FeedRunResult> {
  try {
    if (feed.kind === 'folder') {
      const result = await runFolderFeed(database, feed, settings);
      const failed = result.files.filter((f) => f.outcome.startsWith('failed')).length;
      await settleRun(
        database,
        feed,
        failed > 0
          ? { ok: false, error: `${failed} of ${result.files.length} files failed (see failed/)` }
          : { ok: true, highWater: null, result: { ...result } },
        now,
      );
      return result;
    }
    const result = await readAndStore(database, feed, settings);
    await settleRun(database, feed, { ok: true, highWater: result.highWater, result: { ...result } }, now);
    return result;
  } catch (error) {
    await settleRun(database, feed, { ok: false, error: describeError(error) }, now).catch(() => {});
    throw error;
  }
}

async function readAndStore(
  database: Database,
  feed: Feed,
  settings: ImportSettings,
): Promise<FeedRunResult> {
  const sink = new RowSink(feed.name, (sample) => missingColumns(feed.options, sample));
  try {
    const read = await readSource(database, feed, settings, sink).catch(async (error: unknown) => {
      if (!(error instanceof SourceColumnsLost)) throw error;
      // Every row would be refused: the feed stops until someone looks, and nothing is stored.
      await pauseFeed(database, feed.name, true, { actorKind: 'system', actor: `feed ${feed.name}` });
      throw new FeedError(
        `${error.message}: the feed is paused and nothing was stored; check the source, then patrolcast feeds resume ${feed.name}`,
      );
    });
    const empty = emptyRun(feed, read.highWater);
    if (sink.count === 0 && read.withdraw.length === 0) return empty;
    const options = importOptionsOf(feed);
    const imported = await importFile(
      database,
      {
        path: sink.finish(),
        fileName: `feed ${feed.name} ${new Date().toISOString()}.ndjson`,
        ...options,
        ...(read.maps.length ? { maps: [...(options.maps ?? []), ...read.maps] } : {}),
        withdraw: read.withdraw,
      },
      settings,
    );
    return {
      ...empty,
      received: imported.received,
      added: imported.accepted,
      updated: imported.updated,
      deleted: imported.withdrawn,
      duplicates: imported.duplicates,
      rejected: imported.rejected,
      categories: imported.categories,
      batchId: imported.batchId ?? null,
      ...(imported.demoRemoved ? { demoRemoved: imported.demoRemoved } : {}),
    };
  } finally {
    sink.dispose();
  }
}
