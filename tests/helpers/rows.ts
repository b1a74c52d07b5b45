// Rows a test reads back to assert on. The assertions check their values, so they are typed as the test
// expects them; the project's own code decodes its rows instead (src/db/rows.ts).
import type { Database, Row } from '../../src/db/client.ts';

export async function rowsOf<T extends Row>(
  database: Pick<Database, 'query'>,
  text: string,
  params?: unknown[],
): Promise<T[]> {
  return (await database.query(text, params)) as T[];
}
