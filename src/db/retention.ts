// Retention: rows older than the kept period are deleted, and how many went is reported.
import type { Database } from './client.ts';
import { countRow, decodedRows } from './rows.ts';

/** The tables that age out, each with the column that dates its rows. */
const AGEING = { incidents: 'occurred_at', audit_log: 'at', rate_limits: 'tat' } as const;
export type AgeingTable = keyof typeof AGEING;

/** Deletes the table's rows dated before `before`; how many there were. */
export async function deletedBefore(database: Database, table: AgeingTable, before: Date): Promise<number> {
  const [row] = await decodedRows(
    database,
    countRow,
    `with d as (delete from ${table} where ${AGEING[table]} < $1 returning 1) select count(*)::int as n from d`,
    [before.toISOString()],
  );
  return row!.n;
}
