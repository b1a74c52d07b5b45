// Logs never hold tokens, secrets, connection passwords or incident rows, whatever is passed to them.
import { expect, test } from 'vitest';
import { createToken } from '../../src/auth/tokens.ts';
import { authorised, TEST_TOKEN, testApi } from '../helpers/api.ts';
import { freshDatabase } from '../helpers/databases.ts';
import { captureLog } from '../helpers/log-capture.ts';

const SECRETS = [
  'pc_live-secret',
  'hunter2',
  'xoxb-123-secret',
  'xapp-1-secret',
  'slack-signing-secret',
  'Bearer abc',
];

test('secret fields are redacted wherever they sit in a log line', () => {
  const { lines, log } = captureLog();
  log.info(
    {
      token: 'pc_live-secret',
      apiToken: 'pc_live-secret',
      databaseUrl: 'postgres://patrolcast:hunter2@db/patrolcast',
      headers: { authorization: 'Bearer abc' },
      config: {
        databaseUrl: 'postgres://patrolcast:hunter2@db/patrolcast',
        chat: {
          slack: {
            botToken: 'xoxb-123-secret',
            appToken: 'xapp-1-secret',
            signingSecret: 'slack-signing-secret',
          },
        },
      },
      rows: [{ address: '1 Main St' }],
    },
    'settings',
  );
  const text = lines.join('');
  expect(text).toContain('[redacted]');
  for (const secret of [...SECRETS, '1 Main St']) expect(text).not.toContain(secret);
});

test('API calls, refused and failed ones too, leave no token or row in the log', async () => {
  const database = await freshDatabase('pglite');
  const { lines, log } = captureLog();
  const api = testApi(database, { log });
  const token = await createToken(database, 'rms-export', ['ingest', 'read']);
  const csv = 'occurred_at,lat,lon,type,victim_name\n2026-05-01T10:00:00Z,41.88,-87.63,THEFT,Jane Roe\n';
  await api.request('/v1/incidents?profile=generic', {
    method: 'POST',
    body: csv,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
  });
  await api.request('/v1/jobs', { headers: { authorization: 'Bearer pc_not-a-real-token' } });
  await api.request('/v1/jobs', { headers: authorised() });
  // The database gone: the request answers 503, and the failure is logged with its request id.
  await database.close();
  const failed = await api.request('/v1/hotspots.geojson', { headers: authorised() });
  expect(failed.status).toBe(503);
  const text = lines.join('');
  expect(text).toContain('the database is unavailable');
  expect(text).toContain(failed.headers.get('x-request-id')!);
  for (const secret of [token, TEST_TOKEN, 'pc_not-a-real-token', 'Jane Roe'])
    expect(text).not.toContain(secret);
});

test('a logged error keeps its type, message, code and stack, with any password in it censored', () => {
  const { lines, log } = captureLog();
  class PostgresError extends Error {
    override name = 'PostgresError';
    code = '57P01';
  }
  log.error(
    {
      err: new PostgresError('terminating connection to postgres://pc:hunter2@db/patrolcast'),
      requestId: 'r-1',
    },
    'request failed',
  );
  const line = JSON.parse(lines.join('')) as { err: Record<string, string> };
  expect(line.err).toMatchObject({
    type: 'PostgresError',
    message: 'terminating connection to postgres://pc:[redacted]@db/patrolcast',
    code: '57P01',
  });
  expect(line.err.stack).toContain('logs.test.ts');
  expect(lines.join('')).not.toContain('hunter2');
});
