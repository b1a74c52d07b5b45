// A file imported twice must not store its incidents twice. Imported again as it was, its rows are
// duplicates by their ids; read another way, or under another source, they would get other ids.
import { expect, test } from 'vitest';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { count, importPath, tempFile } from '../helpers/import.ts';
import { rowsOf } from '../helpers/rows.ts';

const HEADER = 'id,date,offense,lat,lon\n';

describeEachDatabase('the same file again', (kind) => {
  test('a second reading may add the rows the first rejected, never a row twice', async () => {
    const database = await freshDatabase(kind);
    // Month first, which the first reading is told is day first: 03/25 cannot be read that way.
    const file = tempFile(
      `mixed-${kind}.csv`,
      `${HEADER}a1,03/04/2026 10:00,theft,41.88,-87.63\na2,03/05/2026 11:00,theft,41.88,-87.63\n` +
        `a3,03/25/2026 12:00,theft,41.88,-87.63\na4,03/26/2026 13:00,theft,41.88,-87.63\n`,
    );
    const first = await importPath(database, file, { source: 'rms', dateOrder: 'day-first' });
    expect(first).toMatchObject({ accepted: 2, rejected: 2 });
    // Read as the file writes its dates: two rows corrected (by their own ids), two new; four in all.
    const second = await importPath(database, file, { source: 'rms' });
    expect(second).toMatchObject({ accepted: 2, updated: 2, rejected: 0 });
    expect(await count(database)).toBe(4);
    // The same file under another source's name would be four more: refused, nothing stored, and the
    // attempt is kept as a failed batch that says why.
    await expect(importPath(database, file, { source: 'rms-copy' })).rejects.toThrow(
      /^this file was imported before \(batch [0-9a-f-]{36} and 1 more, \d{4}-\d\d-\d\d, 4 incidents stored under the source 'rms'\); read this way its rows get other ids, and 4 of its 4 rows would be stored a second time/,
    );
    expect(await count(database)).toBe(4);
    expect(await count(database, "source = 'rms-copy'")).toBe(0);
    const kept = await rowsOf<{ status: string; failure: string }>(
      database,
      "select status, failure from ingest_batches where source = 'rms-copy'",
    );
    expect(kept).toEqual([
      { status: 'failed', failure: expect.stringMatching(/^this file was imported before/) },
    ]);
  });
});
