import { expect, test } from 'vitest';
import { readAudit } from '../../src/audit/audit-log.ts';
import { createToken, revokeToken, type Scope } from '../../src/auth/tokens.ts';
import { bodyOf, testApi } from '../helpers/api.ts';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { rowsOf } from '../helpers/rows.ts';

// Every protected route, with the scope it needs.
const ROUTES: { method: string; path: string; scope: Scope }[] = [
  { method: 'POST', path: '/v1/incidents', scope: 'ingest' },
  { method: 'GET', path: '/v1/ingest/batches/00000000-0000-4000-8000-000000000000', scope: 'read' },
  { method: 'GET', path: '/v1/hotspots.geojson', scope: 'read' },
  { method: 'GET', path: '/v1/jobs', scope: 'read' },
  { method: 'GET', path: '/v1/audit', scope: 'admin' },
  { method: 'GET', path: '/v1/models', scope: 'read' },
  { method: 'GET', path: '/v1/reports/fairness', scope: 'read' },
  // An unknown algorithm: the scope is checked first, then the query (400), so nothing trains here.
  { method: 'POST', path: '/v1/models/retrain?algorithm=none', scope: 'retrain' },
];

const call = (api: ReturnType<typeof testApi>, route: (typeof ROUTES)[number], token?: string) =>
  api.request(route.path, {
    method: route.method,
    ...(route.path === '/v1/incidents'
      ? { body: 'occurred_at,lat,lon,type\n', headers: { 'content-type': 'text/csv' } }
      : {}),
    ...(token
      ? {
          headers: {
            authorization: `Bearer ${token}`,
            ...(route.path === '/v1/incidents' ? { 'content-type': 'text/csv' } : {}),
          },
        }
      : {}),
  });

describeEachDatabase('API tokens', (kind) => {
  test('every route: 401 without a token or with a revoked one, 403 without its scope, served with it', async () => {
    const database = await freshDatabase(kind);
    const api = testApi(database, { apiToken: undefined });
    const reader = await createToken(database, 'dashboard', ['read']);
    const feeder = await createToken(database, 'rms-export', ['ingest']);
    const admin = await createToken(database, 'ops', ['admin']);
    const trainer = await createToken(database, 'analyst', ['retrain']);
    const gone = await createToken(database, 'old-laptop', ['admin']);
    expect(await revokeToken(database, 'old-laptop')).toBe(true);
    for (const route of ROUTES) {
      for (const token of [undefined, gone, 'pc_not-a-token']) {
        const response = await call(api, route, token);
        expect([route.path, response.status]).toEqual([route.path, 401]);
        expect(await bodyOf(response)).toEqual({ error: expect.stringMatching(/bearer token/) });
      }
      const lacking = route.scope === 'read' ? feeder : reader;
      const refused = await call(api, route, lacking);
      expect([route.path, refused.status]).toEqual([route.path, 403]);
      expect(await bodyOf(refused)).toEqual({ error: `this token lacks the ${route.scope} scope` });
      const allowed = await call(
        api,
        route,
        route.scope === 'ingest'
          ? feeder
          : route.scope === 'read'
            ? reader
            : route.scope === 'retrain'
              ? trainer
              : admin,
      );
      expect([route.path, [401, 403].includes(allowed.status)]).toEqual([route.path, false]);
      // admin may do everything.
      expect([401, 403].includes((await call(api, route, admin)).status)).toBe(false);
    }
  });

  test('a scope this version does not know (written by a newer one) grants nothing; the known ones still work', async () => {
    const database = await freshDatabase(kind);
    const api = testApi(database, { apiToken: undefined });
    const token = await createToken(database, 'kiosk', ['read']);
    await database.query(
      `update api_tokens set scopes = '["read", "superuser"]'::jsonb where name = 'kiosk'`,
    );
    const as = (path: string) => api.request(path, { headers: { authorization: `Bearer ${token}` } });
    expect((await as('/v1/models')).status).toBe(200);
    expect((await as('/v1/audit')).status).toBe(403);
  });

  test('tokens are stored only as digests, and each call is audited under the token name', async () => {
    const database = await freshDatabase(kind);
    const token = await createToken(database, 'dashboard', ['read']);
    expect(token).toMatch(/^pc_[\w-]{43}$/);
    const stored = await rowsOf<{ token_hash: string }>(database, 'select token_hash from api_tokens');
    expect(stored[0]!.token_hash).not.toContain(token.slice(3));
    await expect(createToken(database, 'dashboard', ['read'])).rejects.toThrow(/exists already/);
    const api = testApi(database, { apiToken: undefined });
    const response = await api.request('/v1/jobs?verbose=1', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    // Security headers on every response.
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    await api.request('/v1/jobs');
    const entries = await readAudit(database);
    expect(entries.map((e) => [e.actorKind, e.actor, e.action, e.params, e.outcome])).toEqual([
      ['token', 'anonymous', 'GET /v1/jobs', {}, '401'],
      ['token', 'dashboard', 'GET /v1/jobs', { verbose: '1' }, '200'],
    ]);
    const [{ last_used_at }] = (await rowsOf<{ last_used_at: Date | null }>(
      database,
      'select last_used_at from api_tokens',
    )) as [{ last_used_at: Date | null }];
    expect(last_used_at).not.toBeNull();
    expect(JSON.stringify(entries)).not.toContain(token);
  });
});

test('a token over its rate gets 429 with Retry-After; others are not held back', async () => {
  const database = await freshDatabase('pglite');
  const api = testApi(database, { apiToken: undefined, ratePerMinute: 6 });
  const busy = await createToken(database, 'busy-script', ['read']);
  const calm = await createToken(database, 'dashboard', ['read']);
  const statuses: number[] = [];
  for (let i = 0; i < 3; i++) {
    statuses.push((await api.request('/v1/jobs', { headers: { authorization: `Bearer ${busy}` } })).status);
  }
  // A burst of one (6 a minute) then one every 10 s.
  expect(statuses).toEqual([200, 429, 429]);
  const limited = await api.request('/v1/jobs', { headers: { authorization: `Bearer ${busy}` } });
  expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(await bodyOf(limited)).toEqual({ error: 'too many requests for this token; slow down' });
  expect((await api.request('/v1/jobs', { headers: { authorization: `Bearer ${calm}` } })).status).toBe(200);
});

describeEachDatabase('refused callers', (kind) => {
  test('secrets in a query string never reach the audit log, even for a refused call', async () => {
    const database = await freshDatabase(kind);
    const api = testApi(database, { apiToken: undefined });
    const admin = await createToken(database, 'ops', ['admin']);
    await api.request('/v1/jobs?token=pc_leaked&password=hunter2&api_key=k-123&when=tonight');
    await api.request('/v1/jobs?access_token=pc_leaked2', { headers: { authorization: `Bearer ${admin}` } });
    const entries = await readAudit(database);
    const text = JSON.stringify(entries);
    for (const secret of ['pc_leaked', 'hunter2', 'k-123', 'pc_leaked2']) expect(text).not.toContain(secret);
    expect(entries.find((e) => e.outcome === '401')?.params).toEqual({
      token: '[redacted]',
      password: '[redacted]',
      api_key: '[redacted]',
      when: 'tonight',
    });
  });

  test('a flood of wrong tokens from one address is cut off with 429 and writes a bounded audit trail', async () => {
    const database = await freshDatabase(kind);
    const api = testApi(database, { apiToken: undefined, refusalsPerMinute: 30 });
    const reader = await createToken(database, 'dashboard', ['read']);
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) {
      const response = await api.request('/v1/jobs', { headers: { authorization: `Bearer pc_guess-${i}` } });
      statuses.push(response.status);
    }
    // A burst of half the minute's allowance is answered 401 (one more every 2 s on a slow machine); the
    // rest of the flood gets 429, and only the 401s are in the audit log.
    const refused = statuses.filter((s) => s === 401).length;
    expect(refused).toBeGreaterThanOrEqual(15);
    expect(refused).toBeLessThanOrEqual(20);
    expect(statuses.filter((s) => s === 429).length).toBe(200 - refused);
    const refusedRows = (await readAudit(database, { limit: 1000 })).filter((e) => e.actor === 'anonymous');
    expect(refusedRows.length).toBe(refused);
    // A caller with a valid token is served all the same.
    expect((await api.request('/v1/jobs', { headers: { authorization: `Bearer ${reader}` } })).status).toBe(
      200,
    );
  });
});
