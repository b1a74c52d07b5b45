import { expect, test } from 'vitest';
import { databaseReplayGuard } from '../../src/auth/replay-guard.ts';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { rowsOf } from '../helpers/rows.ts';

describeEachDatabase('the replay guard', (kind) => {
  test('a key is new once, for every guard over the same database', async () => {
    const database = await freshDatabase(kind);
    const one = databaseReplayGuard(database);
    const other = databaseReplayGuard(database);
    expect(await one.firstTime('slack:trigger-1')).toBe(true);
    expect(await one.firstTime('slack:trigger-1')).toBe(false);
    expect(await other.firstTime('slack:trigger-1')).toBe(false);
    expect(await other.firstTime('slack:trigger-2')).toBe(true);
  });

  test('old keys are cleared as requests go by, so the table stays small', async () => {
    const database = await freshDatabase(kind);
    let now = Date.parse('2026-11-29T06:00:00Z');
    const guard = databaseReplayGuard(database, () => now);
    for (let i = 0; i < 150; i++) await guard.firstTime(`old-${i}`);
    now += 11 * 60_000;
    for (let i = 0; i < 50; i++) await guard.firstTime(`new-${i}`);
    const [{ n }] = (await rowsOf<{ n: number }>(
      database,
      'select count(*)::int as n from seen_requests',
    )) as [{ n: number }];
    expect(n).toBe(50);
  });
});
