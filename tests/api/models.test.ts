import { expect, test } from 'vitest';
import { createToken } from '../../src/auth/tokens.ts';
import { loadDemoData } from '../../src/demo/load.ts';
import { RetrainQueue } from '../../src/forecast/retrain-queue.ts';
import { silentLogger } from '../../src/log.ts';
import { bodyOf, TEST_FORECAST_SETTINGS, testApi } from '../helpers/api.ts';
import { freshDatabase } from '../helpers/databases.ts';

test('retraining through the API answers at once, queues a second run, and records the outcome', async () => {
  const database = await freshDatabase('pglite');
  const retrain = new RetrainQueue(database, TEST_FORECAST_SETTINGS, silentLogger());
  const api = testApi(database, { apiToken: undefined, retrain });
  const analyst = await createToken(database, 'analyst', ['retrain', 'read']);
  const headers = { authorization: `Bearer ${analyst}` };
  const bad = await api.request('/v1/models/retrain?algorithm=naive', { method: 'POST', headers });
  expect(bad.status).toBe(400);
  expect((await bodyOf(bad)).error).toMatch(/^algorithm: /);

  const models = async () =>
    (
      (await bodyOf(await api.request('/v1/models', { headers }))) as {
        models: {
          status: string;
          failure: string | null;
          actor: string | null;
          metrics: { choice?: { chosen: string } };
        }[];
      }
    ).models;

  // With nothing to learn from, the attempt is recorded as failed.
  const started = await api.request('/v1/models/retrain', { method: 'POST', headers });
  expect(started.status).toBe(202);
  expect(await bodyOf(started)).toEqual({ status: 'training', algorithm: 'auto' });
  await retrain.idle();
  expect(await models()).toEqual([
    expect.objectContaining({
      status: 'failed',
      failure: expect.stringMatching(/^no incidents are stored yet: import an export/),
    }),
  ]);

  // With data, it trains (seconds); a second request meanwhile waits its turn, told what it waits for;
  // both finish, one model is active, and each names the token that asked for it.
  await loadDemoData(database, {
    days: 430,
    seed: 5,
    timeZone: TEST_FORECAST_SETTINGS.timeZone,
    h3Resolution: 9,
  });
  expect((await api.request('/v1/models/retrain', { method: 'POST', headers })).status).toBe(202);
  const again = await api.request('/v1/models/retrain', { method: 'POST', headers });
  expect(again.status).toBe(202);
  expect(await bodyOf(again)).toEqual({
    status: 'queued',
    algorithm: 'auto',
    behind: expect.stringMatching(/^the auto training asked by token analyst \(id 1\), running for \d+ min$/),
  });
  await retrain.idle();
  const listed = await models();
  expect(listed).toHaveLength(3);
  expect(listed.slice(0, 2).filter((m) => m.status === 'active')).toHaveLength(1);
  expect(listed[2]!.status).toBe('failed');
  for (const m of listed) expect(m.actor).toBe('token analyst (id 1)');
  // Which method was kept, and why, is part of the registry.
  expect(listed[1]!.metrics.choice).toMatchObject({
    candidates: ['ewma', 'forest'],
    chosen: expect.stringMatching(/^(ewma|forest)$/),
    why: expect.stringContaining('held-out days'),
  });
}, 120_000);

test('CORS headers only for configured origins; bodies where none belong are refused', async () => {
  const database = await freshDatabase('pglite');
  const closed = testApi(database);
  const preflight = {
    method: 'OPTIONS',
    headers: { origin: 'https://dash.example.org', 'access-control-request-method': 'GET' },
  };
  const none = await closed.request('/v1/jobs', preflight);
  expect(none.headers.get('access-control-allow-origin')).toBeNull();

  const open = testApi(database, { corsOrigins: ['https://dash.example.org'] });
  const allowed = await open.request('/v1/jobs', preflight);
  expect(allowed.headers.get('access-control-allow-origin')).toBe('https://dash.example.org');
  const other = await open.request('/v1/jobs', {
    ...preflight,
    headers: { ...preflight.headers, origin: 'https://evil.example.com' },
  });
  expect(other.headers.get('access-control-allow-origin')).toBeNull();

  const stuffed = await closed.request('/v1/jobs', {
    method: 'POST',
    body: 'x'.repeat(1024 * 1024),
    headers: { 'content-type': 'text/plain' },
  });
  expect(stuffed.status).toBe(413);
  expect(await bodyOf(stuffed)).toEqual({ error: 'the body is larger than 64 KB' });
});
