// Units on duty over the API: read with a read token, set only with admin, checked, and audited with
// the change; coverage reports recorded visits.
import { expect, test } from 'vitest';
import { readAudit } from '../../src/audit/audit-log.ts';
import { createToken } from '../../src/auth/tokens.ts';
import { recordVisits } from '../../src/plan/visits.ts';
import { bodyOf, testApi } from '../helpers/api.ts';
import { freshDatabase } from '../helpers/databases.ts';
import { importPath, tempFile } from '../helpers/import.ts';

const CSV = `id,occurred_at,offense,lat,lon,district
a1,2026-03-01T10:00:00-06:00,theft,41.88,-87.63,District East
a2,2026-03-02T10:00:00-06:00,theft,41.88,-87.63,District East
b1,2026-03-02T23:00:00-06:00,assault,41.91,-87.65,District West
`;

test('units are set by an administrator for a district and shift, refused otherwise, and every change is audited', async () => {
  const database = await freshDatabase('pglite');
  await importPath(database, tempFile('districts.csv', CSV));
  const admin = { authorization: `Bearer ${await createToken(database, 'chief', ['admin'])}` };
  const reader = { authorization: `Bearer ${await createToken(database, 'dashboard', ['read'])}` };
  const api = testApi(database, { apiToken: undefined });
  const put = (body: unknown, headers = admin) =>
    api.request('/v1/units', {
      method: 'PUT',
      body: JSON.stringify(body),
      headers: { ...headers, 'content-type': 'application/json' },
    });

  expect((await put({ district: 'district east', units: 3 }, reader)).status).toBe(403);
  const bad = await put({ district: 'District East', units: 99 });
  expect(bad.status).toBe(400);
  const unknown = await put({ district: 'Distrct Est', units: 2 });
  expect(unknown.status).toBe(400);
  expect((await bodyOf(unknown)).error).toMatch(/did you mean District East\?/);
  const wrongShift = await put({ district: 'District East', units: 2, shift: 'evenig' });
  expect((await bodyOf(wrongShift)).error).toMatch(/^"evenig" is not a shift; did you mean evening\?/);

  const set = await put({ district: 'district east', units: 3 });
  expect(set.status).toBe(200);
  await put({ district: 'District West', units: 1, shift: 'night' });
  const read = await api.request('/v1/units', { headers: reader });
  expect(await bodyOf(read)).toEqual({
    default: 3,
    districts: [
      { district: 'District East', shift: null, units: 3 },
      { district: 'District West', shift: '22:00-06:00', units: 1 },
    ],
  });
  const changes = (await readAudit(database)).filter((e) => e.action === 'units set');
  expect(changes.map((e) => [e.actor, e.params])).toEqual([
    ['chief', { district: 'District West', shift: '22:00-06:00', units: 1 }],
    ['chief', { district: 'District East', shift: 'every shift', units: 3 }],
  ]);
  // One entry per change: the route's own entry is the change's.
  expect(
    (await readAudit(database)).filter((e) => e.action === 'PUT /v1/units').map((e) => e.outcome),
  ).toEqual(['400', '400', '400', '403']);

  await recordVisits(database, [
    {
      platform: 'discord',
      userId: '1234',
      cell: '8928308280fffff',
      district: 'District East',
      unit: 1,
      windowStart: new Date('2026-03-03T04:00:00Z'),
      windowEnd: new Date('2026-03-03T12:00:00Z'),
      visitedAt: new Date('2026-03-03T05:00:00Z'),
      minutes: 20,
    },
  ]);
  const coverage = await api.request('/v1/coverage?from=2026-03-02&to=2026-03-03', { headers: reader });
  expect(await bodyOf(coverage)).toMatchObject({
    visits: 1,
    minutes: 20,
    byDistrict: [{ district: 'District East', places: 1, visits: 1, minutes: 20 }],
    byWindow: [{ windowStart: '2026-03-02 22:00', visits: 1 }],
  });
  expect((await api.request('/v1/coverage?from=2026-03-04&to=2026-03-01', { headers: reader })).status).toBe(
    400,
  );
});
