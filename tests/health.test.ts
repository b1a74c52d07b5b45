import { expect, test } from 'vitest';
import { appliedMigrations, migrate, shippedMigrations } from '../src/db/migrate.ts';
import { testApi } from './helpers/api.ts';
import { describeEachDatabase, freshDatabase } from './helpers/databases.ts';

describeEachDatabase('health and readiness', (kind) => {
  test('an unmigrated database is not ready; after migrate it is', async () => {
    const database = await freshDatabase(kind, { migrated: false });
    const api = testApi(database);

    const live = await api.request('/healthz');
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });

    const before = await api.request('/readyz');
    expect(before.status).toBe(503);
    expect(await before.json()).toMatchObject({ status: 'unavailable', migrations: { applied: 0 } });

    await migrate(database);
    const after = await api.request('/readyz');
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual({
      status: 'ok',
      database: 'ok',
      migrations: { applied: shippedMigrations(), shipped: shippedMigrations() },
    });
  });

  test('migrating twice changes nothing the second time', async () => {
    const database = await freshDatabase(kind);
    const applied = await appliedMigrations(database);
    await migrate(database);
    expect(await appliedMigrations(database)).toBe(applied);
  });

  test('a database that has gone away makes readyz answer 503, not crash', async () => {
    const database = await freshDatabase(kind);
    const api = testApi(database);
    await database.close();
    const response = await api.request('/readyz');
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'unavailable', database: 'unreachable' });
    expect((await api.request('/healthz')).status).toBe(200);
  });

  test('unknown paths get a JSON 404', async () => {
    const database = await freshDatabase(kind);
    const response = await testApi(database).request('/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'not found' });
  });
});
