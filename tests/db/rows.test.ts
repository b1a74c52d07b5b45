import { expect, test } from 'vitest';
import { z } from 'zod';
import { countRow, decodedRows, RowMismatch } from '../../src/db/rows.ts';
import { inTransaction } from '../../src/db/transaction.ts';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';

describeEachDatabase('rows decoded at the database boundary', (kind) => {
  test('a count comes out a number on either driver, even uncast (postgres.js gives bigint as text)', async () => {
    const database = await freshDatabase(kind);
    const rows = await decodedRows(database, countRow, 'select count(*) as n from generate_series(1, 3)');
    expect(rows).toEqual([{ n: 3 }]);
  });

  test('a missing count is an error, not a zero', async () => {
    const database = await freshDatabase(kind);
    await expect(decodedRows(database, countRow, 'select null::bigint as n')).rejects.toThrow(RowMismatch);
  });

  test('timestamps come out as dates, inside a transaction too', async () => {
    const database = await freshDatabase(kind);
    const [row] = await inTransaction(database, (exec) =>
      decodedRows(exec, z.object({ at: z.date() }), `select timestamptz '2024-03-01 12:00Z' as at`),
    );
    expect(row!.at.toISOString()).toBe('2024-03-01T12:00:00.000Z');
  });

  test('a row that does not fit its decoder fails naming the query and the column, not as a wrong value', async () => {
    const database = await freshDatabase(kind);
    const read = decodedRows(database, z.object({ id: z.number() }), 'select 1 as ident');
    await expect(read).rejects.toBeInstanceOf(RowMismatch);
    await expect(read).rejects.toThrow(/"select 1 as ident" does not fit: id/);
  });
});
