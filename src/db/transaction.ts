// One transaction, the same way on both drivers.
import type { Database } from './client.ts';

export type Exec = (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** Runs statements in one transaction on either driver. */
export async function inTransaction<T>(database: Database, work: (exec: Exec) => Promise<T>): Promise<T> {
  if (database.kind === 'pglite') {
    return database.client.transaction((tx) =>
      work(async (text, params) => (await tx.query<Record<string, unknown>>(text, params)).rows),
    );
  }
  return database.sql.begin((tx) =>
    work(
      async (text, params) =>
        [...(await tx.unsafe(text, (params ?? []) as never[]))] as Record<string, unknown>[],
    ),
  ) as Promise<T>;
}
