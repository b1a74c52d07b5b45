// Rows checked as they come out of the database: a query's rows are decoded by a zod schema, so that a
// renamed column or a changed type fails loudly at the boundary, naming the query, instead of flowing on
// as a wrongly typed value.
import type { z } from 'zod';
import type { Database } from './client.ts';

export class RowMismatch extends Error {
  override readonly name = 'RowMismatch';
}

/** The rows of a query, each decoded by `schema`. */
export async function decodedRows<S extends z.ZodType>(
  database: Database,
  schema: S,
  text: string,
  params?: unknown[],
): Promise<z.output<S>[]> {
  const rows = await database.query(text, params);
  return rows.map((row) => {
    const decoded = schema.safeParse(row);
    if (decoded.success) return decoded.data;
    const problem = decoded.error.issues[0]!;
    throw new RowMismatch(
      `a row of "${text.trim().split('\n')[0]!.slice(0, 80)}" does not fit: ${problem.path.join('.')}: ${problem.message}`,
    );
  });
}
