// POST /v1/incidents and GET /v1/ingest/batches/:id, through the real Hono app.
import { expect, test } from 'vitest';
import { authorised, bodyOf, testApi } from '../helpers/api.ts';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { count } from '../helpers/import.ts';
import { rowsOf } from '../helpers/rows.ts';

const CSV =
  'external_id,occurred_at,raw_type,lat,lon\nA-1,2026-05-01 21:30,burglary,41.88,-87.63\nA-2,not a date,theft,41.88,-87.63\n';

describeEachDatabase('the ingest API', (kind) => {
  test('without the token nothing is read or stored', async () => {
    const database = await freshDatabase(kind);
    const api = testApi(database);
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong-token-000000000000000' },
      { authorization: 'Basic abc' },
    ];
    for (const headers of attempts) {
      const response = await api.request('/v1/incidents', { method: 'POST', body: CSV, headers });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: expect.any(String) });
    }
    const disabled = testApi(database, { apiToken: undefined });
    const refused = await disabled.request('/v1/incidents', {
      method: 'POST',
      body: CSV,
      headers: authorised(),
    });
    expect(refused.status).toBe(401);
    expect(await count(database)).toBe(0);
  });

  test('a CSV body is imported and answered with the summary; the batch lists every rejected row', async () => {
    const database = await freshDatabase(kind);
    const api = testApi(database);
    const response = await api.request('/v1/incidents?source=rms', {
      method: 'POST',
      body: CSV,
      headers: authorised({ 'content-type': 'text/csv' }),
    });
    expect(response.status).toBe(200);
    const summary = (await response.json()) as { batchId: string };
    expect(summary).toEqual({
      received: 2,
      accepted: 1,
      duplicates: 0,
      repeated: 0,
      updated: 0,
      withdrawn: 0,
      rejected: 1,
      errors: [{ line: 3, field: 'occurred_at', reason: "unreadable date 'not a date'" }],
      batchId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      encoding: 'utf-8',
      timeZone: 'America/Chicago',
      categories: expect.any(Object),
      types: expect.any(Array),
      dateRange: { from: '2026-05-01', to: '2026-05-01' },
      bbox: [-87.63, 41.88, -87.63, 41.88],
      // The body names no district, and no boundary file is set.
      districts: null,
      warnings: [expect.stringMatching(/^no incident names a district: /)],
    });
    const batch = await api.request(`/v1/ingest/batches/${summary.batchId}`, { headers: authorised() });
    expect(batch.status).toBe(200);
    expect(await batch.json()).toMatchObject({
      id: summary.batchId,
      source: 'rms',
      status: 'committed',
      accepted: 1,
      reasons: { 'occurred_at: unreadable date': 1 },
      errors: [{ line: 3, field: 'occurred_at', reason: "unreadable date 'not a date'" }],
    });
    expect(
      (
        await api.request('/v1/ingest/batches/00000000-0000-4000-8000-000000000000', {
          headers: authorised(),
        })
      ).status,
    ).toBe(404);
    expect((await api.request('/v1/ingest/batches/1%27%20or%201=1', { headers: authorised() })).status).toBe(
      400,
    );
  });

  test('a multipart upload works the same; only the base name of the file is kept', async () => {
    const database = await freshDatabase(kind);
    const form = new FormData();
    form.append('file', new Blob([CSV], { type: 'text/csv' }), '../../etc/passwd.csv');
    const response = await testApi(database).request('/v1/incidents', {
      method: 'POST',
      body: form,
      headers: authorised(),
    });
    expect(response.status).toBe(200);
    const { batchId } = (await response.json()) as { batchId: string };
    const [batch] = await rowsOf<{ file_name: string }>(
      database,
      'select file_name from ingest_batches where id = $1',
      [batchId],
    );
    expect(batch!.file_name).toBe('passwd.csv');
  });

  test('dry_run=true answers what an import would store, and stores nothing', async () => {
    const database = await freshDatabase(kind);
    const api = testApi(database);
    const response = await api.request('/v1/incidents?source=rms&dry_run=true&reject_point=41.88,-87.63', {
      method: 'POST',
      body: CSV,
      headers: authorised({ 'content-type': 'text/csv' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ dryRun: true, received: 2, accepted: 0, rejected: 2 });
    expect(await count(database)).toBe(0);
    expect(await database.query('select 1 from ingest_batches')).toEqual([]);
  });

  test('bad options get 400, an oversized body 413, and neither stores anything', async () => {
    const database = await freshDatabase(kind);
    const api = testApi(database, { maxBodyBytes: 1024 });
    const unknown = await api.request('/v1/incidents?profile=nope', {
      method: 'POST',
      body: CSV,
      headers: authorised(),
    });
    expect(unknown.status).toBe(400);
    expect((await bodyOf(unknown)).error).toMatch(/^profile: /);
    const badMap = await api.request('/v1/incidents?map=a%3Dnowhere', {
      method: 'POST',
      body: CSV,
      headers: authorised(),
    });
    expect(badMap.status).toBe(400);
    expect((await bodyOf(badMap)).error).toMatch(/not a field/);
    const badOrder = await api.request('/v1/incidents?date_order=sideways', {
      method: 'POST',
      body: CSV,
      headers: authorised(),
    });
    expect(badOrder.status).toBe(400);
    expect((await bodyOf(badOrder)).error).toMatch(/^date_order: /);
    const big = await api.request('/v1/incidents', {
      method: 'POST',
      body: CSV.repeat(100),
      headers: authorised(),
    });
    expect(big.status).toBe(413);
    const empty = await api.request('/v1/incidents', { method: 'POST', body: '', headers: authorised() });
    expect(empty.status).toBe(400);
    // An export whose date column has a name of its own: the answer names the column to map.
    const unnamed = await api.request('/v1/incidents', {
      method: 'POST',
      body: 'When Seen,Offense,Latitude,Longitude\n2026-05-01,THEFT,41.88,-87.63\n',
      headers: authorised(),
    });
    expect(unnamed.status).toBe(400);
    expect((await bodyOf(unnamed)).error).toContain('name it with map=when_seen=occurred_at');
    expect(await count(database)).toBe(0);
  });
});
