// Feeds over the API: admin only, checked whole before anything is stored, every change audited with
// the token; a run answers its counts; a drop folder or a secret file cannot be named from outside.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { readAudit } from '../../src/audit/audit-log.ts';
import { createToken } from '../../src/auth/tokens.ts';
import { bodyOf, testApi } from '../helpers/api.ts';
import { freshDatabase } from '../helpers/databases.ts';
import { SodaServer } from '../helpers/soda-server.ts';

const portal = new SodaServer();
beforeAll(() => portal.start());
afterAll(() => portal.stop());

test('an administrator adds, runs, pauses, resumes and removes a feed over the API; others cannot', async () => {
  const database = await freshDatabase('pglite');
  portal.rows = [
    {
      ':id': 'row-1',
      ':updated_at': '2026-12-01T06:00:00.000Z',
      id: '77',
      date: '2026-11-30T22:15:00.000',
      primary_type: 'THEFT',
      latitude: '41.88',
      longitude: '-87.63',
    },
  ];
  const admin = { authorization: `Bearer ${await createToken(database, 'chief', ['admin'])}` };
  const reader = { authorization: `Bearer ${await createToken(database, 'dashboard', ['read'])}` };
  const api = testApi(database, { apiToken: undefined });
  const send = (method: string, path: string, body?: unknown, headers = admin) =>
    api.request(path, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      headers: { ...headers, 'content-type': 'application/json' },
    });

  expect((await send('GET', '/v1/feeds', undefined, reader)).status).toBe(403);
  expect(
    (await send('POST', '/v1/feeds', { name: 'city', socrata: portal.resourceUrl }, reader)).status,
  ).toBe(403);
  // A path on the server is not for the API to name.
  const folder = await send('POST', '/v1/feeds', { name: 'drop', folder: '/etc' });
  expect(folder.status).toBe(400);
  const secret = await send('POST', '/v1/feeds', {
    name: 'x',
    socrata: portal.resourceUrl,
    appTokenFile: '/etc/shadow',
  });
  expect(secret.status).toBe(400);
  const twoSources = await send('POST', '/v1/feeds', {
    name: 'x',
    socrata: portal.resourceUrl,
    policeUk: 'essex',
  });
  expect((await bodyOf(twoSources)).error).toMatch(/^say where the feed reads from, once/);
  const badCron = await send('POST', '/v1/feeds', {
    name: 'x',
    socrata: portal.resourceUrl,
    schedule: 'hourly',
  });
  expect((await bodyOf(badCron)).error).toMatch(/^the schedule must be a cron expression/);
  const badUrl = await send('POST', '/v1/feeds', { name: 'x', arcgis: 'http://127.0.0.1/not/a/layer' });
  expect((await bodyOf(badUrl)).error).toMatch(/^an ArcGIS feed needs the layer URL/);
  expect(await bodyOf(await send('GET', '/v1/feeds'))).toEqual([]);

  const added = await send('POST', '/v1/feeds', {
    name: 'city',
    socrata: portal.resourceUrl,
    profile: 'chicago',
    schedule: '*/15 * * * *',
    quietHours: 24,
  });
  expect(added.status).toBe(201);
  expect(await bodyOf(added)).toMatchObject({
    name: 'city',
    kind: 'socrata',
    options: { schedule: '*/15 * * * *' },
  });
  const ran = await send('POST', '/v1/feeds/city/run');
  expect(await bodyOf(ran)).toMatchObject({ feed: 'city', received: 1, added: 1, updated: 0, deleted: 0 });
  const listed = (await bodyOf(await send('GET', '/v1/feeds'))) as unknown as Record<string, unknown>[];
  expect(listed).toMatchObject([{ name: 'city', failures: 0, lag: { newest: '2026-12-01T04:15:00.000Z' } }]);
  expect(await bodyOf(await send('POST', '/v1/feeds/city/pause'))).toMatchObject({ paused: true });
  expect(await bodyOf(await send('POST', '/v1/feeds/city/resume'))).toMatchObject({ paused: false });
  expect((await send('POST', '/v1/feeds/nowhere/run')).status).toBe(404);
  expect(await bodyOf(await send('DELETE', '/v1/feeds/city'))).toEqual({ removed: 'city' });
  expect((await send('DELETE', '/v1/feeds/city')).status).toBe(404);

  const changes = (await readAudit(database)).filter((e) => e.action.startsWith('feeds '));
  expect(changes.map((e) => [e.actor, e.action, e.outcome]).reverse()).toEqual([
    ['chief', 'feeds add', 'ok'],
    ['chief', 'feeds pause', 'ok'],
    ['chief', 'feeds resume', 'ok'],
    ['chief', 'feeds remove', 'ok'],
    ['chief', 'feeds remove', 'no such feed'],
  ]);
});
