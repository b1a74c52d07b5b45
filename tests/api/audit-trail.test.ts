// An audit trail nobody can skip: a change is recorded with the change or not made at all; text that
// PostgreSQL cannot store never turns a call into an unaudited one; every refusal and failure leaves a
// log line with the request id the client was given.
import { expect, test } from 'vitest';
import { readAudit } from '../../src/audit/audit-log.ts';
import { createToken, revokeToken } from '../../src/auth/tokens.ts';
import type { Database } from '../../src/db/client.ts';
import { AuditUnwritable } from '../../src/errors.ts';
import { RetrainQueue } from '../../src/forecast/retrain-queue.ts';
import { deleteBatch } from '../../src/ingest/batches.ts';
import { silentLogger } from '../../src/log.ts';
import { bodyOf, TEST_FORECAST_SETTINGS, testApi } from '../helpers/api.ts';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { captureLog } from '../helpers/log-capture.ts';
import { rowsOf } from '../helpers/rows.ts';

const counts = async (database: Database) =>
  (
    await rowsOf<{ incidents: number; models: number; tokens: number; audit: number }>(
      database,
      `select (select count(*)::int from incidents) as incidents, (select count(*)::int from models) as models,
              (select count(*)::int from api_tokens) as tokens, (select count(*)::int from audit_log) as audit`,
    )
  )[0]!;

/** Makes every audit insert fail, as a full disk or a broken grant would. */
async function refuseAuditInserts(database: Database): Promise<void> {
  await database.query(`create function refuse_audit() returns trigger language plpgsql as $$
    begin raise exception 'audit_log refuses this row'; end $$`);
  await database.query(
    'create trigger refuse_audit before insert on audit_log for each row execute function refuse_audit()',
  );
}

const CSV = 'occurred_at,raw_type,lat,lon\n2026-03-01T10:00:00-06:00,THEFT,41.88,-87.63\n';

describeEachDatabase('the audit trail', (kind) => {
  test('a NUL in the query string is refused with 400 and recorded; nothing changes', async () => {
    const database = await freshDatabase(kind);
    const token = await createToken(database, 'rms-export', ['admin']);
    const headers = { authorization: `Bearer ${token}` };
    const retrain = RetrainQueue.for(database, TEST_FORECAST_SETTINGS, silentLogger());
    const api = testApi(database, { apiToken: undefined, retrain });
    const before = await counts(database);

    const imported = await api.request('/v1/incidents?source=rms&x=%00', {
      method: 'POST',
      body: CSV,
      headers: { ...headers, 'content-type': 'text/csv' },
    });
    expect(imported.status).toBe(400);
    expect((await bodyOf(imported)).error).toMatch(/control character/);
    const retrained = await api.request('/v1/models/retrain?x=%00', { method: 'POST', headers });
    expect(retrained.status).toBe(400);
    const read = await api.request('/v1/audit?%00=1', { headers });
    expect(read.status).toBe(400);
    const wrong = await api.request('/v1/models?x=%00', { headers: { authorization: 'Bearer pc_wrong' } });
    expect(wrong.status).toBe(401);

    await retrain.idle();
    const after = await counts(database);
    expect({ ...after, audit: 0 }).toEqual({ ...before, audit: 0 });
    // Each call is in the log, its NUL replaced, the token named with its id.
    const entries = await readAudit(database, { limit: 10 });
    expect(entries.map((e) => [e.action, e.outcome])).toEqual([
      ['GET /v1/models', '401'],
      ['GET /v1/audit', '400'],
      ['POST /v1/models/retrain', '400'],
      ['POST /v1/incidents', '400'],
    ]);
    expect(entries[3]).toMatchObject({
      actor: 'rms-export',
      actorId: expect.stringMatching(/^\d+$/),
      params: { source: 'rms', x: '\uFFFD' },
      requestId: imported.headers.get('x-request-id'),
    });
    expect(entries[1]!.params).toEqual({ '\uFFFD': '1' });
    expect(entries[0]).toMatchObject({ actor: 'anonymous', params: { x: '\uFFFD' } });
  });

  test('every route refuses a NUL in its query string, and every call is in the audit log', async () => {
    const database = await freshDatabase(kind);
    const token = await createToken(database, 'admin-desk', ['admin']);
    const api = testApi(database, { apiToken: undefined });
    const doc = (await (await api.request('/v1/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const calls = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/v1/'))
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ path, method })));
    expect(calls.length).toBeGreaterThanOrEqual(8);
    const before = await counts(database);
    for (const { path, method } of calls) {
      const url = `${path.replace('{id}', '00000000-0000-4000-8000-000000000000')}?x=%00&y=${'%00'.repeat(3)}`;
      const response = await api.request(url, {
        method: method.toUpperCase(),
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
        ...(method === 'post' ? { body: CSV } : {}),
      });
      expect({ path, method, status: response.status }).toEqual({ path, method, status: 400 });
      const [entry] = await readAudit(database, { limit: 1 });
      expect(entry).toMatchObject({
        requestId: response.headers.get('x-request-id'),
        outcome: '400',
        params: { x: '\uFFFD', y: '\uFFFD\uFFFD\uFFFD' },
      });
    }
    expect({ ...(await counts(database)), audit: 0 }).toEqual({ ...before, audit: 0 });
  });

  test('NULs and lone surrogates in every field of an import are stored replaced, with the audit entry', async () => {
    const database = await freshDatabase(kind);
    const token = await createToken(database, 'rms-export', ['ingest', 'read']);
    const api = testApi(database, { apiToken: undefined });
    const rows = [
      {
        external_id: 'A\u00001',
        occurred_at: '2026-03-01T10:00:00-06:00',
        raw_type: 'THEFT\u0000 FROM \ud800AUTO',
        district: 'D\udc00 1',
        block: '100 Main\u0000 St',
        lat: 41.88,
        lon: -87.63,
      },
      // A refused row whose reason quotes the bad value: the batch keeps it, replaced.
      {
        external_id: 'B2',
        occurred_at: '13/45\u0000/2026\ud800',
        raw_type: 'THEFT',
        lat: 41.88,
        lon: -87.63,
      },
    ];
    const response = await api.request('/v1/incidents?source=rms', {
      method: 'POST',
      // JSON.stringify writes the lone surrogates as \ud800 escapes, as a sender's JSON would.
      body: JSON.stringify(rows),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
    expect(response.status).toBe(200);
    const summary = (await bodyOf(response)) as { accepted: number; rejected: number; batchId: string };
    expect(summary).toMatchObject({ accepted: 1, rejected: 1 });
    const [stored] = await rowsOf<{ external_id: string; raw_type: string; district: string | null }>(
      database,
      'select external_id, raw_type, district from incidents',
    );
    expect(stored!.external_id).toBe('A\uFFFD1');
    expect(stored!.raw_type).toContain('\uFFFD');
    expect(stored!.raw_type).not.toContain('\u0000');
    const [batch] = await rowsOf<{ actor: string; errors: { reason: string }[] }>(
      database,
      'select actor, errors from ingest_batches where id = $1',
      [summary.batchId],
    );
    expect(batch!.actor).toMatch(/^token rms-export \(id \d+\)$/);
    expect(batch!.errors[0]!.reason).toContain('\uFFFD');
    const [entry] = await readAudit(database, { actor: 'rms-export' });
    expect(entry).toMatchObject({ action: 'POST /v1/incidents', outcome: '200' });
    expect(entry!.requestId).toBe(response.headers.get('x-request-id'));
  });

  test('a change whose audit entry cannot be written is not made, and answers 503 with its request id', async () => {
    const database = await freshDatabase(kind);
    const token = await createToken(database, 'rms-export', ['admin']);
    const headers = { authorization: `Bearer ${token}` };
    const { lines, log } = captureLog();
    const retrain = RetrainQueue.for(database, TEST_FORECAST_SETTINGS, silentLogger());
    const api = testApi(database, { apiToken: undefined, retrain, log });
    await refuseAuditInserts(database);
    const before = await counts(database);

    const imported = await api.request('/v1/incidents?source=rms', {
      method: 'POST',
      body: CSV,
      headers: { ...headers, 'content-type': 'text/csv' },
    });
    const retrained = await api.request('/v1/models/retrain', { method: 'POST', headers });
    for (const response of [imported, retrained]) {
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('30');
      expect((await bodyOf(response)).error).toBe(
        `the change could not be recorded in the audit log, so nothing was changed; try again shortly (request ${response.headers.get('x-request-id')})`,
      );
    }
    await retrain.idle();
    expect(await counts(database)).toEqual(before);
    // The command line's changes too: a token, a revocation, a batch deletion.
    const cli = {
      actorKind: 'cli' as const,
      actor: 'cli',
      action: 'token create',
      params: {},
      outcome: 'ok',
    };
    await expect(createToken(database, 'nightly', ['read'], cli)).rejects.toBeInstanceOf(AuditUnwritable);
    await expect(revokeToken(database, 'rms-export', new Date(), cli)).rejects.toBeInstanceOf(
      AuditUnwritable,
    );
    expect(await counts(database)).toEqual(before);
    expect((await api.request('/v1/models', { headers })).status).toBe(200);

    // A read still answers; its missing entry is an error in the log and a gap in /readyz (as are the
    // two refused changes' own entries of their 503s, and the read above).
    const read = await api.request('/v1/models', { headers });
    expect(read.status).toBe(200);
    const ready = (await bodyOf(await api.request('/readyz'))) as {
      status: string;
      auditGaps?: { count: number; last: { requestId: string } };
    };
    expect(ready.status).toBe('degraded');
    expect(ready.auditGaps).toMatchObject({
      count: 4,
      last: { requestId: read.headers.get('x-request-id') },
    });
    const text = lines.join('');
    for (const response of [imported, retrained, read])
      expect(text).toContain(response.headers.get('x-request-id'));
    const logged = lines.map(
      (l) => JSON.parse(l) as { level: number; requestId?: string; status?: number; msg: string },
    );
    expect(logged).toContainEqual(
      expect.objectContaining({ level: 50, requestId: imported.headers.get('x-request-id'), status: 503 }),
    );
  });

  test('a batch deletion is recorded with it, or not made', async () => {
    const database = await freshDatabase(kind);
    const token = await createToken(database, 'rms-export', ['ingest']);
    const api = testApi(database, { apiToken: undefined });
    const imported = await api.request('/v1/incidents?source=rms', {
      method: 'POST',
      body: CSV,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    });
    const { batchId } = (await bodyOf(imported)) as { batchId: string };
    const entry = {
      actorKind: 'cli' as const,
      actor: 'cli',
      action: 'batch delete',
      params: {},
      outcome: 'ok',
    };
    await refuseAuditInserts(database);
    await expect(deleteBatch(database, batchId, entry)).rejects.toBeInstanceOf(AuditUnwritable);
    expect((await counts(database)).incidents).toBe(1);
    await database.query('drop trigger refuse_audit on audit_log');
    expect(await deleteBatch(database, batchId, entry)).toEqual({ removed: 1, source: 'rms' });
    const [recorded] = await readAudit(database, { actor: 'cli' });
    expect(recorded).toMatchObject({ action: 'batch delete', params: { source: 'rms', removed: 1 } });
  });
});

test('every refusal and failure leaves one log line naming its request id, route, status and reason', async () => {
  const database = await freshDatabase('pglite');
  const { lines, log } = captureLog();
  const api = testApi(database, { log });
  const responses = [
    await api.request('/v1/models'),
    await api.request('/v1/hotspots.geojson?top=0', { headers: { authorization: 'Bearer pc_nope' } }),
    await api.request('/v1/nothing-here'),
  ];
  await database.close();
  responses.push(await api.request('/v1/jobs', { headers: { authorization: `Bearer ${'x'.repeat(30)}` } }));
  const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  for (const response of responses) {
    expect(response.status).toBeGreaterThanOrEqual(400);
    const id = response.headers.get('x-request-id');
    const mine = logged.filter(
      (l) => l.requestId === id && (l.msg === 'request refused' || l.msg === 'request failed'),
    );
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ status: response.status, route: expect.stringMatching(/^\/v1\//) });
    expect(mine[0]!.reason).toEqual(expect.any(String));
  }
});
