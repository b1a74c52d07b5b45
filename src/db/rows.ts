// Rows checked as they come out of the database: a query's rows are decoded by a zod schema, so that a
// renamed column or a changed type fails loudly at the boundary, naming the query, instead of flowing on
// as a wrongly typed value.
import { z } from 'zod';
import type { Database } from './client.ts';
import type { Exec } from './transaction.ts';

export class RowMismatch extends Error {
  override readonly name = 'RowMismatch';
}

/**
 * A whole number column: counts and serial ids. postgres.js hands a bigint as text, so digits are read
 * as the number; a null is refused, not read as 0 (as a plain coercion would).
 */
export const wholeNumber = z
  .union([z.number(), z.bigint(), z.string().regex(/^-?\d+$/)])
  .transform(Number)
  .pipe(z.number().int());
/** `returning id` of an insert or update. */
export const idRow = z.object({ id: wholeNumber });
/** `select count(*)::int as n` and the like. */
export const countRow = z.object({ n: wholeNumber });

/** The rows of a query, each decoded by `schema`; `source` is the database or a transaction's exec. */
export async function decodedRows<S extends z.ZodType>(
  source: Database | Exec,
  schema: S,
  text: string,
  params?: unknown[],
): Promise<z.output<S>[]> {
  const rows = typeof source === 'function' ? await source(text, params) : await source.query(text, params);
  return decodeRows(schema, rows, text);
}

/** Decodes rows already fetched (a driver's own transaction) by `schema`. */
export function decodeRows<S extends z.ZodType>(
  schema: S,
  rows: readonly unknown[],
  text: string,
): z.output<S>[] {
  return rows.map((row) => {
    const decoded = schema.safeParse(row);
    if (decoded.success) return decoded.data;
    const problem = decoded.error.issues[0]!;
    throw new RowMismatch(
      `a row of "${text.trim().split('\n')[0]!.slice(0, 80)}" does not fit: ${problem.path.join('.')}: ${problem.message}`,
    );
  });
}

/**
 * The fields of `Decoded` that are not columns of `Columns`, or hold values the column cannot (a decoder
 * may narrow a column, as text to an enum, or turn its null into undefined).
 */
type Misfits<Decoded, Columns> = {
  [K in keyof Decoded]-?: K extends keyof Columns
    ? Decoded[K] extends Columns[K] | undefined
      ? never
      : K
    : K;
}[keyof Decoded];

type Fits<Decoded, Columns> = [Misfits<Decoded, Columns>] extends [never]
  ? unknown
  : {
      'these fields are not columns of the table (schema.ts), or not of its types': Misfits<Decoded, Columns>;
    };

/**
 * A row decoder checked at compile time against the table it reads (schema.ts, imported as a type only,
 * so nothing of drizzle loads): each field must be a column of the table, under its name in schema.ts
 * (select `file_name as "fileName"`), with values the column can hold. Renaming or retyping a column
 * in schema.ts then breaks the build at every decoder that reads it, naming the field.
 */
export const rowOf =
  <Table extends { $inferSelect: object }>() =>
  <S extends z.ZodType>(schema: S & Fits<z.output<S>, Table['$inferSelect']>): S =>
    schema;
