// A drop folder: a records system writes its nightly export there. Each new file is imported whole
// (one batch), then moved to processed/, or to failed/ beside a file saying why, so a file is read once.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../db/client.ts';
import { describeError, UserError } from '../errors.ts';
import { type ImportSettings, importFile } from '../ingest/importer.ts';
import { emptyRun, type Feed, type FeedRunResult, importOptionsOf } from './feed-store.ts';

/** The folder as given: it must exist and be a directory. */
export function dropFolder(path: string): string {
  if (!existsSync(path) || !statSync(path).isDirectory())
    throw new UserError(`there is no folder ${path.slice(0, 200)}`);
  return path;
}

/**
 * Hidden files, the owner file Excel keeps beside a workbook it has open (~$export.xlsx) and a
 * browser's unfinished download are not exports: they are left where they are.
 */
const NOT_AN_EXPORT = /^\.|^~\$|\.(crdownload|part|partial|download|tmp)$/i;

/** A file still being written is left for the next run: it must have been quiet this long. */
const SETTLED_MS = 10_000;

export async function runFolderFeed(
  database: Database,
  feed: Feed,
  settings: ImportSettings,
  now = Date.now(),
): Promise<FeedRunResult & { files: { name: string; outcome: string }[] }> {
  const folder = dropFolder(feed.url);
  const result = { ...emptyRun(feed, feed.highWater), files: [] as { name: string; outcome: string }[] };
  const names = readdirSync(folder)
    .filter((name) => !NOT_AN_EXPORT.test(name) && statSync(join(folder, name)).isFile())
    .filter((name) => now - statSync(join(folder, name)).mtimeMs >= SETTLED_MS)
    .sort();
  for (const name of names) {
    const path = join(folder, name);
    try {
      const imported = await importFile(
        database,
        {
          path,
          fileName: name,
          ...importOptionsOf(feed),
        },
        settings,
      );
      moveTo(folder, 'processed', name);
      result.received += imported.received;
      result.added += imported.accepted;
      result.updated += imported.updated;
      result.duplicates += imported.duplicates;
      result.rejected += imported.rejected;
      for (const [c, n] of Object.entries(imported.categories))
        result.categories[c] = (result.categories[c] ?? 0) + n;
      result.batchId = imported.batchId ?? result.batchId;
      if (imported.demoRemoved) result.demoRemoved = imported.demoRemoved;
      result.files.push({ name, outcome: `batch ${imported.batchId}` });
    } catch (error) {
      // Nothing of it was stored; the file waits in failed/ with the reason beside it.
      const reason = describeError(error);
      moveTo(folder, 'failed', name);
      writeFileSync(join(folder, 'failed', `${name}.reason.txt`), `${reason}\n`);
      result.files.push({ name, outcome: `failed: ${reason}` });
    }
  }
  return result;
}

function moveTo(folder: string, sub: 'processed' | 'failed', name: string): void {
  mkdirSync(join(folder, sub), { recursive: true });
  let target = join(folder, sub, name);
  // A file of the same name dropped again is kept beside the first, not over it.
  for (let n = 2; existsSync(target); n++) target = join(folder, sub, `${n}-${name}`);
  renameSync(join(folder, name), target);
}
