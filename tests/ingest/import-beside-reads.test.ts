// An import in progress holds nothing up: the API answers beside it, and none of the batch's rows is
// seen until it commits, then all of them at once. On PGlite, whose one session a transaction would
// hold from first row to last, this is the settled_incidents view over rows written in short steps.
import { expect, test } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import { cellOf } from '../../src/geo/cells.ts';
import { openIncidentWriter, type StagedIncident } from '../../src/ingest/store.ts';
import { authorised, testApi } from '../helpers/api.ts';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { rowsOf } from '../helpers/rows.ts';

const incidents = (count: number, prefix: string): StagedIncident[] =>
  Array.from({ length: count }, (_, i) => {
    const lat = 41.85 + (i % 50) * 0.001;
    const lon = -87.65 + Math.floor(i / 50) * 0.0005;
    return {
      externalId: `${prefix}-${i}`,
      occurredAt: new Date(Date.UTC(2026, 10, 1 + (i % 28), i % 24)),
      timePrecision: 'minute',
      category: 'theft',
      rawType: 'THEFT',
      lat,
      lon,
      cell: cellOf(lat, lon, 9),
      district: null,
      origin: 'reported',
    };
  });

const counts = async (database: Database) =>
  (
    await rowsOf<{ visible: number; batches: number }>(
      database,
      `select (select count(*)::int from settled_incidents) as visible,
        (select count(*)::int from ingest_batches where status = 'committed') as batches`,
    )
  )[0]!;

const totals = (received: number) => ({ received, rejected: 0, errors: [], reasons: {} });

describeEachDatabase('an import beside readers', (kind) => {
  test('while a batch is open the API answers and shows none of it; on commit all of it appears', async () => {
    const database = await freshDatabase(kind);
    const app = testApi(database);
    const writer = await openIncidentWriter(database, { source: 'beside', profile: 'generic' });
    await writer.write(incidents(6_000, 'a'));
    await writer.write(incidents(6_000, 'b'));

    const models = await app.request('/v1/models', { headers: authorised() });
    expect(models.status).toBe(200);
    const hotspots = await app.request('/v1/hotspots.geojson?when=tonight', { headers: authorised() });
    expect(hotspots.status).toBeLessThan(500);
    expect(await counts(database)).toEqual({ visible: 0, batches: 0 });

    expect(await writer.commit(totals(12_000))).toMatchObject({ accepted: 12_000, duplicates: 0 });
    expect(await counts(database)).toEqual({ visible: 12_000, batches: 1 });
  });

  test('a batch undone after some of its rows were written leaves nothing, in the table or its record', async () => {
    const database = await freshDatabase(kind);
    const writer = await openIncidentWriter(database, { source: 'beside', profile: 'generic' });
    await writer.write(incidents(6_000, 'a'), [{ line: 2, field: 'lat', reason: 'not a number' }]);
    await writer.abort('the file broke');
    const [left] = await rowsOf<{ rows: number; rejections: number }>(
      database,
      `select (select count(*)::int from incidents) as rows,
        (select count(*)::int from ingest_rejections) as rejections`,
    );
    expect(left).toEqual({ rows: 0, rejections: 0 });
    expect(await rowsOf(database, 'select status, failure from ingest_batches')).toEqual([
      { status: 'failed', failure: 'the file broke' },
    ]);
    // The same ids go in whole afterwards, as new incidents, not as duplicates of the undone ones.
    const again = await openIncidentWriter(database, { source: 'beside', profile: 'generic' });
    await again.write(incidents(6_000, 'a'));
    expect(await again.commit(totals(6_000))).toMatchObject({ accepted: 6_000, duplicates: 0 });
  });

  test('a dry run counts as an import would and leaves nothing behind, not even its batch', async () => {
    const database = await freshDatabase(kind);
    const writer = await openIncidentWriter(database, { source: 'beside', profile: 'generic', dryRun: true });
    await writer.write(incidents(3_000, 'a'));
    expect(await writer.commit(totals(3_000))).toMatchObject({ accepted: 3_000 });
    const [left] = await rowsOf<{ rows: number; batches: number }>(
      database,
      'select (select count(*)::int from incidents) as rows, (select count(*)::int from ingest_batches) as batches',
    );
    expect(left).toEqual({ rows: 0, batches: 0 });
  });
});
