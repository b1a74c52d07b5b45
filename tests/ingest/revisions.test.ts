// Published records change after the fact: a record with the source's own id that comes back
// reclassified or moved replaces the stored one (counted as updated), and undoing that import puts the
// earlier version back. A record without an id is its content: a changed one is another incident.
import { expect, test } from 'vitest';
import { deleteBatch } from '../../src/ingest/batches.ts';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { importPath, tempFile } from '../helpers/import.ts';
import { rowsOf } from '../helpers/rows.ts';

const HEADER = 'id,occurred_at,offense,lat,lon,district';
const FIRST = `${HEADER}
R-1,2026-03-01T10:00:00-06:00,theft,41.88,-87.63,East
R-2,2026-03-02T11:00:00-06:00,theft,41.881,-87.631,East
R-3,2026-03-03T23:00:00-06:00,assault,41.91,-87.65,West
`;
// R-2 reclassified as a burglary, R-3 moved and retimed; R-1 as it was.
const REVISED = `${HEADER}
R-1,2026-03-01T10:00:00-06:00,theft,41.88,-87.63,East
R-2,2026-03-02T11:00:00-06:00,burglary,41.881,-87.631,East
R-3,2026-03-03T22:30:00-06:00,assault,41.905,-87.655,West
`;

const stored = async (database: Parameters<typeof rowsOf>[0]) =>
  rowsOf<{ external_id: string; category: string; lat: number; occurred_at: Date }>(
    database,
    'select external_id, category, lat, occurred_at from incidents order by external_id',
  );

describeEachDatabase('revised records', (kind) => {
  test('a changed record replaces the stored one; the same file again changes nothing; undo restores', async () => {
    const database = await freshDatabase(kind);
    const first = await importPath(database, tempFile('first.csv', FIRST));
    expect([first.accepted, first.updated]).toEqual([3, 0]);

    const revised = await importPath(database, tempFile('revised.csv', REVISED));
    expect([revised.received, revised.accepted, revised.duplicates, revised.updated]).toEqual([3, 0, 1, 2]);
    const after = await stored(database);
    expect(after.map((r) => [r.external_id, r.category, r.lat])).toEqual([
      ['R-1', 'theft', 41.88],
      ['R-2', 'burglary', 41.881],
      ['R-3', 'assault', 41.905],
    ]);
    expect(after[2]!.occurred_at.toISOString()).toBe('2026-03-04T04:30:00.000Z');

    const again = await importPath(database, tempFile('revised-again.csv', REVISED));
    expect([again.accepted, again.duplicates, again.updated]).toEqual([0, 3, 0]);

    // Undoing the revising import brings back what it replaced, nothing more and nothing less.
    await deleteBatch(database, revised.batchId!);
    const undone = await stored(database);
    expect(undone.map((r) => [r.external_id, r.category, r.lat])).toEqual([
      ['R-1', 'theft', 41.88],
      ['R-2', 'theft', 41.881],
      ['R-3', 'assault', 41.91],
    ]);
    const [{ n }] = await rowsOf<{ n: number }>(
      database,
      'select count(*)::int as n from incident_revisions',
    );
    expect(n).toBe(0);
  });

  test('a withdrawn record leaves with the batch that says so, and comes back when that batch is undone', async () => {
    const database = await freshDatabase(kind);
    await importPath(database, tempFile('first.csv', FIRST));
    const onlyR1 = FIRST.split('\n').slice(0, 2).join('\n');
    const withdrawal = await importPath(database, tempFile('r1.csv', `${onlyR1}\n`), { withdraw: ['R-2'] });
    expect([withdrawal.accepted, withdrawal.duplicates, withdrawal.withdrawn]).toEqual([0, 1, 1]);
    expect((await stored(database)).map((r) => r.external_id)).toEqual(['R-1', 'R-3']);
    await deleteBatch(database, withdrawal.batchId!);
    expect((await stored(database)).map((r) => [r.external_id, r.category])).toEqual([
      ['R-1', 'theft'],
      ['R-2', 'theft'],
      ['R-3', 'assault'],
    ]);
  });

  test('a record without an id is its content: a changed one is stored beside the first', async () => {
    const database = await freshDatabase(kind);
    const noId = (text: string) => text.replace(/^[^,]*,/gm, '').replace('occurred_at', 'occurred_at');
    await importPath(database, tempFile('a.csv', noId(FIRST)));
    const changed = await importPath(database, tempFile('b.csv', noId(REVISED)));
    expect([changed.accepted, changed.duplicates, changed.updated]).toEqual([2, 1, 0]);
  });
});
