// The retention job: old incidents and audit entries go when the settings say so, and rate-limit rows of
// callers quiet for a day go always; everything newer stays.
import { expect, test } from 'vitest';
import { recordAudit } from '../../src/audit/audit-log.ts';
import { sharedRateLimiter } from '../../src/auth/shared-rate-limit.ts';
import { jobsOf } from '../helpers/admin-jobs.ts';
import { freshDatabase } from '../helpers/databases.ts';
import { demoBot, demoIncidents } from '../helpers/demo-city.ts';
import { rowsOf } from '../helpers/rows.ts';

test('retention deletes what is older than its settings, and nothing newer', async () => {
  const database = await demoIncidents(await freshDatabase('pglite'));
  const bot = demoBot(database);
  try {
    const now = new Date('2026-06-01T12:00:00Z');
    await recordAudit(
      database,
      { actorKind: 'cli', actor: 'old', action: 'x', params: {}, outcome: 'ok' },
      new Date('2026-01-01T00:00:00Z'),
    );
    await recordAudit(
      database,
      { actorKind: 'cli', actor: 'new', action: 'x', params: {}, outcome: 'ok' },
      new Date('2026-05-31T00:00:00Z'),
    );
    const limiter = sharedRateLimiter(database, 60, 1, () => now.getTime() - 3 * 86_400_000);
    await limiter.take('token:gone-quiet');
    await sharedRateLimiter(database, 60, 1, () => now.getTime()).take('token:busy');
    const count = async (sql: string) => (await rowsOf<{ n: number }>(database, sql))[0]!.n;
    const incidentsBefore = await count('select count(*)::int as n from incidents');
    const work = jobsOf(bot, { retention: { years: 1, auditDays: 90 } });
    const result = await work.retention!(now);
    const older = incidentsBefore - (await count('select count(*)::int as n from incidents'));
    expect(result).toEqual({ incidentsDeleted: older, auditEntriesDeleted: 1, rateLimitsCleared: 1 });
    // The demo holds 430 days: the oldest two months or so are past one year.
    expect(older).toBeGreaterThan(0);
    expect(await count(`select count(*)::int as n from incidents where occurred_at < '2025-05-30'`)).toBe(0);
    expect(await count(`select count(*)::int as n from audit_log where actor = 'new'`)).toBe(1);
    expect(await count(`select count(*)::int as n from rate_limits where key = 'token:busy'`)).toBe(1);
  } finally {
    await bot.close();
  }
}, 120_000);
