// The same file imported again stores nothing new: its rows are duplicates by their ids. Read with other
// columns or options (a time column mapped after all, another --crs, --offence or --source), its rows get
// other ids, and each of its incidents would be stored a second time. A file cannot hold more incidents
// than it has rows: when what its earlier imports stored and what this one would add come to more, the
// import is refused before it commits.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { z } from 'zod';
import { decodeRows } from '../db/rows.ts';
import type { Exec } from '../db/transaction.ts';
import { UserError } from '../errors.ts';

/** A digest of the file's bytes, as they came (compressed or not). */
export async function fileDigest(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * What was read of the file: its bytes, and the part of them read when it holds several (a workbook's
 * sheets are each an export of their own: a tab per year is no file imported twice).
 */
export const partDigest = (digest: string, part: string | undefined): string =>
  part === undefined ? digest : createHash('sha256').update(`${digest}\n${part}`).digest('hex');

export interface EarlierImport {
  id: string;
  source: string;
  accepted: number;
  at: Date;
}

const earlierRow = z.object({ id: z.string(), source: z.string(), accepted: z.number().int(), at: z.date() });

const EARLIER_SQL = `select id, source, accepted, created_at as at from ingest_batches
  where content_hash = $1 and status = 'committed' and accepted > 0 order by created_at`;

/**
 * Refuses the commit, from inside its transaction, when the same bytes' earlier imports and this one
 * would store more incidents than the file has rows. Imports of one file take turns here (a lock on
 * its digest until the transaction ends), so two started at the same moment are compared too.
 */
export function sameFileGuard(
  digest: string,
  source: string,
  accepted: () => number,
  rows: number,
): (exec: Exec) => Promise<void> {
  return async (exec) => {
    await exec('select pg_advisory_xact_lock(hashtext($1))', [`patrolcast.file:${digest}`]);
    const earlier = decodeRows(earlierRow, await exec(EARLIER_SQL, [digest]), EARLIER_SQL);
    const twice = storedTwice(earlier, source, accepted(), rows);
    if (twice) throw new UserError(twice);
  };
}

/** Why this import is refused, or undefined: `accepted` new incidents from a file of `rows` rows. */
export function storedTwice(
  earlier: readonly EarlierImport[],
  source: string,
  accepted: number,
  rows: number,
): string | undefined {
  const before = earlier.reduce((sum, e) => sum + e.accepted, 0);
  if (accepted === 0 || before + accepted <= rows) return undefined;
  // What must be stored twice, when every row is stored once at most by each reading.
  const twice = before + accepted - rows;
  const [first] = earlier;
  const others = earlier.length > 1 ? ` and ${earlier.length - 1} more` : '';
  const under = first!.source === source ? '' : ` under the source '${first!.source}'`;
  return `this file was imported before (batch ${first!.id}${others}, ${first!.at.toISOString().slice(0, 10)}, ${before.toLocaleString('en-US')} ${before === 1 ? 'incident' : 'incidents'} stored${under}); read this way its rows get other ids, and ${twice < Math.min(before, accepted) ? 'at least ' : ''}${twice.toLocaleString('en-US')} of its ${rows.toLocaleString('en-US')} ${rows === 1 ? 'row' : 'rows'} would be stored a second time: undo that import first (patrolcast batches delete ${first!.id}), then import again; nothing was stored`;
}
