// An embedded database writes a large import in short statements under a batch marked 'importing'
// (ingest/store-pglite.ts). A process killed mid-import leaves such a batch: its rows were never
// visible (the settled_incidents view hides them), and here they go, the batch marked failed.
import type { Database } from './client.ts';
import { countRow, decodedRows } from './rows.ts';

export const INTERRUPTED =
  'the import stopped before it finished (the process ended): nothing of it was stored';

/** Removes what interrupted imports wrote; how many batches there were. Call with no import running. */
export async function settleInterruptedImports(database: Database): Promise<number> {
  const [found] = await decodedRows(
    database,
    countRow,
    "select count(*)::int as n from ingest_batches where status = 'importing'",
  );
  if (!found?.n) return 0;
  const importing = "(select id from ingest_batches where status = 'importing')";
  await database.query(`delete from incidents where batch_id in ${importing}`);
  await database.query(`delete from ingest_rejections where batch_id in ${importing}`);
  await database.query(
    "update ingest_batches set status = 'failed', failure = $1, finished_at = now() where status = 'importing'",
    [INTERRUPTED],
  );
  return found.n;
}
