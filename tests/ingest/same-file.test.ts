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

  test('two imports of one file under two sources at the same moment: one stores it, the other is refused', async () => {
    const database = await freshDatabase(kind);
    const rows = Array.from(
      { length: 3000 },
      (_, i) =>
        `${i},2026-03-${String(1 + (i % 28)).padStart(2, '0')} 10:00,theft,${41.8 + (i % 50) / 1000},-87.63`,
    );
    const file = tempFile(`twice-at-once-${kind}.csv`, `${HEADER}${rows.join('\n')}\n`);
    const outcomes = await Promise.allSettled([
      importPath(database, file, { source: 'north' }),
      importPath(database, file, { source: 'south' }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(String(refused.reason)).toMatch(
      /this file was imported before .* 3,000 of its 3,000 rows would be stored a second time/,
    );
    expect(await count(database)).toBe(3000);
  });
});
