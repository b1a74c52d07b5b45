// One transaction, the same way on both drivers.
import type { Database, Row } from './client.ts';
import { storableParams } from './storable.ts';

/** A statement inside the transaction; its rows are unchecked, as `Database.query`'s are. */
export type Exec = (text: string, params?: unknown[]) => Promise<Row[]>;

/** Runs statements in one transaction on either driver. */
export async function inTransaction<T>(database: Database, work: (exec: Exec) => Promise<T>): Promise<T> {
  if (database.kind === 'pglite') {
    return database.client.transaction((tx) =>
      work(async (text, params) => (await tx.query<Row>(text, storableParams(params))).rows),
    );
  }
  return database.sql.begin((tx) =>
    work(
      async (text, params): Promise<Row[]> => [...(await tx.unsafe(text, storableParams(params) as never[]))],
    ),
  ) as Promise<T>;
}
