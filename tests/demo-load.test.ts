import { expect, test } from 'vitest';
import type { Database } from '../src/db/client.ts';
import { loadDemoData } from '../src/demo/load.ts';
import { describeEachDatabase, freshDatabase } from './helpers/databases.ts';
import { rowsOf } from './helpers/rows.ts';

const options = {
  days: 30,
  seed: 7,
  end: { year: 2026, month: 11, day: 1 },
  timeZone: 'America/Chicago',
  h3Resolution: 9,
};

const incidentSet = (database: Database) =>
  rowsOf<Record<string, unknown>>(
    database,
    `select source, external_id, occurred_at, time_precision, category, raw_type, lat, lon, cell, district, origin
     from incidents order by source, external_id`,
  );

describeEachDatabase('loading the demo city', (kind) => {
  test('the same seed into two empty databases gives identical incident sets', async () => {
    const [a, b] = [await freshDatabase(kind), await freshDatabase(kind)];
    const first = await loadDemoData(a, options);
    await loadDemoData(b, options);
    expect(first.accepted).toBeGreaterThan(1000);
    const rows = await incidentSet(a);
    expect(rows).toHaveLength(first.accepted);
    expect(await incidentSet(b)).toEqual(rows);
    expect(rows.every((r) => r.source === 'demo')).toBe(true);
  });

  test('loading again stores nothing new and counts every row as a duplicate', async () => {
    const database = await freshDatabase(kind);
    const first = await loadDemoData(database, options);
    const again = await loadDemoData(database, options);
    expect(again.accepted).toBe(0);
    expect(again.duplicates).toBe(first.accepted);
    const [{ n }] = (await rowsOf<{ n: number }>(database, 'select count(*)::int as n from incidents')) as [
      { n: number },
    ];
    expect(n).toBe(first.accepted);
    const batches = await rowsOf<{ status: string; accepted: number }>(
      database,
      'select status, accepted from ingest_batches order by created_at',
    );
    expect(batches.map((b) => [b.status, b.accepted])).toEqual([
      ['committed', first.accepted],
      ['committed', 0],
    ]);
  });

  test('--replace swaps the demo rows and leaves real data alone', async () => {
    const database = await freshDatabase(kind);
    await loadDemoData(database, options);
    await database.query(
      `insert into incidents (source, external_id, occurred_at, time_precision, category, lat, lon, cell, origin)
       values ('city-rms', 'R-1', now() - interval '1 day', 'minute', 'theft', 39.83, -98.58, '8926a1a1a1bffff', 'reported')`,
    );
    const replaced = await loadDemoData(database, { ...options, seed: 8, replace: true });
    const sources = await rowsOf<{ source: string; n: number }>(
      database,
      'select source, count(*)::int as n from incidents group by source order by source',
    );
    expect(sources).toEqual([
      { source: 'city-rms', n: 1 },
      { source: 'demo', n: replaced.accepted },
    ]);
  });
});

describeEachDatabase('the first real import', (kind) => {
  test('replaces the demo city in the same transaction; an import that stores nothing keeps it', async () => {
    const database = await freshDatabase(kind);
    const demo = await loadDemoData(database, options);
    const { importPath, tempFile } = await import('./helpers/import.ts');
    const rejectedOnly = await importPath(
      database,
      tempFile(
        'nothing.csv',
        'external_id,occurred_at,raw_type,lat,lon\nX-1,not a date,theft,41.88,-87.63\n',
      ),
      { source: 'rms' },
    );
    expect(rejectedOnly).toMatchObject({ accepted: 0, rejected: 1 });
    expect(rejectedOnly.demoRemoved).toBeUndefined();
    expect((await incidentSet(database)).filter((r) => r.source === 'demo')).toHaveLength(demo.accepted);

    const real = await importPath(
      database,
      tempFile(
        'real.csv',
        'external_id,occurred_at,raw_type,lat,lon\nR-1,2026-10-02 10:00,theft,41.88,-87.63\n',
      ),
      { source: 'rms' },
    );
    expect(real).toMatchObject({ accepted: 1, demoRemoved: demo.accepted });
    expect((await incidentSet(database)).map((r) => r.source)).toEqual(['rms']);
  });
});
